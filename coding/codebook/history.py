"""The codebook's record of changes: a code's state as stored in a CodebookChange, and the
snapshots of codings that let a deletion, merge or split be undone.
"""

from coding.models import CodebookChange

STATE_FIELDS = (
    "name",
    "definition",
    "inclusion_criteria",
    "exclusion_criteria",
    "example",
    "color",
    "order",
    "is_active",
)


def code_state(code) -> dict:
    state = {field: getattr(code, field) for field in STATE_FIELDS}
    state["parent"] = code.parent_id
    state["version"] = code.version
    return state


def record_change(code, action, user, *, before=None, after=None, snapshot=None, code_ref=None):
    return CodebookChange.objects.create(
        project_id=code.project_id,
        code=code if code.pk is not None else None,
        code_ref=code_ref or code.pk,
        code_name=code.name,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        before=before,
        after=after,
        snapshot=snapshot,
    )


def coding_rows_snapshot(codings):
    return [
        {
            "id": row["id"],
            "document": row["document_id"],
            "code": row["code_id"],
            "coder": row["coder_id"],
            "start": row["start"],
            "end": row["end"],
            "quote": row["quote"],
            "memo": row["memo"],
        }
        for row in codings.values("id", "document_id", "code_id", "coder_id", "start", "end", "quote", "memo")
    ]
