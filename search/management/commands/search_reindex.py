from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.services import reindex_stale_documents


class Command(BaseCommand):
    help = "Segment every document not yet segmented with its project's current dictionary."

    def handle(self, *args, **options):
        count = reindex_stale_documents()
        self.stdout.write(_("Re-segmented %(count)d documents.") % {"count": count})
