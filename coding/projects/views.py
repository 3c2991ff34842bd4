"""Pages of projects: the home page, a project's page and its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import case_list
from coding.archive import allowed_when_archived
from coding.codings import selectors as coding_selectors
from coding.documents import selectors as document_selectors
from coding.models import Role
from coding.page_access import page, posted_id, show_refusal
from coding.permissions import access_membership, access_project, check_writable
from coding.projects import selectors as project_selectors
from coding.projects import services
from coding.projects.forms import CopyCodebookForm, MemberAddForm, ProjectDeleteForm, ProjectForm


@login_required
def home(request):
    """The user's projects, and a form to start a new one (its creator becomes its owner)."""
    form = ProjectForm()
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            try:
                project = services.project_create(owner=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_refusal(request, exc)
            else:
                return redirect("project-home", project_id=project.pk)
    projects = list(project_selectors.project_list_for_user(user=request.user))
    for project in projects:
        project.role_label = Role(project.my_role).label
    return render(request, "coding/home.html", {"projects": projects, "create_form": form})


@login_required
def project_home(request, project_id):
    project, membership = access_project(request.user, project_id)
    documents = list(document_selectors.document_list(project=project))
    per_coder = coding_selectors.codings_per_coder(project=project)
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


@page
def members_page(request, project_id):
    """Owners add members by username or e-mail, change roles and remove them; others read."""
    project, membership = access_project(request.user, project_id)
    is_owner = membership.role == Role.OWNER
    form = MemberAddForm()
    if request.method == "POST":
        project, membership = access_project(request.user, project_id, role=Role.OWNER)
        try:
            _member_change(request, project)
        except ValidationError as exc:
            show_refusal(request, exc)
            form = MemberAddForm(request.POST) if "username" in request.POST else form
        else:
            return redirect("project-members", project_id=project.pk)
    return render(
        request,
        "coding/members.html",
        {
            "project": project,
            "membership": membership,
            "is_owner": is_owner,
            "members": project_selectors.membership_list(project=project),
            "roles": Role.choices,
            "form": form,
        },
    )


def _member_change(request, project):
    if "username" in request.POST:
        form = MemberAddForm(request.POST)
        if not form.is_valid():
            raise ValidationError(" ".join(" ".join(errors) for errors in form.errors.values()))
        typed = form.cleaned_data["username"].strip()
        user = services.user_find(username_or_email=typed)
        services.membership_add(
            project=project, user=user, role=form.cleaned_data["role"], by=request.user, as_typed=typed
        )
        # What was typed, not the username: nothing about the user beyond it (issue 14).
        messages.success(request, _("%(name)s added.") % {"name": typed})
        return
    member = access_membership(request.user, project.pk, posted_id(request.POST.get("member")), write=True)
    if "remove" in request.POST:
        services.membership_remove(membership=member, by=request.user)
        messages.success(request, _("%(name)s removed.") % {"name": member.user.get_username()})
    elif request.POST.get("role") in Role.values:
        services.membership_change_role(membership=member, role=request.POST["role"], by=request.user)
        messages.success(request, _("Role changed."))


@allowed_when_archived
@page
def settings_page(request, project_id):
    """Owners rename, describe, archive or unarchive, and hand over the project; links to delete."""
    project, membership = access_project(request.user, project_id, role=Role.OWNER)
    form = ProjectForm(initial={"name": project.name, "description": project.description})
    if request.method == "POST":
        try:
            response = _settings_change(request, project)
        except ValidationError as exc:
            show_refusal(request, exc)
            if "name" in request.POST:
                form = ProjectForm(request.POST)
        else:
            if response is not None:
                return response
            return redirect("project-settings", project_id=project.pk)
    return render(
        request,
        "coding/project_settings.html",
        {
            "project": project,
            "membership": membership,
            "form": form,
            "others": project_selectors.membership_list(project=project).exclude(user=request.user),
            "copy_form": CopyCodebookForm(initial={"name": _("%(name)s (copy)") % {"name": project.name}}),
        },
    )


def _settings_change(request, project):
    action = request.POST.get("action")
    if action == "unarchive":
        services.project_unarchive(project=project, by=request.user)
        messages.success(request, _("The project is active again."))
        return None
    # The page is let through the archive gate so that it can unarchive; nothing else is allowed.
    check_writable(project)
    if action == "archive":
        services.project_archive(project=project, by=request.user)
        messages.success(request, _("The project is archived: it is read-only until unarchived."))
    elif action == "transfer":
        member = access_membership(
            request.user, project.pk, posted_id(request.POST.get("member")), write=True
        )
        services.project_transfer_ownership(project=project, to_membership=member, by=request.user)
        messages.success(request, _("%(name)s now owns the project.") % {"name": member.user.get_username()})
        return redirect("project-home", project_id=project.pk)
    else:
        form = ProjectForm(request.POST)
        if not form.is_valid():
            raise ValidationError(" ".join(" ".join(errors) for errors in form.errors.values()))
        services.project_update(project=project, **form.cleaned_data)
        messages.success(request, _("Project saved."))
    return None


@allowed_when_archived
@page
def delete_page(request, project_id):
    """What deleting the project takes with it; deleted once its name is typed exactly."""
    project, _membership = access_project(request.user, project_id, role=Role.OWNER)
    form = ProjectDeleteForm()
    if request.method == "POST":
        form = ProjectDeleteForm(request.POST)
        form.is_valid()
        try:
            services.project_delete(project=project, confirm_name=form.cleaned_data.get("confirm_name", ""))
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The project “%(name)s” was deleted.") % {"name": project.name})
            return redirect("home")
    return render(
        request,
        "coding/project_delete.html",
        {
            "project": project,
            "items": project_selectors.project_delete_preview(project=project),
            "form": form,
        },
    )


@allowed_when_archived
@require_POST
@page
def copy_codebook(request, project_id):
    """A new project with this one's code tree; any member may make one (it changes nothing here)."""
    project, _membership = access_project(request.user, project_id)
    form = CopyCodebookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new project a name."))
        return redirect(reverse("project-settings", args=[project.pk]))
    try:
        new = services.project_create_from_codebook(source=project, owner=request.user, **form.cleaned_data)
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("project-home", project_id=project.pk)
    messages.success(request, _("New project made with this codebook."))
    return redirect("project-home", project_id=new.pk)


@page
def activity_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    return render(
        request,
        "coding/project_activity.html",
        {
            "project": project,
            "membership": membership,
            "events": project_selectors.project_activity(project=project)[:500],
        },
    )
