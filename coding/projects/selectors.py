"""Reads for projects and their membership."""

from django.db import router
from django.db.models import OuterRef, Subquery
from django.db.models.deletion import Collector

from coding import people
from coding.models import Code, Membership, Project, ProjectActivity


def project_list_for_user(*, user):
    """The user's projects, each annotated with the user's role."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Project.objects.filter(memberships__user=user).annotate(my_role=Subquery(role)).order_by("name", "id")
    )


def membership_list(*, project):
    return (
        Membership.objects.filter(project=project)
        .select_related("user")
        .annotate(display_name=people.display_name("user__"))
        .order_by("user__username")
    )


class _WholeProjectCollector(Collector):
    """A collector that does not follow a code's children through `parent`: they belong to the same
    project and are collected through it, and following them would stop at the protected parent."""

    def related_objects(self, related_model, related_fields, objs):
        related_fields = [
            field for field in related_fields if not (related_model is Code and field.name == "parent")
        ]
        if not related_fields:
            return related_model._base_manager.none()
        return super().related_objects(related_model, related_fields, objs)


def project_delete_preview(*, project) -> list[dict]:
    """What deleting the project takes with it: one row per kind of object, with its count.

    Django's deletion collector walks every relation to the project, so apps above coding (cases,
    analyses, search index) are counted without coding having to know them.
    """
    collector = _WholeProjectCollector(using=router.db_for_write(Project))
    collector.collect([project])
    counts = {}
    for model, instances in collector.data.items():
        counts[model] = counts.get(model, 0) + len(instances)
    for queryset in collector.fast_deletes:
        counts[queryset.model] = counts.get(queryset.model, 0) + queryset.count()
    rows = [
        {"kind": model._meta.label_lower, "label": str(model._meta.verbose_name_plural), "count": count}
        for model, count in counts.items()
        if count and model is not Project
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["kind"]))


def project_activity(*, project):
    return (
        ProjectActivity.objects.filter(project=project)
        .select_related("actor", "subject")
        .annotate(
            actor_display_name=people.display_name("actor__"),
            subject_display_name=people.display_name("subject__"),
        )
    )
