"""Undo from the codebook's history: bring back a deleted or merged-away code with its codings,
or a code's earlier name, definition, colour and place.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from coding.codebook import services as codebook_services
from coding.codebook.errors import CODE_GONE, NOTHING_TO_RESTORE
from coding.codebook.history import STATE_FIELDS, code_state, record_change
from coding.codebook.services import Action, codebook_code_update
from coding.codings import revisions
from coding.models import Code, CodebookChange, Coding, Document
from config.validation import field_error


def _recreate_codes(change, rows, user):
    """Create codes again from snapshot rows (parents first), under their old ids when free."""
    restored = {}
    taken = set(Code.objects.filter(pk__in=[row["id"] for row in rows]).values_list("id", flat=True))
    for row in rows:
        parent_id = row["parent"]
        if parent_id in restored:
            parent = restored[parent_id]
        else:
            parent = Code.objects.filter(project_id=change.project_id, pk=parent_id).first()
        fields = {field: row[field] for field in STATE_FIELDS}
        name = fields.pop("name")
        code = codebook_services.code_create(
            project=change.project, name=name, parent=parent, created_by=user, **fields
        )
        if row["id"] not in taken:
            # Keep the old id so that the code's history and links to it still lead to it.
            old = row["id"]
            Code.objects.filter(pk=code.pk).update(id=old)
            code = Code.objects.get(pk=old)
            # Earlier changes lost their link when the code went; it is the same code again.
            CodebookChange.objects.filter(project_id=change.project_id, code_ref=old).update(code=code)
        restored[row["id"]] = code
    # code_create logged the code under the id it was born with; open pages need the one it keeps.
    revisions.record_codes(project_id=change.project_id, code_ids=[code.pk for code in restored.values()])
    return restored


def _recreate_codings(change, rows, restored):
    documents = set(
        Document.objects.filter(
            project_id=change.project_id, pk__in={row["document"] for row in rows}
        ).values_list("id", flat=True)
    )
    coders = set(
        get_user_model().objects.filter(pk__in={row["coder"] for row in rows}).values_list("id", flat=True)
    )
    created = Coding.objects.bulk_create(
        Coding(
            document_id=row["document"],
            code=restored[row["code"]],
            coder_id=row["coder"],
            start=row["start"],
            end=row["end"],
            quote=row["quote"],
            memo=row["memo"],
        )
        for row in rows
        # Codings of documents or coders deleted since cannot come back.
        if row["document"] in documents and row["coder"] in coders
    )
    revisions.record_codings(
        project_id=change.project_id, codings=[(coding.document_id, coding.pk) for coding in created]
    )


def _restore_deleted(change, user):
    codes = change.snapshot["codes"]
    restored = _recreate_codes(change, codes, user)
    _recreate_codings(change, change.snapshot["codings"], restored)
    top = restored[codes[0]["id"]]
    record_change(top, Action.RESTORE, user, after=code_state(top), snapshot={"from_change": change.pk})
    return top


def _restore_merged(change, user):
    """Undo a merge: the merged code comes back with the codings that moved (those still on the
    code it was merged into), the ones that collapsed, and its children still there."""
    snapshot = change.snapshot
    row, into = snapshot["merged"], snapshot["into"]
    if Code.objects.filter(pk=row["id"]).exists():
        raise field_error("non_field_errors", NOTHING_TO_RESTORE)
    code = _recreate_codes(change, [row], user)[row["id"]]
    moved = Coding.objects.filter(pk__in=snapshot["moved"], code_id=into)
    revisions.record_codings(project_id=change.project_id, codings=list(moved.values_list("document_id", "pk")))
    moved.update(code=code)
    collapsed = set(snapshot["collapsed"])
    _recreate_codings(
        change, [coding for coding in snapshot["codings"] if coding["id"] in collapsed], {row["id"]: code}
    )
    children = Code.objects.filter(project_id=change.project_id, pk__in=snapshot["children"], parent_id=into)
    revisions.record_codes(project_id=change.project_id, code_ids=list(children.values_list("pk", flat=True)))
    children.update(parent=code)
    record_change(code, Action.RESTORE, user, after=code_state(code), snapshot={"from_change": change.pk})
    return code


@transaction.atomic
def change_restore(*, change, user) -> Code:
    """Bring back the state before `change`: a deleted or merged-away code with its codings, or a
    code's earlier definition, name, colour and place."""
    if change.action == Action.DELETE:
        return _restore_deleted(change, user)
    if change.action == Action.MERGE and change.snapshot and "into" in change.snapshot:
        return _restore_merged(change, user)
    if not change.before or "name" not in change.before:
        raise field_error("non_field_errors", NOTHING_TO_RESTORE)
    code = Code.objects.filter(project_id=change.project_id, pk=change.code_ref).first()
    if code is None:
        raise field_error("non_field_errors", CODE_GONE)
    fields = {field: change.before[field] for field in STATE_FIELDS}
    parent_id = change.before["parent"]
    fields["parent"] = Code.objects.filter(project_id=change.project_id, pk=parent_id).first()
    return codebook_code_update(code=code, user=user, action=Action.RESTORE, **fields)
