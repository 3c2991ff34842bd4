"""The coding page's data: everything static/js/workspace/ needs to draw a document and its codings."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coding.codings.selectors import code_rows, coding_rows
from coding.models import Membership, Role, role_at_least


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
