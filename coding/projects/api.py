"""REST API for projects and their members: thin views over services."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from coding.models import Membership, Project, ProjectActivity, Role
from coding.permissions import (
    access_membership,
    access_project,
)
from coding.projects import selectors, services
from coding.projects.serializers import (
    ActivityOutput,
    CopyCodebookInput,
    DeletePreviewOutput,
    MemberCreateInput,
    MemberOutput,
    MemberUpdateInput,
    ProjectDeleteInput,
    ProjectInput,
    ProjectOutput,
    TransferInput,
)
from config.api import ProjectScopedViewSet


@extend_schema(tags=["projects"])
class ProjectViewSet(viewsets.GenericViewSet):
    """Projects the user belongs to. Anyone signed in may create one and becomes its owner."""

    serializer_class = ProjectOutput
    lookup_url_kwarg = "project_id"
    # Deleting an archived project is allowed: archiving is not a reason to keep it forever.
    allowed_when_archived = {"destroy"}

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

    @extend_schema(
        request=ProjectDeleteInput,
        parameters=[
            OpenApiParameter(
                "confirm_name", str, description="The project's name, typed exactly (or in the body)."
            )
        ],
    )
    def destroy(self, request, project_id):
        """Delete the project and everything in it; `confirm_name` must be its exact name."""
        project, _membership = access_project(request.user, project_id, role=Role.OWNER)
        data = ProjectDeleteInput(data={"confirm_name": _confirm_name(request)})
        data.is_valid(raise_exception=True)
        services.project_delete(project=project, confirm_name=data.validated_data["confirm_name"])
        return Response(status=status.HTTP_204_NO_CONTENT)


def _confirm_name(request):
    if "confirm_name" in request.query_params:
        return request.query_params["confirm_name"]
    if hasattr(request.data, "get"):
        return request.data.get("confirm_name", "")
    return ""


@extend_schema(tags=["projects"])
class ProjectStateViewSet(ProjectScopedViewSet):
    """Owners archive (read-only for everyone), unarchive, hand over ownership and preview a deletion."""

    read_role = Role.OWNER
    write_role = Role.OWNER
    serializer_class = ProjectOutput
    allowed_when_archived = {"unarchive"}

    def _project_output(self):
        self.project.refresh_from_db()
        return Response(ProjectOutput(self.project, context={"membership": self.membership}).data)

    @extend_schema(request=None, responses=ProjectOutput)
    def archive(self, request, project_id):
        services.project_archive(project=self.project, by=request.user)
        return self._project_output()

    @extend_schema(request=None, responses=ProjectOutput)
    def unarchive(self, request, project_id):
        services.project_unarchive(project=self.project, by=request.user)
        return self._project_output()

    @extend_schema(request=TransferInput, responses=MemberOutput)
    def transfer(self, request, project_id):
        data = TransferInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        membership = services.project_transfer_ownership(
            project=self.project, to_membership=data.validated_data["member"], by=request.user
        )
        return Response(MemberOutput(membership, context={"viewer": request.user}).data)

    @extend_schema(responses=DeletePreviewOutput)
    def delete_preview(self, request, project_id):
        items = selectors.project_delete_preview(project=self.project)
        return Response(DeletePreviewOutput({"name": self.project.name, "items": items}).data)


@extend_schema(tags=["projects"])
class CopyCodebookViewSet(ProjectScopedViewSet):
    """A new project, owned by you, with a copy of this project's code tree (no documents)."""

    # Reading the codebook is enough: the copy changes nothing here, so any member may make one,
    # also from an archived project.
    write_role = Role.VIEWER
    serializer_class = ProjectOutput
    allowed_when_archived = {"create"}

    @extend_schema(request=CopyCodebookInput, responses={201: ProjectOutput})
    def create(self, request, project_id):
        data = CopyCodebookInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create_from_codebook(
            source=self.project, owner=request.user, **data.validated_data
        )
        project.my_role = Role.OWNER
        return Response(ProjectOutput(project).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["projects"])
class ActivityViewSet(ProjectScopedViewSet):
    """Who joined, changed role or left, invitations sent and revoked, archiving: by whom, when."""

    serializer_class = ActivityOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return ProjectActivity.objects.none()
        return selectors.project_activity(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ActivityOutput(page, many=True).data)


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
        return self.get_paginated_response(MemberOutput(page, many=True, context={"viewer": request.user}).data)

    @extend_schema(request=MemberCreateInput, responses={201: MemberOutput})
    def create(self, request, project_id):
        data = MemberCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        typed = data.validated_data["username"]
        user = services.user_find(username_or_email=typed)
        membership = services.membership_add(
            project=self.project, user=user, role=data.validated_data["role"], by=request.user, as_typed=typed
        )
        context = {"viewer": request.user, "typed": typed}
        return Response(MemberOutput(membership, context=context).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        membership = access_membership(request.user, project_id, pk)
        return Response(MemberOutput(membership, context={"viewer": request.user}).data)

    @extend_schema(request=MemberUpdateInput, responses=MemberOutput)
    def partial_update(self, request, project_id, pk):
        membership = access_membership(request.user, project_id, pk, write=True)
        data = MemberUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            membership=membership, role=data.validated_data["role"], by=request.user
        )
        return Response(MemberOutput(membership, context={"viewer": request.user}).data)

    def destroy(self, request, project_id, pk):
        membership = access_membership(request.user, project_id, pk, write=True)
        services.membership_remove(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
