"""Pieces shared by every project-scoped API: the role check per request and scoped related fields."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from coding.models import Role
from coding.permissions import access_project
from config.middleware import MAX_ID


class ProjectScopedViewSet(viewsets.GenericViewSet):
    """A viewset under /api/projects/{project_id}/: outsiders get 404, members below the role 403."""

    read_role = Role.VIEWER
    write_role = Role.EDITOR

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        role = self.read_role if request.method in SAFE_METHODS else self.write_role
        self.project, self.membership = access_project(request.user, kwargs["project_id"], role=role)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["project"] = getattr(self, "project", None)
        return context

    @property
    def is_schema_generation(self):
        return getattr(self, "swagger_fake_view", False)


class ProjectScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id that must name an object of the request's project; others read as nonexistent."""

    default_error_messages = {
        "does_not_exist": _("There is no {kind} with id {pk_value} in this project."),
        "incorrect_type": _("Expected an id (a number), got {data_type}."),
    }

    def __init__(self, *, kind, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def get_queryset(self):
        project = self.context.get("project")
        queryset = super().get_queryset()
        if project is None:
            return queryset.none()
        return queryset.filter(project=project)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            # Past 64 bits the database driver would raise instead of finding nothing.
            if abs(int(data)) > MAX_ID:
                self.fail("does_not_exist", kind=self.kind, pk_value=data)
            return self.get_queryset().get(pk=data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        except self.get_queryset().model.DoesNotExist:
            self.fail("does_not_exist", kind=self.kind, pk_value=data)
