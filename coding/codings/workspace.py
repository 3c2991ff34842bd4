"""The coding page's data: everything static/js/workspace/ needs to draw a document and its codings.

The page's HTML carries the shell and a head: the codebook, the first few thousand characters and
their codings, enough to draw the first screen at once. The whole document (text, codebook,
codings, as arrays) comes from `workspace_data`, cached by the browser under an ETag that every
change invalidates; after that the page asks only for what changed (revisions.py).
"""

import hashlib
import json
import threading
from collections import OrderedDict

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from coding import people
from coding.codings import revisions
from coding.codings.selectors import CODE_COLUMNS, CODING_COLUMNS, code_arrays, coding_arrays
from coding.models import Code, Coding, Membership, Role, role_at_least

# The head ends at the first line break after this many characters: more than a tall screen shows.
HEAD_CHARS = 6000


def _head_end(text):
    if len(text) <= HEAD_CHARS:
        return len(text)
    cut = text.find("\n", HEAD_CHARS)
    return len(text) if cut == -1 else cut


def document_workspace(*, document, membership) -> dict:
    """The data the coding page starts from: who, the codebook and the head of the document."""
    project = membership.project
    members = (
        Membership.objects.filter(project=project)
        .order_by("user__username")
        .values("user_id", "user__username", "role", display_name=people.display_name("user__"))
    )
    # Read before the data: a change committed in between is sent again by the first poll.
    revision = revisions.current_revision(project_id=project.pk)
    head_end = _head_end(document.text)
    return {
        "project": project.pk,
        "document": {"id": document.pk, "title": document.title, "length": len(document.text)},
        "me": membership.user_id,
        "role": membership.role,
        "can_code": role_at_least(membership.role, Role.CODER),
        "can_edit_codebook": role_at_least(membership.role, Role.EDITOR),
        "members": [
            {"id": m["user_id"], "username": m["user__username"], "display_name": m["display_name"]}
            for m in members
        ],
        "head": {
            "revision": revision,
            "complete": head_end == len(document.text),
            "text": document.text[:head_end],
            "code_columns": CODE_COLUMNS,
            "codes": code_arrays(project=project),
            "coding_columns": CODING_COLUMNS,
            "codings": coding_arrays(document=document, before=head_end),
        },
        "urls": {
            "codes": reverse("code-list", args=[project.pk]),
            "codings": reverse("coding-list", args=[project.pk]),
            "data": reverse("document-workspace", args=[project.pk, document.pk]),
            "changes": reverse("document-workspace-changes", args=[project.pk, document.pk]),
        },
    }


def workspace_etag(*, document) -> str:
    """A tag that changes with any change to the document's page data.

    The change log's revision covers every logged write; the counts and latest stamps of codings
    and codes also catch writers that bypass the log (bulk imports, auto-coding), so that a
    browser never keeps a stale copy. Three indexed aggregates; the codings' one reads only the
    (document, updated_at) index (COUNT(*), not COUNT(id), so PostgreSQL can too): 2 ms at 10,000
    codings on SQLite where reading the rows took 40-80.
    """
    revision = revisions.current_revision(project_id=document.project_id)
    codings = Coding.objects.filter(document=document).aggregate(n=Count("*"), last=Max("updated_at"))
    codes = Code.objects.filter(project_id=document.project_id).aggregate(n=Count("id"), last=Max("updated_at"))
    parts = f"{document.content_hash}|{codings['n']}|{codings['last']}|{codes['n']}|{codes['last']}"
    digest = hashlib.sha1(parts.encode(), usedforsecurity=False).hexdigest()[:12]
    return f'"{document.pk}-{revision}-{digest}"'


def etag_revision(etag) -> int:
    """The revision inside one of our ETags (the page polls from it)."""
    return int(etag.strip('W/"').split("-")[1])


# The serialised data of the last few documents asked for, by ETag: a tag names exactly one state
# of the data, so any process may answer from its copy (several app servers stay correct).
_BODIES = OrderedDict()
_BODIES_KEPT = 6
_BODIES_LOCK = threading.Lock()


def workspace_data(*, document, etag) -> bytes:
    """The whole document for the coding page as compact JSON: text, codebook and codings."""
    with _BODIES_LOCK:
        body = _BODIES.get(etag)
        if body is not None:
            _BODIES.move_to_end(etag)
            return body
    data = {
        "revision": etag_revision(etag),
        "text": document.text,
        "code_columns": CODE_COLUMNS,
        "codes": code_arrays(project=document.project),
        "coding_columns": CODING_COLUMNS,
        "codings": coding_arrays(document=document),
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    with _BODIES_LOCK:
        _BODIES[etag] = body
        while len(_BODIES) > _BODIES_KEPT:
            _BODIES.popitem(last=False)
    return body


def workspace_changes(*, document, revision) -> dict:
    """What changed on the document's page after `revision`; nothing changed: one query."""
    latest, codings, codes = revisions.changes_after(
        project_id=document.project_id, document_id=document.pk, revision=revision
    )
    alive_codings = [pk for pk, gone in codings.items() if not gone]
    alive_codes = [pk for pk, gone in codes.items() if not gone]
    coding_rows = coding_arrays(document=document, ids=alive_codings) if alive_codings else []
    code_rows = code_arrays(project=document.project_id, ids=alive_codes) if alive_codes else []
    # Logged as changed but no longer there: removed since by a writer that does not log.
    found_codings = {row[0] for row in coding_rows}
    found_codes = {row[0] for row in code_rows}
    return {
        "revision": latest,
        "codings": coding_rows,
        "deleted": [pk for pk in codings if pk not in found_codings],
        "codes": code_rows,
        "deleted_codes": [pk for pk in codes if pk not in found_codes],
    }


def stale_etag(*, document, etag):
    """None if `etag` (an If-Match value) still names the document's data, else the current tag.
    Called inside the write's transaction after taking the project's lock, so that no logged
    write slips in between the check and the write."""
    revisions.lock_project(document.project_id)
    current = workspace_etag(document=document)
    if etag.strip() == "*" or any(tag.strip().removeprefix("W/") == current for tag in etag.split(",")):
        return None
    return current


def workspace_strings() -> dict:
    """Every text the page's scripts show, translated here so that the scripts hold no prose."""
    return {
        "find_code": _("Type to find a code (name or pinyin initials)"),
        "recent": _("Recent"),
        "all_codes": _("All codes"),
        "no_match": _("No code matches."),
        "in_vivo": _("In-vivo code: “{name}”"),
        "create_code": _("New code “{name}”"),
        "applied": _("Applied {code}."),
        "removed": _("Removed {code}."),
        "changed": _("Changed the coding."),
        "undone": _("Undone."),
        "redone": _("Redone."),
        "nothing_to_undo": _("Nothing to undo."),
        "nothing_to_redo": _("Nothing to redo."),
        "coder": _("Coder"),
        "code": _("Code"),
        "memo": _("Memo"),
        "save_memo": _("Save memo"),
        "memo_saved": _("Memo saved."),
        "delete": _("Delete coding"),
        "start": _("Start"),
        "end": _("End"),
        "widen_start": _("Start one character earlier"),
        "narrow_start": _("Start one character later"),
        "narrow_end": _("End one character earlier"),
        "widen_end": _("End one character later"),
        "bounds_to_selection": _("Set bounds to the selected text"),
        "select_text_first": _("Select some text first."),
        "previous": _("Previous coding of this code"),
        "next": _("Next coding of this code"),
        "pin": _("Pin to keys 1–9"),
        "codes": _("Codes"),
        "pin_key": _("Key {key}: {code} (pinned; press to unpin)"),
        "pins_full": _("All nine keys are taken: unpin a code first."),
        "drag_start": _("Drag to move the start of this coding"),
        "drag_end": _("Drag to move the end of this coding"),
        "show_code": _("Show codings of this code"),
        "read_only": _("You can read this document; your role does not allow coding."),
        "no_coding_of_code": _("No visible coding of this code in this document."),
        "close": _("Close"),
        "error": _("Could not save: {message}"),
    }
