"""The coding page: a server-rendered shell that static/js/workspace/ draws and edits."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from coding import script_json
from coding.codings import workspace
from coding.permissions import access_document, access_project


@login_required
def document_page(request, project_id, document_id):
    """The coding workspace: a server-rendered shell; static/js/workspace.js draws and edits."""
    _project, membership = access_project(request.user, project_id)
    document = access_document(request.user, project_id, document_id)
    data = workspace.document_workspace(document=document, membership=membership)
    return render(
        request,
        "coding/document.html",
        {
            "project": membership.project,
            "document": document,
            "membership": membership,
            "workspace_json": script_json.json_for_script(data),
            "strings_json": script_json.json_for_script(workspace.workspace_strings()),
        },
    )
