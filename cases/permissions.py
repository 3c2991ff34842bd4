"""`access_*` helpers for cases and attributes: 404 for outsiders, 403 for members who may only read."""

from django.http import Http404

from cases.models import Attribute, Case
from coding.models import Role
from coding.permissions import check_role, project_membership


def _access(model, user, project_id, object_id, write):
    membership = project_membership(user, project_id)
    obj = model.objects.filter(project_id=project_id, pk=object_id).first()
    if obj is None:
        raise Http404
    if write:
        check_role(membership, Role.EDITOR)
    return obj


def access_case(user, project_id, case_id, *, write=False) -> Case:
    return _access(Case, user, project_id, case_id, write)


def access_attribute(user, project_id, attribute_id, *, write=False) -> Attribute:
    return _access(Attribute, user, project_id, attribute_id, write)
