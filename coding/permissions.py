"""Who may see and change what. Every fetch from a request goes through one `access_*` helper.

Outsiders get 404 for anything in a project, so that a project's existence does not leak; members
whose role is too low for a change get 403.
"""

from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from coding.errors import NOT_YOUR_CODING, PROJECT_ARCHIVED, ROLE_TOO_LOW
from coding.models import Code, Coding, Document, Membership, Role, role_at_least


def project_membership(user, project_id) -> Membership:
    """The user's membership of a project, or 404 for anyone who is not a member."""
    if not user.is_authenticated:
        raise Http404
    membership = Membership.objects.select_related("project").filter(project_id=project_id, user=user).first()
    if membership is None:
        raise Http404
    return membership


def check_role(membership, minimum):
    if not role_at_least(membership.role, minimum):
        raise PermissionDenied(
            ROLE_TOO_LOW.format(role=Role(membership.role).label, needed=Role(minimum).label)
        )


def check_writable(project):
    """Refuse any change to an archived project, naming the reason (403)."""
    if project.archived_at is not None:
        raise PermissionDenied(PROJECT_ARCHIVED)


def archived_refusal(user, project_id):
    """The archive refusal for a change a member asks of an archived project, else None.

    Outsiders get None: the view itself answers them 404, so an archive never reveals a project.
    """
    if not user.is_authenticated:
        return None
    membership = Membership.objects.select_related("project").filter(project_id=project_id, user=user).first()
    if membership is None or membership.project.archived_at is None:
        return None
    return PROJECT_ARCHIVED


def access_project(user, project_id, *, role=Role.VIEWER):
    """The project and the user's membership, if the user holds at least `role` in it."""
    membership = project_membership(user, project_id)
    check_role(membership, role)
    return membership.project, membership


def access_in_project(model, user, project_id, object_id, write_role, write, select_related=()):
    membership = project_membership(user, project_id)
    obj = model.objects.select_related(*select_related).filter(project_id=project_id, pk=object_id).first()
    if obj is None:
        raise Http404
    if write:
        check_role(membership, write_role)
        check_writable(membership.project)
    return obj, membership


def access_document(user, project_id, document_id, *, write=False) -> Document:
    return access_in_project(Document, user, project_id, document_id, Role.EDITOR, write, ("case",))[0]


def access_code(user, project_id, code_id, *, write=False) -> Code:
    return access_in_project(Code, user, project_id, code_id, Role.EDITOR, write)[0]


def access_membership(user, project_id, membership_id, *, write=False) -> Membership:
    return access_in_project(Membership, user, project_id, membership_id, Role.OWNER, write, ("user",))[0]


def access_coding(user, project_id, coding_id, *, write=False) -> Coding:
    """A coding; coders may change their own, editors and owners anyone's (to settle disagreements)."""
    membership = project_membership(user, project_id)
    coding = (
        Coding.objects.select_related("document", "code", "coder")
        .filter(document__project_id=project_id, pk=coding_id)
        .first()
    )
    if coding is None:
        raise Http404
    if write:
        check_role(membership, Role.CODER)
        check_writable(membership.project)
        if coding.coder_id != user.pk and not role_at_least(membership.role, Role.EDITOR):
            raise PermissionDenied(NOT_YOUR_CODING)
    return coding
