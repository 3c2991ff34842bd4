"""The coding pages' change log: writers record what they changed, open pages read what is new.

Every write that open coding pages must see (a coding created, changed or deleted; a code created,
renamed, recoloured, moved, archived or deleted) adds WorkspaceChange rows inside its own
transaction, so the log and the data commit together. A page remembers the last id it has seen
(its revision) and asks only for entries after it; when nothing changed that is one index lookup
that finds nothing, whatever the size of the document.

State lives in the database, not in a process: any number of app servers answer the same way.
"""

from django.db import connection

from coding.models import Project, WorkspaceChange

Kind = WorkspaceChange.Kind


def lock_project(project_id):
    # PostgreSQL hands out ids when rows are inserted, not when they commit: two writers of one
    # project could commit in the other order, and a poll between the commits would move past the
    # earlier id for good. Writers of one project therefore take its row lock (FOR NO KEY UPDATE,
    # which leaves inserts that merely reference the project alone) before adding entries, so
    # their ids rise in commit order. SQLite has one writer at a time and needs no lock.
    if connection.features.has_select_for_update:
        list(Project.objects.select_for_update(no_key=True).filter(pk=project_id).values_list("pk", flat=True))


def record_codings(*, project_id, codings, deleted=False) -> None:
    """Log codings given as (document id, coding id) pairs; `deleted` leaves tombstones."""
    rows = [
        WorkspaceChange(
            project_id=project_id, document_id=document_id, kind=Kind.CODING, object_id=coding_id, deleted=deleted
        )
        for document_id, coding_id in codings
    ]
    if rows:
        lock_project(project_id)
        WorkspaceChange.objects.bulk_create(rows, batch_size=1000)


def record_codes(*, project_id, code_ids, deleted=False) -> None:
    """Log codes of a project's codebook: every open page of the project takes them."""
    rows = [
        WorkspaceChange(project_id=project_id, document=None, kind=Kind.CODE, object_id=code_id, deleted=deleted)
        for code_id in code_ids
    ]
    if rows:
        lock_project(project_id)
        WorkspaceChange.objects.bulk_create(rows, batch_size=1000)


def current_revision(*, project_id) -> int:
    """The last log entry of the project (0 before any): a page that read its data after this
    moment asks for what came after it."""
    last = (
        WorkspaceChange.objects.filter(project_id=project_id).order_by("-id").values_list("id", flat=True).first()
    )
    return last or 0


def changes_after(*, project_id, document_id, revision):
    """What changed for one document's page after `revision`: the new revision, the ids of
    codings and codes changed and of those deleted. One indexed query; entries of the project's
    other documents only move the revision on."""
    entries = (
        WorkspaceChange.objects.filter(project_id=project_id, id__gt=revision)
        .order_by("id")
        .values_list("id", "document_id", "kind", "object_id", "deleted")
    )
    latest = revision
    codings, codes = {}, {}
    for entry_id, entry_document, kind, object_id, deleted in entries:
        latest = entry_id
        if kind == Kind.CODE:
            codes[object_id] = deleted
        elif entry_document == document_id:
            codings[object_id] = deleted
    return latest, codings, codes
