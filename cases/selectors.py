"""Reads for cases and attributes."""

from django.db.models import Count, Prefetch

from cases.models import Attribute, AttributeValue, Case


def case_list(*, project):
    """Cases with their number of documents and their attribute values (two queries in all)."""
    values = AttributeValue.objects.select_related("attribute").order_by("attribute__order", "attribute_id")
    return (
        Case.objects.filter(project=project)
        .annotate(documents_count=Count("documents"))
        .prefetch_related(Prefetch("attribute_values", queryset=values))
        .order_by("name", "id")
    )


def attribute_list(*, project):
    return Attribute.objects.filter(project=project).order_by("order", "name", "id")


def attribute_value_list(*, case):
    return (
        AttributeValue.objects.filter(case=case)
        .select_related("attribute")
        .order_by("attribute__order", "attribute_id")
    )
