"""Pages to import, list, edit, assign and delete documents. Thin: access helpers, forms, services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import organise
from cases.selectors import case_list
from coding.documents import selectors as document_selectors
from coding.documents import services
from coding.documents.api import original_response
from coding.documents.forms import DocumentEditForm, ImportForm, extra_metadata_as_lines
from coding.models import Role, role_at_least
from coding.page_access import page
from coding.permissions import access_document, access_project


@page
def document_import(request, project_id):
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    results = None
    form = ImportForm(project=project)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            results = services.documents_import(
                project=project,
                uploads=form.cleaned_data["files"],
                created_by=request.user,
                encoding=form.cleaned_data["encoding"],
                case=form.cleaned_data["case"],
            )
            form = ImportForm(project=project, initial={"encoding": form.cleaned_data["encoding"]})
    return render(
        request,
        "coding/document_import.html",
        {
            "project": project,
            "membership": membership,
            "form": form,
            "results": results,
            "imported_count": sum(1 for result in results or [] if result.imported),
        },
    )


@page
def document_list(request, project_id):
    """All documents with their metadata; editors select some and assign them to a case."""
    project, membership = access_project(request.user, project_id)
    can_edit = role_at_least(membership.role, Role.EDITOR)
    if request.method == "POST":
        project, membership = access_project(request.user, project_id, role=Role.EDITOR)
        case_id = request.POST.get("case") or None
        try:
            count = organise.documents_assign(
                project=project, document_ids=request.POST.getlist("documents"), case_id=case_id
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d documents assigned.") % {"count": count})
        return redirect("project-documents", project_id=project.pk)
    documents = document_selectors.document_list(project=project).select_related("case")
    return render(
        request,
        "coding/document_list.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": can_edit,
            "documents": documents,
            "cases": case_list(project=project),
        },
    )


@page
def document_edit(request, project_id, document_id):
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    document = access_document(request.user, project_id, document_id, write=True)
    initial = {
        "title": document.title,
        "interview_id": document.interview_id,
        "interview_date": document.interview_date,
        "place": document.place,
        "interviewee_role": document.interviewee_role,
        "language": document.language,
        "extra_metadata": extra_metadata_as_lines(document.extra_metadata),
        "case": document.case,
    }
    form = DocumentEditForm(initial=initial, project=project)
    if request.method == "POST":
        form = DocumentEditForm(request.POST, project=project)
        if form.is_valid():
            try:
                services.document_update(document=document, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Document saved."))
                return redirect("project-documents", project_id=project.pk)
    return render(
        request,
        "coding/document_edit.html",
        {"project": project, "membership": membership, "document": document, "form": form},
    )


@page
def document_delete(request, project_id, document_id):
    """Confirm first, showing the codings that will go with the document."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    document = access_document(request.user, project_id, document_id, write=True)
    if request.method == "POST":
        title = document.title
        services.document_delete(document=document)
        messages.success(request, _("“%(title)s” deleted.") % {"title": title})
        return redirect("project-documents", project_id=project.pk)
    codings_by_code = (
        document.codings.values("code__name").annotate(count=Count("id")).order_by("-count", "code__name")
    )
    codings_by_coder = (
        document.codings.values("coder__username").annotate(count=Count("id")).order_by("coder__username")
    )
    return render(
        request,
        "coding/document_delete.html",
        {
            "project": project,
            "membership": membership,
            "document": document,
            "codings_count": document.codings.count(),
            "codings_by_code": codings_by_code,
            "codings_by_coder": codings_by_coder,
        },
    )


@page
def document_original(request, project_id, document_id):
    return original_response(access_document(request.user, project_id, document_id))
