"""Reads for documents."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Length

from coding.models import Coding, Document


def with_length_and_codings(documents):
    """Annotate documents with `length` (code points) and `codings_count`.

    The count is a subquery per document, not a join with the codings grouped by document: with
    the join, the database computes the length of the text once per coding (on SQLite, two
    200,000-character transcripts with 10,500 codings took 25 s to list)."""
    codings = (
        Coding.objects.filter(document=OuterRef("pk")).order_by().values("document").annotate(n=Count("*")).values("n")
    )
    return documents.annotate(
        length=Length("text"), codings_count=Coalesce(Subquery(codings, output_field=IntegerField()), 0)
    )


def document_list(*, project):
    """Documents without their text, with length in code points and number of codings."""
    documents = Document.objects.filter(project=project).defer("text").select_related("created_by")
    return with_length_and_codings(documents).order_by("title", "id")
