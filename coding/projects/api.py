"""REST API for projects and their members: thin views over services."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from coding.models import Membership, Project, Role
from coding.permissions import (
    access_membership,
    access_project,
)
from coding.projects import selectors, services
from coding.projects.serializers import (
    MemberCreateInput,
    MemberOutput,
    MemberUpdateInput,
    ProjectInput,
    ProjectOutput,
)
from config.api import ProjectScopedViewSet


@extend_schema(tags=["projects"])
class ProjectViewSet(viewsets.GenericViewSet):
    """Projects the user belongs to. Anyone signed in may create one and becomes its owner."""

    serializer_class = ProjectOutput
    lookup_url_kwarg = "project_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return selectors.project_list_for_user(user=self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProjectOutput(page, many=True).data)

    @extend_schema(request=ProjectInput, responses={201: ProjectOutput})
    def create(self, request):
        data = ProjectInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create(owner=request.user, **data.validated_data)
        project.my_role = Role.OWNER
        return Response(ProjectOutput(project).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id):
        project, membership = access_project(request.user, project_id)
        return Response(ProjectOutput(project, context={"membership": membership}).data)

    @extend_schema(request=ProjectInput(partial=True), responses=ProjectOutput)
    def partial_update(self, request, project_id):
        project, membership = access_project(request.user, project_id, role=Role.OWNER)
        data = ProjectInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project = services.project_update(project=project, **data.validated_data)
        return Response(ProjectOutput(project, context={"membership": membership}).data)

    def destroy(self, request, project_id):
        project, _membership = access_project(request.user, project_id, role=Role.OWNER)
        project.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["members"])
class MemberViewSet(ProjectScopedViewSet):
    """The project's members and their roles; only owners change them."""

    serializer_class = MemberOutput
    write_role = Role.OWNER

    def get_queryset(self):
        if self.is_schema_generation:
            return Membership.objects.none()
        return selectors.membership_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MemberOutput(page, many=True).data)

    @extend_schema(request=MemberCreateInput, responses={201: MemberOutput})
    def create(self, request, project_id):
        data = MemberCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_find(username_or_email=data.validated_data["username"])
        membership = services.membership_add(
            project=self.project, user=user, role=data.validated_data["role"]
        )
        return Response(MemberOutput(membership).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(MemberOutput(access_membership(request.user, project_id, pk)).data)

    @extend_schema(request=MemberUpdateInput, responses=MemberOutput)
    def partial_update(self, request, project_id, pk):
        membership = access_membership(request.user, project_id, pk, write=True)
        data = MemberUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(membership=membership, role=data.validated_data["role"])
        return Response(MemberOutput(membership).data)

    def destroy(self, request, project_id, pk):
        membership = access_membership(request.user, project_id, pk, write=True)
        services.membership_remove(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
