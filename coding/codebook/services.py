"""The team codebook's writes: create, edit, archive, move, merge, split and delete codes.

Every change made through a `codebook_*`, `code_archive`/`code_move`/`code_merge`/`code_split` service
leaves a CodebookChange (who, when, before, after; see history.py) so that it can be traced and
restored (restore.py). Services are atomic and lock the rows they change; a refusal raises
ValidationError (or CodeVersionConflict) before anything is written, or rolls back whatever was.
`code_create`/`code_update`/`code_delete` are the plain writes under them, for loaders and tests.
Every write that open coding pages must see is logged there too (coding/codings/revisions.py).
"""

from collections import Counter

from django.db import transaction
from django.db.models import F, Max

from coding import signals
from coding.codebook import errors as codebook_errors
from coding.codebook.errors import (
    MERGE_CHILD_NAME_TAKEN,
    MERGE_INTO_DESCENDANT,
    MERGE_INTO_ITSELF,
    POSITION_NEGATIVE,
    SPLIT_INTO_ITSELF,
    SPLIT_NOT_OF_CODE,
    SPLIT_NOTHING_SELECTED,
    SPLIT_TARGET_MISSING,
    STALE_VERSION,
)
from coding.codebook.history import STATE_FIELDS, code_state, coding_rows_snapshot, record_change
from coding.codebook.selectors import subtree_ids
from coding.codings import revisions
from coding.models import Code, CodebookChange, Coding
from config.validation import field_error, required_text


def _check_parent(project, parent, code=None):
    if parent is None:
        return
    if parent.project_id != project.id:
        raise field_error("parent", codebook_errors.PARENT_OTHER_PROJECT)
    if code is not None and code.pk is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == code.pk:
                raise field_error("parent", codebook_errors.PARENT_IS_DESCENDANT)
            ancestor = ancestor.parent


def _check_sibling_name(project, parent, name, code=None):
    siblings = Code.objects.filter(project=project, parent=parent, name=name)
    if code is not None and code.pk is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        raise field_error("name", codebook_errors.CODE_NAME_TAKEN.format(name=name))


# Tableau 20: hues that stay apart on screen and in print. Every new code used to get the same
# blue, so a codebook drawn on the coding page was a wall of one colour.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
    "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2",
    "#d7b5a6", "#79706e",
)  # fmt: skip


def next_color(*, project) -> str:
    """The palette colour fewest of the project's codes have (the first of those): distinct until
    the palette runs out, then spread evenly."""
    used = Counter(color.lower() for color in Code.objects.filter(project=project).values_list("color", flat=True))
    return min(PALETTE, key=lambda color: (used[color], PALETTE.index(color)))


@transaction.atomic
def code_create(
    *,
    project,
    name,
    parent=None,
    definition="",
    inclusion_criteria="",
    exclusion_criteria="",
    example="",
    color=None,
    order=0,
    is_active=True,
    created_by=None,
) -> Code:
    name = required_text("name", name)
    _check_parent(project, parent)
    _check_sibling_name(project, parent, name)
    color = color or next_color(project=project)
    code = Code(
        project=project,
        parent=parent,
        name=name,
        definition=definition,
        inclusion_criteria=inclusion_criteria,
        exclusion_criteria=exclusion_criteria,
        example=example,
        color=color,
        order=order,
        is_active=is_active,
        created_by=created_by,
    )
    # Uniqueness is checked above with a message naming the code; the database constraint backs it.
    code.full_clean(validate_constraints=False)
    code.save()
    signals.code_named.send(sender=Code, code=code)
    revisions.record_codes(project_id=project.pk, code_ids=[code.pk])
    return code


# What a code's edit may change: the state its history records, and its place in the tree.
CODE_EDITABLE_FIELDS = {*STATE_FIELDS, "parent"}


@transaction.atomic
def code_update(*, code, **fields) -> Code:
    unknown = set(fields) - CODE_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
    parent = fields.get("parent", code.parent)
    name = fields.get("name", code.name)
    _check_parent(code.project, parent, code)
    _check_sibling_name(code.project, parent, name, code)
    for field, value in fields.items():
        setattr(code, field, value)
    code.full_clean(validate_constraints=False)
    code.save()
    if "name" in fields:
        signals.code_named.send(sender=Code, code=code)
    revisions.record_codes(project_id=code.project_id, code_ids=[code.pk])
    return code


@transaction.atomic
def code_delete(*, code) -> None:
    """Delete a code with its whole subtree and their codings."""
    ids = subtree_ids(code)
    codings = list(Coding.objects.filter(code_id__in=ids).values_list("document_id", "id"))
    _delete_subtree(code)
    revisions.record_codings(project_id=code.project_id, codings=codings, deleted=True)
    revisions.record_codes(project_id=code.project_id, code_ids=ids, deleted=True)


def _delete_subtree(code):
    for child in list(code.children.all()):
        _delete_subtree(child)
    code.delete()


Action = CodebookChange.Action


class CodeVersionConflict(Exception):
    """A change sent with a version that is no longer the code's: someone saved in between."""

    def __init__(self, current):
        super().__init__(str(STALE_VERSION))
        self.current = current
        self.message = STALE_VERSION


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
    code = code_create(project=project, created_by=user, **fields)
    record_change(code, Action.CREATE, user, after=code_state(code))
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
    code = code_update(code=code, **fields)
    after = code_state(code)
    if before == after:
        return code
    _bump(code)
    after["version"] = code.version
    record_change(code, action or _action_for(before, after), user, before=before, after=after)
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
        raise field_error("position", POSITION_NEGATIVE)
    code = _lock(code)
    check_version(code, version)
    before = code_state(code)
    code = code_update(code=code, parent=parent)
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
    revisions.record_codes(project_id=code.project_id, code_ids=[sibling.pk for sibling in siblings])
    after = code_state(code)
    if before != after:
        _bump(code)
        after["version"] = code.version
        record_change(code, Action.MOVE, user, before=before, after=after)
    return code


def example_from_coding(*, code, coding, user, base_url="", version=None) -> Code:
    """Make a real coding the code's example: its passage, where it comes from and a link to it."""
    if coding.code_id != code.pk:
        raise field_error("coding", SPLIT_NOT_OF_CODE)
    link = f"{base_url}/projects/{coding.document.project_id}/documents/{coding.document_id}/#{coding.start}"
    example = f"“{coding.quote}” — {coding.document.title}, {link}"
    return codebook_code_update(code=code, user=user, version=version, example=example)


@transaction.atomic
def codebook_code_delete(*, code, user, version=None) -> CodebookChange:
    """Delete a code with its subtree and codings, keeping all of it in history to restore."""
    code = _lock(code)
    check_version(code, version)
    ids = subtree_ids(code)
    by_id = Code.objects.in_bulk(ids)
    snapshot = {
        "codes": [dict(code_state(by_id[pk]), id=pk) for pk in ids],
        "codings": coding_rows_snapshot(Coding.objects.filter(code_id__in=ids).order_by("id")),
    }
    before = code_state(code)
    pk, name, project_id = code.pk, code.name, code.project_id
    code_delete(code=code)
    ghost = Code(pk=None, name=name, project_id=project_id)
    return record_change(ghost, Action.DELETE, user, before=before, snapshot=snapshot, code_ref=pk)


def _move_codings(codings, target):
    """Give `codings` the code `target`; one that would duplicate a coding of target (same
    document, coder and span) collapses into it, its memo appended. Returns (moved, collapsed) ids."""
    collapsed = []
    existing = {
        (row.document_id, row.coder_id, row.start, row.end): row for row in Coding.objects.filter(code=target)
    }
    moved = []
    changed, gone = [], []  # (document id, coding id) for open coding pages
    for coding in codings.select_for_update():
        twin = existing.get((coding.document_id, coding.coder_id, coding.start, coding.end))
        if twin is None:
            moved.append(coding.pk)
            changed.append((coding.document_id, coding.pk))
            continue
        if coding.memo and coding.memo not in twin.memo:
            twin.memo = f"{twin.memo}\n{coding.memo}".strip()
            twin.save(update_fields=["memo", "updated_at"])
            changed.append((twin.document_id, twin.pk))
        collapsed.append(coding.pk)
        gone.append((coding.document_id, coding.pk))
    Coding.objects.filter(pk__in=collapsed).delete()
    Coding.objects.filter(pk__in=moved).update(code=target)
    revisions.record_codings(project_id=target.project_id, codings=changed)
    revisions.record_codings(project_id=target.project_id, codings=gone, deleted=True)
    return moved, collapsed


@transaction.atomic
def code_merge(*, source, target, user) -> Code:
    """Merge `source` into `target`: codings move (identical ones collapse), children move,
    the source's definition is kept in the target's history, and the source goes."""
    if source.pk == target.pk:
        raise field_error("target", MERGE_INTO_ITSELF)
    if target.pk in subtree_ids(source):
        raise field_error("target", MERGE_INTO_DESCENDANT)
    # Lock in id order so that two opposite merges at once cannot deadlock.
    locked = {code.pk: _lock(code) for code in sorted([source, target], key=lambda code: code.pk)}
    source, target = locked[source.pk], locked[target.pk]
    target_children = set(target.children.values_list("name", flat=True))
    for name in source.children.values_list("name", flat=True):
        if name in target_children:
            raise field_error("target", MERGE_CHILD_NAME_TAKEN.format(name=name))
    source_codings = Coding.objects.filter(code=source).order_by("id")
    snapshot = {
        "merged": dict(code_state(source), id=source.pk),
        "codings": coding_rows_snapshot(source_codings),
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
    revisions.record_codes(project_id=target.project_id, code_ids=snapshot["children"])
    revisions.record_codes(project_id=target.project_id, code_ids=[source_ref], deleted=True)
    _bump(target)
    record_change(target, Action.MERGE, user, before=before, after=code_state(target), snapshot=snapshot)
    record_change(
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
        raise field_error("codings", SPLIT_NOTHING_SELECTED)
    codings = Coding.objects.filter(pk__in=coding_ids)
    if codings.exclude(code=source).exists() or codings.count() != len(coding_ids):
        raise field_error("codings", SPLIT_NOT_OF_CODE)
    if target is not None and target.pk == source.pk:
        raise field_error("target", SPLIT_INTO_ITSELF)
    source = _lock(source)
    if target is None:
        if not (new_name or "").strip():
            raise field_error("target", SPLIT_TARGET_MISSING)
        target = codebook_code_create(
            project=source.project, user=user, name=new_name, parent=source.parent, color=source.color
        )
    target = _lock(target)
    moved, collapsed = _move_codings(codings.order_by("id"), target)
    snapshot = {"from": source.pk, "to": target.pk, "moved": moved, "collapsed": collapsed}
    for code in (source, target):
        _bump(code)
        record_change(code, Action.SPLIT, user, after=code_state(code), snapshot=snapshot)
    return target
