"""Pages: import a project (preview, then import), and export or back up a project."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coding.models import Role
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
