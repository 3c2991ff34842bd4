"""Reads of codings: lists, the rows the coding page draws, and what changed since a moment."""

import datetime

from django.db.models import Count
from django.utils import timezone

from coding import people
from coding.codebook.selectors import pinyin_initials
from coding.models import Code, Coding


def coding_list(*, project, document_id=None, code_id=None, coder_id=None):
    codings = (
        Coding.objects.filter(document__project=project)
        .select_related("coder")
        .annotate(coder_display_name=people.display_name("coder__"))
    )
    if document_id is not None:
        codings = codings.filter(document_id=document_id)
    if code_id is not None:
        codings = codings.filter(code_id=code_id)
    if coder_id is not None:
        codings = codings.filter(coder_id=coder_id)
    return codings.order_by("document_id", "start", "end", "id")


# A change committed just after a poll's snapshot can carry an updated_at a little before it
# (the row is stamped when saved, not when the transaction commits): polls look back this far,
# and the browser ignores repeats.
POLL_OVERLAP = datetime.timedelta(seconds=5)


def code_rows(*, project):
    codes = Code.objects.filter(project=project).order_by("parent_id", "order", "name", "id")
    return [
        {
            "id": code.pk,
            "parent": code.parent_id,
            "name": code.name,
            "color": code.color,
            "definition": code.definition,
            "is_active": code.is_active,
            "order": code.order,
            "pinyin": pinyin_initials(code.name),
        }
        for code in codes
    ]


CODING_FIELDS = ("id", "code_id", "coder_id", "start", "end", "memo")


def coding_row(coding) -> dict:
    return {
        "id": coding["id"],
        "code": coding["code_id"],
        "coder": coding["coder_id"],
        "start": coding["start"],
        "end": coding["end"],
        "memo": coding["memo"],
    }


def coding_rows(*, document):
    # values() rather than model instances: 2,000 codings must cost milliseconds, not tens of them.
    return [coding_row(row) for row in Coding.objects.filter(document=document).values(*CODING_FIELDS)]


# The coding page's wire format: arrays in these orders, not objects repeating every key (10,000
# codings as objects are twice the bytes and parse time). static/js/workspace/state.js reads them.
CODE_COLUMNS = ("id", "parent", "name", "color", "definition", "is_active", "order", "pinyin")
CODING_COLUMNS = ("id", "code", "coder", "start", "end", "memo")
_CODING_VALUES = ("id", "code_id", "coder_id", "start", "end", "memo")


def code_arrays(*, project, ids=None):
    codes = Code.objects.filter(project=project)
    if ids is not None:
        codes = codes.filter(pk__in=ids)
    rows = codes.order_by("parent_id", "order", "name", "id").values_list(
        "id", "parent_id", "name", "color", "definition", "is_active", "order"
    )
    return [[*row, pinyin_initials(row[2])] for row in rows]


def coding_arrays(*, document, before=None, ids=None):
    """Codings of a document as arrays; `before`: only those starting before that offset."""
    codings = Coding.objects.filter(document=document)
    if before is not None:
        codings = codings.filter(start__lt=before)
    if ids is not None:
        codings = codings.filter(pk__in=ids)
    return [list(row) for row in codings.values_list(*_CODING_VALUES)]


def coding_changes(*, document, since):
    """Codings of a document changed since a moment (with overlap) and the ids of all that exist.

    Deletions leave no row behind, so the full id list (a few kilobytes for thousands of codings)
    tells the browser which ones are gone without a tombstone table.
    """
    now = timezone.now()
    codings = Coding.objects.filter(document=document)
    changed = codings.filter(updated_at__gte=since - POLL_OVERLAP).values(*CODING_FIELDS)
    return {
        "now": now.isoformat(),
        "changed": [coding_row(row) for row in changed],
        "ids": list(codings.values_list("id", flat=True)),
    }


def codings_per_coder(*, project) -> dict:
    """document id → [(coder's name, number of codings)], for the project home; one query."""
    rows = (
        Coding.objects.filter(document__project=project)
        .values("document_id", "coder_id", "coder__username")
        .annotate(name=people.display_name("coder__"), count=Count("id"))
        .order_by("document_id", "coder__username")
    )
    result = {}
    for row in rows:
        result.setdefault(row["document_id"], []).append((row["name"], row["count"]))
    return result
