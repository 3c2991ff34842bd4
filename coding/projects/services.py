"""Writes for projects and their membership.

Every service is atomic, takes keyword arguments only, checks the rules that span rows and raises
django.core.exceptions.ValidationError with a field name, so that the API answers 400 naming it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from coding.models import Membership, Project, Role
from coding.projects import errors
from config.validation import field_error, required_text


@transaction.atomic
def project_create(*, name, description="", owner) -> Project:
    project = Project(name=required_text("name", name), description=description, created_by=owner)
    project.full_clean()
    project.save()
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    return project


@transaction.atomic
def project_update(*, project, **fields) -> Project:
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    return project


def user_find(*, username_or_email):
    """A user by exact username, or else by e-mail (case-insensitive)."""
    User = get_user_model()
    user = User.objects.filter(username=username_or_email).first()
    if user is None and "@" in username_or_email:
        user = User.objects.filter(email__iexact=username_or_email).first()
    if user is None:
        raise field_error("username", errors.USER_NOT_FOUND.format(username=username_or_email))
    return user


@transaction.atomic
def membership_add(*, project, user, role) -> Membership:
    if Membership.objects.filter(project=project, user=user).exists():
        raise field_error("username", errors.USER_ALREADY_MEMBER.format(username=user.get_username()))
    membership = Membership(project=project, user=user, role=role)
    membership.full_clean()
    membership.save()
    return membership


def _check_keeps_an_owner(membership, new_role=None):
    if membership.role != Role.OWNER or new_role == Role.OWNER:
        return
    others = Membership.objects.filter(project_id=membership.project_id, role=Role.OWNER).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise field_error("role", errors.LAST_OWNER)


@transaction.atomic
def membership_change_role(*, membership, role) -> Membership:
    # Lock the project's owner rows so two owners demoting each other at once cannot leave none.
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership, new_role=role)
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership) -> None:
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership)
    membership.delete()
