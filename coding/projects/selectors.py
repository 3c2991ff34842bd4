"""Reads for projects and their membership."""

from django.db.models import OuterRef, Subquery

from coding.models import Membership, Project


def project_list_for_user(*, user):
    """The user's projects, each annotated with the user's role."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Project.objects.filter(memberships__user=user).annotate(my_role=Subquery(role)).order_by("name", "id")
    )


def membership_list(*, project):
    return Membership.objects.filter(project=project).select_related("user").order_by("user__username")
