"""Organising documents into cases: bulk assignment, and cases made from a metadata field."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from coding.models import Document

NO_DOCUMENTS_CHOSEN = _("Choose at least one document.")
NO_SUCH_CASE = _("There is no such case in this project.")
NO_SUCH_DOCUMENTS = _("Some of the chosen documents are not in this project.")
UNKNOWN_FIELD = _("“{field}” is not a metadata field of this project's documents.")
BUILT_IN_FIELDS = ("place", "interviewee_role", "interview_id", "interview_date", "language")


def _ids(values):
    try:
        return {int(value) for value in values}
    except (TypeError, ValueError):
        raise ValidationError({"documents": [NO_SUCH_DOCUMENTS]}) from None


@transaction.atomic
def documents_assign(*, project, document_ids, case_id=None) -> int:
    """Put the chosen documents in one case (or in none when case_id is None); all or nothing."""
    ids = _ids(document_ids)
    if not ids:
        raise ValidationError({"documents": [NO_DOCUMENTS_CHOSEN]})
    case = None
    if case_id not in (None, ""):
        try:
            case = Case.objects.get(project=project, pk=int(case_id))
        except (Case.DoesNotExist, TypeError, ValueError):
            raise ValidationError({"case": [NO_SUCH_CASE]}) from None
    documents = Document.objects.filter(project=project, pk__in=ids)
    if documents.count() != len(ids):
        raise ValidationError({"documents": [NO_SUCH_DOCUMENTS]})
    return documents.update(case=case)


def metadata_fields(*, project) -> list[str]:
    """Built-in metadata fields plus the free fields used by the project's documents."""
    extra = set()
    for fields in Document.objects.filter(project=project).values_list("extra_metadata", flat=True):
        extra.update((fields or {}).keys())
    return [*BUILT_IN_FIELDS, *sorted(extra)]


def _value_of(document, field):
    if field in BUILT_IN_FIELDS:
        value = getattr(document, field)
        return value.isoformat() if hasattr(value, "isoformat") else (value or "")
    return str((document.extra_metadata or {}).get(field, "") or "")


@transaction.atomic
def cases_from_metadata(*, project, field, only_without_case=True) -> tuple[list[Case], int]:
    """One case per distinct value of a metadata field (e.g. one per place), documents assigned.

    Existing cases with the same name are reused. Documents already in a case keep it unless
    only_without_case is False. Returns (the cases made, the number of documents assigned).
    """
    if field not in metadata_fields(project=project):
        raise ValidationError({"field": [UNKNOWN_FIELD.format(field=field)]})
    documents = Document.objects.filter(project=project).defer("text")
    if only_without_case:
        documents = documents.filter(case__isnull=True)
    by_value = {}
    for document in documents:
        value = _value_of(document, field).strip()[:200]
        if value:
            by_value.setdefault(value, []).append(document.pk)
    existing = {case.name: case for case in Case.objects.filter(project=project, name__in=by_value)}
    made, assigned = [], 0
    for value in sorted(by_value):
        case = existing.get(value)
        if case is None:
            case = Case.objects.create(project=project, name=value)
            made.append(case)
        assigned += Document.objects.filter(pk__in=by_value[value]).update(case=case)
    return made, assigned
