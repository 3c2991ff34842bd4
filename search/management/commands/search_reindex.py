from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coding.models import Document
from search.services import document_index, reindex_stale_documents


class Command(BaseCommand):
    help = "Segment every document not yet segmented with its project's current dictionary."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Re-segment every document, e.g. after an upgrade that changed the built-in "
            "segmentation (such as interview roles kept whole).",
        )

    def handle(self, *args, **options):
        if options["all"]:
            count = 0
            for document in Document.objects.order_by("pk").iterator(chunk_size=20):
                document_index(document=document)
                count += 1
        else:
            count = reindex_stale_documents()
        self.stdout.write(_("Re-segmented %(count)d documents.") % {"count": count})
