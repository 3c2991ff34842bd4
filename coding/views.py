"""Server-rendered pages. Thin: access helpers for permission, selectors for data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cases.selectors import case_list
from coding import selectors, workspace
from coding.models import Role
from coding.permissions import access_document, access_project


@login_required
def home(request):
    projects = list(selectors.project_list_for_user(user=request.user))
    for project in projects:
        project.role_label = Role(project.my_role).label
    return render(request, "coding/home.html", {"projects": projects})


@login_required
def project_home(request, project_id):
    project, membership = access_project(request.user, project_id)
    documents = list(selectors.document_list(project=project))
    per_coder = workspace.codings_per_coder(project=project)
    for document in documents:
        document.per_coder = per_coder.get(document.pk, [])
    cases = list(case_list(project=project))
    documents_by_case = {case.pk: [] for case in cases}
    without_case = []
    for document in documents:
        documents_by_case.get(document.case_id, without_case).append(document)
    groups = [(case, documents_by_case[case.pk]) for case in cases]
    return render(
        request,
        "coding/project_home.html",
        {
            "project": project,
            "membership": membership,
            "groups": groups,
            "without_case": without_case,
            "documents_count": len(documents),
        },
    )


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
            "workspace_json": workspace.json_for_script(data),
            "strings_json": workspace.json_for_script(workspace.workspace_strings()),
        },
    )
