"""Pages: import a project (preview, then import), export or back up a project, and the notes and sets
an import brought that have no other place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coding.models import Role, role_at_least
from coding.page_access import page
from coding.permissions import access_project
from exchange import selectors, services
from exchange.api import export_filename, qdpx_response, read_upload
from exchange.forms import ExportForm, ProjectImportForm


@page
def import_page(request):
    """Upload a .qdpx: Preview shows what would be created and what is left out; Import creates it."""
    form, report, problems = ProjectImportForm(), None, []
    if request.method == "POST":
        form = ProjectImportForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = "preview" in request.POST
            try:
                data = read_upload(form.cleaned_data["file"])
                project, report = services.project_import(user=request.user, data=data, dry_run=dry_run)
            except ValidationError as exc:
                problems = exc.messages
            else:
                if project is not None:
                    messages.success(
                        request,
                        _("Imported “%(name)s”: %(sources)d documents, %(codes)d codes, %(codings)d codings.")
                        % {
                            "name": project.name,
                            **{k: report["counts"].get(k, 0) for k in ("sources", "codes", "codings")},
                        },
                    )
                    return redirect("project-home", project_id=project.pk)
    return render(request, "exchange/import.html", {"form": form, "report": report, "problems": problems})


@page
def export_page(request, project_id):
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    return render(
        request, "exchange/export.html", {"project": project, "membership": membership, "form": ExportForm()}
    )


@page
def download(request, project_id):
    """The .qdpx itself; `backup=1` names it as a backup (code points, everything)."""
    project, _membership = access_project(request.user, project_id, role=Role.EDITOR)
    form = ExportForm(request.GET or None)
    offsets = form.cleaned_data["offsets"] if form.is_valid() else "codepoints"
    backup = request.GET.get("backup") == "1"
    content = selectors.project_export(project=project, offsets="codepoints" if backup else offsets)
    return qdpx_response(content, export_filename(project, backup=backup))


@page
def notes_page(request, project_id):
    """Every member reads the imported notes and sets; editors and owners may delete them."""
    project, membership = access_project(request.user, project_id)
    context = {
        "project": project,
        "membership": membership,
        "notes": list(selectors.note_list(project=project)),
        "sets": list(selectors.set_list(project=project)),
        "can_delete": role_at_least(membership.role, Role.EDITOR) and not project.is_archived,
    }
    return render(request, "exchange/notes.html", context)


@page
def note_delete(request, project_id, note_id):
    """Confirm first; the note leaves the sets it was in."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    note = selectors.access_note(request.user, project_id, note_id, write=True)
    if request.method == "POST":
        services.note_delete(note=note)
        messages.success(request, _("The note was deleted."))
        return redirect("exchange-notes-page", project_id=project.pk)
    context = {"project": project, "membership": membership, "note": note, "kind": "note"}
    return render(request, "exchange/notes_delete.html", context)


@page
def set_delete(request, project_id, set_id):
    """Confirm first; the set's codes, documents and notes stay."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    item = selectors.access_set(request.user, project_id, set_id, write=True)
    if request.method == "POST":
        services.set_delete(item=item)
        messages.success(request, _("The set was deleted."))
        return redirect("exchange-notes-page", project_id=project.pk)
    context = {"project": project, "membership": membership, "item": item, "kind": "set"}
    return render(request, "exchange/notes_delete.html", context)
