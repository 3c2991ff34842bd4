"""`access_*` helpers for cases and attributes: 404 for outsiders, 403 for members who may only read."""

from cases.models import Attribute, Case
from coding.models import Role
from coding.permissions import access_in_project


def access_case(user, project_id, case_id, *, write=False) -> Case:
    return access_in_project(Case, user, project_id, case_id, Role.EDITOR, write)[0]


def access_attribute(user, project_id, attribute_id, *, write=False) -> Attribute:
    return access_in_project(Attribute, user, project_id, attribute_id, Role.EDITOR, write)[0]
