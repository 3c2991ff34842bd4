"""Pages of projects: the home page, a project's page and its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.selectors import case_list
from coding.codings import selectors as coding_selectors
from coding.documents import selectors as document_selectors
from coding.models import Role
from coding.page_access import page, posted_id, show_refusal
from coding.permissions import access_membership, access_project
from coding.projects import selectors as project_selectors
from coding.projects import services
from coding.projects.forms import MemberAddForm


@login_required
def home(request):
    projects = list(project_selectors.project_list_for_user(user=request.user))
    for project in projects:
        project.role_label = Role(project.my_role).label
    return render(request, "coding/home.html", {"projects": projects})


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
        user = services.user_find(username_or_email=form.cleaned_data["username"].strip())
        services.membership_add(project=project, user=user, role=form.cleaned_data["role"])
        messages.success(request, _("%(name)s added.") % {"name": user.get_username()})
        return
    member = access_membership(request.user, project.pk, posted_id(request.POST.get("member")), write=True)
    if "remove" in request.POST:
        services.membership_remove(membership=member)
        messages.success(request, _("%(name)s removed.") % {"name": member.user.get_username()})
    elif request.POST.get("role") in Role.values:
        services.membership_change_role(membership=member, role=request.POST["role"])
        messages.success(request, _("Role changed."))
