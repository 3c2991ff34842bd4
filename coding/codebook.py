"""The team codebook: traceable changes, optimistic locking, merge, split, archive, delete, restore.

Every change goes through here so that it leaves a CodebookChange (who, when, before, after).
Services are atomic and lock the rows they change; a refusal raises ValidationError (or
CodeVersionConflict) before anything is written, or rolls back whatever was.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils.translation import gettext_lazy as _

from coding import services
from coding.models import Code, CodebookChange, Coding, Document

Action = CodebookChange.Action

STALE_VERSION = _(
    "Someone else changed this code since you opened it. Their version is shown; "
    "apply your change again on top of it."
)
MERGE_INTO_ITSELF = _("A code cannot be merged into itself.")
MERGE_INTO_DESCENDANT = _("A code cannot be merged into one of its own descendants.")
MERGE_CHILD_NAME_TAKEN = _("Both codes have a child named “{name}”: rename or merge one of them first.")
SPLIT_NOTHING_SELECTED = _("Select at least one coding to move.")
SPLIT_NOT_OF_CODE = _("Only codings of this code can be split off.")
SPLIT_INTO_ITSELF = _("Choose another code, or a new name, to move the codings to.")
SPLIT_TARGET_MISSING = _("Choose an existing code or give a new name.")
NOTHING_TO_RESTORE = _("This change has no earlier state to restore.")
CODE_GONE = _("This code no longer exists; restore its deletion first.")
POSITION_NEGATIVE = _("The position must be 0 or more.")

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


class CodeVersionConflict(Exception):
    """A change sent with a version that is no longer the code's: someone saved in between."""

    def __init__(self, current):
        super().__init__(str(STALE_VERSION))
        self.current = current
        self.message = STALE_VERSION


def _error(field, message):
    return ValidationError({field: [message]})


def code_state(code) -> dict:
    state = {field: getattr(code, field) for field in STATE_FIELDS}
    state["parent"] = code.parent_id
    state["version"] = code.version
    return state


def _record(code, action, user, *, before=None, after=None, snapshot=None, code_ref=None):
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


def _lock(code) -> Code:
    return Code.objects.select_for_update().select_related("project").get(pk=code.pk)


def _bump(code):
    Code.objects.filter(pk=code.pk).update(version=F("version") + 1)
    code.version += 1


def check_version(code, version):
    # Clients that do not send a version (older scripts, the first API) keep last-write-wins.
    if version is not None and version != code.version:
        raise CodeVersionConflict(code)


@transaction.atomic
def codebook_code_create(*, project, user, **fields) -> Code:
    code = services.code_create(project=project, created_by=user, **fields)
    _record(code, Action.CREATE, user, after=code_state(code))
    return code


def _action_for(before, after):
    changed = {key for key in after if before.get(key) != after.get(key)} - {"version"}
    if changed == {"is_active"}:
        return Action.ARCHIVE if not after["is_active"] else Action.UNARCHIVE
    if changed and changed <= {"parent", "order"}:
        return Action.MOVE
    return Action.UPDATE


@transaction.atomic
def codebook_code_update(*, code, user, version=None, action=None, **fields) -> Code:
    code = _lock(code)
    check_version(code, version)
    before = code_state(code)
    code = services.code_update(code=code, **fields)
    after = code_state(code)
    if before == after:
        return code
    _bump(code)
    after["version"] = code.version
    _record(code, action or _action_for(before, after), user, before=before, after=after)
    return code


def code_archive(*, code, user, version=None) -> Code:
    return codebook_code_update(code=code, user=user, version=version, is_active=False)


def code_unarchive(*, code, user, version=None) -> Code:
    return codebook_code_update(code=code, user=user, version=version, is_active=True)


@transaction.atomic
def code_move(*, code, user, parent, position=None, version=None) -> Code:
    """Put a code under `parent` (None: top level) at `position` among its new siblings (0-based;
    None: last), renumbering the siblings so that orders stay 0, 1, 2…"""
    if position is not None and position < 0:
        raise _error("position", POSITION_NEGATIVE)
    code = _lock(code)
    check_version(code, version)
    before = code_state(code)
    code = services.code_update(code=code, parent=parent)
    siblings = list(
        Code.objects.filter(project_id=code.project_id, parent=parent)
        .exclude(pk=code.pk)
        .order_by("order", "name", "id")
    )
    position = len(siblings) if position is None else min(position, len(siblings))
    siblings.insert(position, code)
    for index, sibling in enumerate(siblings):
        sibling.order = index
    Code.objects.bulk_update(siblings, ["order"])
    after = code_state(code)
    if before != after:
        _bump(code)
        after["version"] = code.version
        _record(code, Action.MOVE, user, before=before, after=after)
    return code


def sibling_index(code) -> tuple[int, int]:
    """The code's place among its siblings (0-based) and how many siblings it has, itself included."""
    ids = list(
        Code.objects.filter(project_id=code.project_id, parent_id=code.parent_id)
        .order_by("order", "name", "id")
        .values_list("id", flat=True)
    )
    return ids.index(code.pk), len(ids)


def example_from_coding(*, code, coding, user, base_url="", version=None) -> Code:
    """Make a real coding the code's example: its passage, where it comes from and a link to it."""
    if coding.code_id != code.pk:
        raise _error("coding", SPLIT_NOT_OF_CODE)
    link = f"{base_url}/projects/{coding.document.project_id}/documents/{coding.document_id}/#{coding.start}"
    example = f"“{coding.quote}” — {coding.document.title}, {link}"
    return codebook_code_update(code=code, user=user, version=version, example=example)


def subtree_ids(code) -> list[int]:
    """The code's id and all its descendants', top-down, from one query over the project's tree."""
    children = {}
    for pk, parent_id in Code.objects.filter(project_id=code.project_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, queue = [], [code.pk]
    while queue:
        pk = queue.pop(0)
        ids.append(pk)
        queue.extend(sorted(children.get(pk, [])))
    return ids


def code_delete_preview(*, code) -> dict:
    """What deleting a code would take with it: its subtree, codings, documents and coders."""
    ids = subtree_ids(code)
    codings = Coding.objects.filter(code_id__in=ids)
    totals = codings.aggregate(
        codings=Count("id"),
        documents=Count("document_id", distinct=True),
        coders=Count("coder_id", distinct=True),
    )
    coders = list(codings.order_by().values_list("coder__username", flat=True).distinct())
    return {
        "codes": len(ids),
        "codings": totals["codings"],
        "documents": totals["documents"],
        "coders": sorted(coders),
    }


def _coding_rows(codings):
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


@transaction.atomic
def codebook_code_delete(*, code, user, version=None) -> CodebookChange:
    """Delete a code with its subtree and codings, keeping all of it in history to restore."""
    code = _lock(code)
    check_version(code, version)
    ids = subtree_ids(code)
    by_id = Code.objects.in_bulk(ids)
    snapshot = {
        "codes": [dict(code_state(by_id[pk]), id=pk) for pk in ids],
        "codings": _coding_rows(Coding.objects.filter(code_id__in=ids).order_by("id")),
    }
    before = code_state(code)
    pk, name, project_id = code.pk, code.name, code.project_id
    services.code_delete(code=code)
    ghost = Code(pk=None, name=name, project_id=project_id)
    return _record(ghost, Action.DELETE, user, before=before, snapshot=snapshot, code_ref=pk)


def _move_codings(codings, target):
    """Give `codings` the code `target`; one that would duplicate a coding of target (same
    document, coder and span) collapses into it, its memo appended. Returns (moved, collapsed) ids."""
    collapsed = []
    existing = {
        (row.document_id, row.coder_id, row.start, row.end): row for row in Coding.objects.filter(code=target)
    }
    moved = []
    for coding in codings.select_for_update():
        twin = existing.get((coding.document_id, coding.coder_id, coding.start, coding.end))
        if twin is None:
            moved.append(coding.pk)
            continue
        if coding.memo and coding.memo not in twin.memo:
            twin.memo = f"{twin.memo}\n{coding.memo}".strip()
            twin.save(update_fields=["memo", "updated_at"])
        collapsed.append(coding.pk)
    Coding.objects.filter(pk__in=collapsed).delete()
    Coding.objects.filter(pk__in=moved).update(code=target)
    return moved, collapsed


@transaction.atomic
def code_merge(*, source, target, user) -> Code:
    """Merge `source` into `target`: codings move (identical ones collapse), children move,
    the source's definition is kept in the target's history, and the source goes."""
    if source.pk == target.pk:
        raise _error("target", MERGE_INTO_ITSELF)
    if target.pk in subtree_ids(source):
        raise _error("target", MERGE_INTO_DESCENDANT)
    # Lock in id order so that two opposite merges at once cannot deadlock.
    locked = {code.pk: _lock(code) for code in sorted([source, target], key=lambda code: code.pk)}
    source, target = locked[source.pk], locked[target.pk]
    target_children = set(target.children.values_list("name", flat=True))
    for name in source.children.values_list("name", flat=True):
        if name in target_children:
            raise _error("target", MERGE_CHILD_NAME_TAKEN.format(name=name))
    source_codings = Coding.objects.filter(code=source).order_by("id")
    snapshot = {
        "merged": dict(code_state(source), id=source.pk),
        "codings": _coding_rows(source_codings),
        "children": list(source.children.values_list("id", flat=True)),
    }
    before = code_state(target)
    moved, collapsed = _move_codings(source_codings, target)
    snapshot.update(moved=moved, collapsed=collapsed)
    start = (target.children.aggregate(last=Max("order"))["last"] or 0) + 1
    for index, child in enumerate(source.children.order_by("order", "name", "id")):
        Code.objects.filter(pk=child.pk).update(parent=target, order=start + index)
    source_ref, source_name = source.pk, source.name
    ghost = Code(pk=None, name=source_name, project_id=source.project_id)
    source.delete()
    _bump(target)
    _record(target, Action.MERGE, user, before=before, after=code_state(target), snapshot=snapshot)
    _record(
        ghost,
        Action.MERGE,
        user,
        before=snapshot["merged"],
        after={"merged_into": target.pk},
        snapshot=dict(snapshot, into=target.pk),
        code_ref=source_ref,
    )
    return target


@transaction.atomic
def code_split(*, source, coding_ids, user, target=None, new_name="") -> Code:
    """Move the chosen codings of `source` to `target`, or to a new sibling code named `new_name`."""
    coding_ids = {int(pk) for pk in coding_ids}
    if not coding_ids:
        raise _error("codings", SPLIT_NOTHING_SELECTED)
    codings = Coding.objects.filter(pk__in=coding_ids)
    if codings.exclude(code=source).exists() or codings.count() != len(coding_ids):
        raise _error("codings", SPLIT_NOT_OF_CODE)
    if target is not None and target.pk == source.pk:
        raise _error("target", SPLIT_INTO_ITSELF)
    source = _lock(source)
    if target is None:
        if not (new_name or "").strip():
            raise _error("target", SPLIT_TARGET_MISSING)
        target = codebook_code_create(
            project=source.project, user=user, name=new_name, parent=source.parent, color=source.color
        )
    target = _lock(target)
    moved, collapsed = _move_codings(codings.order_by("id"), target)
    snapshot = {"from": source.pk, "to": target.pk, "moved": moved, "collapsed": collapsed}
    for code in (source, target):
        _bump(code)
        _record(code, Action.SPLIT, user, after=code_state(code), snapshot=snapshot)
    return target


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
        code = services.code_create(
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
    Coding.objects.bulk_create(
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


def _restore_deleted(change, user):
    codes = change.snapshot["codes"]
    restored = _recreate_codes(change, codes, user)
    _recreate_codings(change, change.snapshot["codings"], restored)
    top = restored[codes[0]["id"]]
    _record(top, Action.RESTORE, user, after=code_state(top), snapshot={"from_change": change.pk})
    return top


def _restore_merged(change, user):
    """Undo a merge: the merged code comes back with the codings that moved (those still on the
    code it was merged into), the ones that collapsed, and its children still there."""
    snapshot = change.snapshot
    row, into = snapshot["merged"], snapshot["into"]
    if Code.objects.filter(pk=row["id"]).exists():
        raise _error("non_field_errors", NOTHING_TO_RESTORE)
    code = _recreate_codes(change, [row], user)[row["id"]]
    Coding.objects.filter(pk__in=snapshot["moved"], code_id=into).update(code=code)
    collapsed = set(snapshot["collapsed"])
    _recreate_codings(
        change, [coding for coding in snapshot["codings"] if coding["id"] in collapsed], {row["id"]: code}
    )
    Code.objects.filter(project_id=change.project_id, pk__in=snapshot["children"], parent_id=into).update(
        parent=code
    )
    _record(code, Action.RESTORE, user, after=code_state(code), snapshot={"from_change": change.pk})
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
        raise _error("non_field_errors", NOTHING_TO_RESTORE)
    code = Code.objects.filter(project_id=change.project_id, pk=change.code_ref).first()
    if code is None:
        raise _error("non_field_errors", CODE_GONE)
    fields = {field: change.before[field] for field in STATE_FIELDS}
    parent_id = change.before["parent"]
    fields["parent"] = Code.objects.filter(project_id=change.project_id, pk=parent_id).first()
    return codebook_code_update(code=code, user=user, action=Action.RESTORE, **fields)


def code_history(*, project, code_ref):
    return CodebookChange.objects.filter(project=project, code_ref=code_ref).select_related("user")


def project_history(*, project):
    return CodebookChange.objects.filter(project=project).select_related("user")


TREE_COUNTS_SQL = """
WITH RECURSIVE tree(ancestor, descendant) AS (
    SELECT id, id FROM coding_code WHERE project_id = %s
    UNION ALL
    SELECT tree.ancestor, child.id FROM tree JOIN coding_code child ON child.parent_id = tree.descendant
)
SELECT tree.ancestor,
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.document_id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN document.case_id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.coder_id END),
       COUNT(DISTINCT coding.id),
       COUNT(DISTINCT coding.document_id),
       COUNT(DISTINCT document.case_id),
       COUNT(DISTINCT coding.coder_id)
FROM tree
LEFT JOIN coding_coding coding ON coding.code_id = tree.descendant
LEFT JOIN coding_document document ON document.id = coding.document_id
GROUP BY tree.ancestor
"""

COUNT_NAMES = (
    "codings",
    "documents",
    "cases",
    "coders",
    "subtree_codings",
    "subtree_documents",
    "subtree_cases",
    "subtree_coders",
)


def codebook_tree(*, project) -> list[Code]:
    """The codebook depth-first, each code with `depth` and its own and subtree counts of codings,
    documents, cases and coders; two queries whatever the size (the counts are one recursive SQL
    aggregation, so distinct documents are not double-counted across a subtree)."""
    codes = list(Code.objects.filter(project=project).order_by("order", "name", "id"))
    with connection.cursor() as cursor:
        cursor.execute(TREE_COUNTS_SQL, [project.pk])
        counts = {row[0]: row[1:] for row in cursor.fetchall()}
    children = {}
    for code in codes:
        code.counts = dict(zip(COUNT_NAMES, counts.get(code.pk, (0,) * 8), strict=True))
        children.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id, depth):
        for code in children.get(parent_id, []):
            code.depth = depth
            code.has_children = code.pk in children
            ordered.append(code)
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered
