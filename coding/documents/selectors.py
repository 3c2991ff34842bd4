"""Reads for documents."""

from django.db.models import Count
from django.db.models.functions import Length

from coding.models import Document


def document_list(*, project):
    """Documents without their text, with length in code points and number of codings."""
    return (
        Document.objects.filter(project=project)
        .defer("text")
        .select_related("created_by")
        .annotate(length=Length("text"), codings_count=Count("codings"))
        .order_by("title", "id")
    )
