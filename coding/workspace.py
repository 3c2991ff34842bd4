"""Reads for the document coding page: everything its scripts need, in a handful of queries.

The page ships the transcript, codebook and codings inside its HTML (one request, no waterfall
of API calls before the first draw); later changes go through the REST API.
"""

import datetime
import json

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from coding.models import Code, Coding, Membership, Role, role_at_least

# A change committed just after a poll's snapshot can carry an updated_at a little before it
# (the row is stamped when saved, not when the transaction commits): polls look back this far,
# and the browser ignores repeats.
POLL_OVERLAP = datetime.timedelta(seconds=5)


def pinyin_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters in a name: 合谋化 → hmh.

    Latin letters and digits are kept as they are (lower-cased) so that mixed names such as
    "QCA 条件" still match; everything else is dropped. Computed at read time: no stored field
    to keep in step with renames.
    """
    initials = []
    for char in name:
        if "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0002ffff":
            initials.append(lazy_pinyin(char, style=Style.FIRST_LETTER)[0].lower())
        elif char.isascii() and char.isalnum():
            initials.append(char.lower())
    return "".join(initials)


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


def document_workspace(*, document, membership) -> dict:
    """The data the coding page starts from."""
    project = membership.project
    members = (
        Membership.objects.filter(project=project)
        .select_related("user")
        .order_by("user__username")
        .values("user_id", "user__username", "role")
    )
    return {
        "project": project.pk,
        "document": {"id": document.pk, "title": document.title, "text": document.text},
        "me": membership.user_id,
        "role": membership.role,
        "can_code": role_at_least(membership.role, Role.CODER),
        "can_edit_codebook": role_at_least(membership.role, Role.EDITOR),
        "members": [{"id": m["user_id"], "username": m["user__username"]} for m in members],
        "codes": code_rows(project=project),
        "codings": coding_rows(document=document),
        "now": timezone.now().isoformat(),
        "urls": {
            "codes": reverse("code-list", args=[project.pk]),
            "codings": reverse("coding-list", args=[project.pk]),
            "changes": reverse("document-codings-changes", args=[project.pk, document.pk]),
        },
    }


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


_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(data) -> str:
    """JSON safe inside <script type="application/json">, with Chinese left unescaped.

    Django's json_script escapes every non-ASCII character as \\uXXXX, tripling the size of a
    Chinese transcript; here only the characters that could end the script element are escaped.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


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
        "show_code": _("Show codings of this code"),
        "read_only": _("You can read this document; your role does not allow coding."),
        "no_coding_of_code": _("No visible coding of this code in this document."),
        "close": _("Close"),
        "error": _("Could not save: {message}"),
    }


def codings_per_coder(*, project) -> dict:
    """document id → [(username, number of codings)], for the project home; one query."""
    rows = (
        Coding.objects.filter(document__project=project)
        .values("document_id", "coder__username")
        .annotate(count=Count("id"))
        .order_by("document_id", "coder__username")
    )
    result = {}
    for row in rows:
        result.setdefault(row["document_id"], []).append((row["coder__username"], row["count"]))
    return result
