"""Writes for projects and their membership.

Every service is atomic, takes keyword arguments only, checks the rules that span rows and raises
django.core.exceptions.ValidationError with a field name, so that the API answers 400 naming it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coding.models import Code, Membership, Project, ProjectActivity, Role
from coding.projects import errors
from config.validation import field_error, required_text

Kind = ProjectActivity.Kind


def activity_record(*, project, kind, actor=None, subject=None, subject_name="", old_role="", new_role=""):
    """Add a line to the project's activity list (who joined, changed role, left; by whom, when)."""
    if subject is not None and not subject_name:
        subject_name = subject.get_username()
    return ProjectActivity.objects.create(
        project=project,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        subject_name=subject_name,
        old_role=old_role,
        new_role=new_role,
    )


@transaction.atomic
def project_create(*, name, description="", owner) -> Project:
    project = Project(name=required_text("name", name), description=description, created_by=owner)
    project.full_clean()
    project.save()
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    activity_record(project=project, kind=Kind.JOINED, actor=owner, subject=owner, new_role=Role.OWNER)
    return project


@transaction.atomic
def project_create_from_codebook(*, source, name, description="", owner) -> Project:
    """A new project owned by `owner` with a copy of `source`'s code tree (no documents, no codings)."""
    project = project_create(name=name, description=description, owner=owner)
    codes = list(Code.objects.filter(project=source).order_by("id"))
    by_parent = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    # Level by level, so that each copy's parent already has its new id.
    new_ids = {None: None}
    level = [None]
    while level:
        next_level = []
        for old_parent in level:
            for code in by_parent.get(old_parent, []):
                copy = Code.objects.create(
                    project=project,
                    parent_id=new_ids[old_parent],
                    name=code.name,
                    definition=code.definition,
                    inclusion_criteria=code.inclusion_criteria,
                    exclusion_criteria=code.exclusion_criteria,
                    example=code.example,
                    color=code.color,
                    order=code.order,
                    is_active=code.is_active,
                    created_by=owner,
                )
                new_ids[code.pk] = copy.pk
                next_level.append(code.pk)
        level = next_level
    return project


@transaction.atomic
def project_archive(*, project, by) -> Project:
    if project.archived_at is None:
        project.archived_at = timezone.now()
        project.save(update_fields=["archived_at", "updated_at"])
        activity_record(project=project, kind=Kind.ARCHIVED, actor=by)
    return project


@transaction.atomic
def project_unarchive(*, project, by) -> Project:
    if project.archived_at is not None:
        project.archived_at = None
        project.save(update_fields=["archived_at", "updated_at"])
        activity_record(project=project, kind=Kind.UNARCHIVED, actor=by)
    return project


@transaction.atomic
def project_transfer_ownership(*, project, to_membership, by) -> Membership:
    """`to_membership` becomes an owner; `by`, the owner handing over, stays on as an editor."""
    if to_membership.project_id != project.pk:
        raise field_error("member", errors.TRANSFER_NOT_A_MEMBER)
    if to_membership.user_id == by.pk:
        raise field_error("member", errors.TRANSFER_TO_SELF)
    list(Membership.objects.select_for_update().filter(project=project))
    old_role = to_membership.role
    to_membership.role = Role.OWNER
    to_membership.save(update_fields=["role"])
    activity_record(
        project=project,
        kind=Kind.OWNERSHIP_TRANSFERRED,
        actor=by,
        subject=to_membership.user,
        old_role=old_role,
        new_role=Role.OWNER,
    )
    mine = Membership.objects.filter(project=project, user=by).first()
    if mine is not None and mine.role == Role.OWNER:
        mine.role = Role.EDITOR
        mine.save(update_fields=["role"])
        activity_record(
            project=project,
            kind=Kind.ROLE_CHANGED,
            actor=by,
            subject=by,
            old_role=Role.OWNER,
            new_role=Role.EDITOR,
        )
    return to_membership


@transaction.atomic
def project_delete(*, project, confirm_name) -> None:
    """Delete the project and everything in it, once its exact name has been typed to confirm."""
    if (confirm_name or "").strip() != project.name.strip():
        raise field_error("confirm_name", errors.DELETE_NAME_MISMATCH)
    # A code's parent is protected (a code is never deleted from under its children), so the
    # tree goes leaves first, one depth at a time.
    parents = dict(Code.objects.filter(project=project).values_list("id", "parent_id"))
    depth = {}
    for code_id in parents:
        chain, current = [], code_id
        while current is not None and current not in depth:
            chain.append(current)
            current = parents[current]
        base = depth.get(current, -1) if current is not None else -1
        for offset, node in enumerate(reversed(chain), start=1):
            depth[node] = base + offset
    for level in sorted(set(depth.values()), reverse=True):
        Code.objects.filter(pk__in=[pk for pk, d in depth.items() if d == level]).delete()
    project.delete()


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
    """An active user by exact username, or else by e-mail (case-insensitive).

    A deactivated account gets the same answer as no account: adding a member must not tell
    anything about a user beyond what was typed (issue 14)."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=username_or_email).first()
    if user is None and "@" in username_or_email:
        user = users.filter(email__iexact=username_or_email).first()
    if user is None:
        raise field_error("username", errors.USER_NOT_FOUND.format(username=username_or_email))
    return user


@transaction.atomic
def membership_add(*, project, user, role, by=None, as_typed=None) -> Membership:
    """`as_typed`: the username or e-mail the user was found by, which messages repeat (a user
    added by e-mail does not learn the username from them)."""
    if Membership.objects.filter(project=project, user=user).exists():
        name = as_typed or user.get_username()
        raise field_error("username", errors.USER_ALREADY_MEMBER.format(username=name))
    membership = Membership(project=project, user=user, role=role)
    membership.full_clean()
    membership.save()
    activity_record(project=project, kind=Kind.JOINED, actor=by, subject=user, new_role=role)
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
def membership_change_role(*, membership, role, by=None) -> Membership:
    # Lock the project's owner rows so two owners demoting each other at once cannot leave none.
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership, new_role=role)
    old_role = membership.role
    membership.role = role
    membership.full_clean()
    membership.save()
    if old_role != role:
        activity_record(
            project=membership.project,
            kind=Kind.ROLE_CHANGED,
            actor=by,
            subject=membership.user,
            old_role=old_role,
            new_role=role,
        )
    return membership


@transaction.atomic
def membership_remove(*, membership, by=None) -> None:
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership)
    activity_record(
        project=membership.project,
        kind=Kind.REMOVED,
        actor=by,
        subject=membership.user,
        old_role=membership.role,
    )
    membership.delete()
