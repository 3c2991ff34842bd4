"""REST API for projects, members, documents, the codebook and codings: thin views over services."""

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coding import codebook, errors, selectors, services, workspace
from coding.codebook_api import conflict_as_409
from coding.models import Role
from coding.permissions import (
    access_code,
    access_coding,
    access_document,
    access_membership,
    access_project,
)
from coding.serializers import (
    CodeInput,
    CodeOutput,
    CodingChangesOutput,
    CodingCreateInput,
    CodingOutput,
    CodingUpdateInput,
    DocumentCreateInput,
    DocumentDetailOutput,
    DocumentOutput,
    DocumentUpdateInput,
    MemberCreateInput,
    MemberOutput,
    MemberUpdateInput,
    ProjectInput,
    ProjectOutput,
)
from config.api import ProjectScopedViewSet


def _flatten_metadata(data):
    fields = dict(data)
    fields.update(fields.pop("metadata", {}))
    return fields


@extend_schema(tags=["projects"])
class ProjectViewSet(viewsets.GenericViewSet):
    """Projects the user belongs to. Anyone signed in may create one and becomes its owner."""

    serializer_class = ProjectOutput
    lookup_url_kwarg = "project_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Project.objects.none()
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
            return selectors.Membership.objects.none()
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


@extend_schema(tags=["documents"])
class DocumentViewSet(ProjectScopedViewSet):
    """Interview transcripts. Lists leave the text out; a document's detail includes it."""

    serializer_class = DocumentOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return selectors.Document.objects.none()
        return selectors.document_list(project=self.project)

    def _detail(self, document):
        document.length = len(document.text)
        document.codings_count = document.codings.count()
        return DocumentDetailOutput(document).data

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DocumentOutput(page, many=True).data)

    @extend_schema(request=DocumentCreateInput, responses={201: DocumentDetailOutput})
    def create(self, request, project_id):
        data = DocumentCreateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        document = services.document_create(
            project=self.project, created_by=request.user, **_flatten_metadata(data.validated_data)
        )
        return Response(self._detail(document), status=status.HTTP_201_CREATED)

    @extend_schema(responses=DocumentDetailOutput)
    def retrieve(self, request, project_id, pk):
        return Response(self._detail(access_document(request.user, project_id, pk)))

    @extend_schema(request=DocumentUpdateInput, responses=DocumentDetailOutput)
    def partial_update(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk, write=True)
        data = DocumentUpdateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        document = services.document_update(document=document, **_flatten_metadata(data.validated_data))
        return Response(self._detail(document))

    def destroy(self, request, project_id, pk):
        services.document_delete(document=access_document(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["codebook"])
class CodeViewSet(ProjectScopedViewSet):
    """The codebook: a tree of codes, each with definition, criteria, example and colour."""

    serializer_class = CodeOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return selectors.Code.objects.none()
        return selectors.code_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CodeOutput(page, many=True).data)

    @extend_schema(request=CodeInput, responses={201: CodeOutput})
    def create(self, request, project_id):
        data = CodeInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        data.validated_data.pop("version", None)
        code = codebook.codebook_code_create(project=self.project, user=request.user, **data.validated_data)
        return Response(CodeOutput(code).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        code = access_code(request.user, project_id, pk)
        code.codings_count = code.codings.count()
        return Response(CodeOutput(code).data)

    @extend_schema(request=CodeInput(partial=True), responses=CodeOutput)
    def partial_update(self, request, project_id, pk):
        code = access_code(request.user, project_id, pk, write=True)
        data = CodeInput(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = codebook.codebook_code_update(code=code, user=request.user, **data.validated_data)
        code.codings_count = code.codings.count()
        return Response(CodeOutput(code).data)

    def destroy(self, request, project_id, pk):
        codebook.codebook_code_delete(
            code=access_code(request.user, project_id, pk, write=True), user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _optional_int(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: [errors.NOT_AN_ID.format(value=value)]}) from None


@extend_schema(tags=["codings"])
class CodingViewSet(ProjectScopedViewSet):
    """Codings: a code applied to a passage [start, end) of a document, in code points."""

    serializer_class = CodingOutput
    write_role = Role.CODER

    def get_queryset(self):
        if self.is_schema_generation:
            return selectors.Coding.objects.none()
        return selectors.coding_list(
            project=self.project,
            document_id=_optional_int(self.request, "document"),
            code_id=_optional_int(self.request, "code"),
            coder_id=_optional_int(self.request, "coder"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("document", int, description="Only codings of this document."),
            OpenApiParameter("code", int, description="Only codings with this code."),
            OpenApiParameter("coder", int, description="Only codings made by this user (id)."),
        ]
    )
    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CodingOutput(page, many=True).data)

    @extend_schema(request=CodingCreateInput, responses={201: CodingOutput})
    def create(self, request, project_id):
        data = CodingCreateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        coding = services.coding_create(coder=request.user, **data.validated_data)
        return Response(CodingOutput(coding).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(CodingOutput(access_coding(request.user, project_id, pk)).data)

    @extend_schema(request=CodingUpdateInput, responses=CodingOutput)
    def partial_update(self, request, project_id, pk):
        coding = access_coding(request.user, project_id, pk, write=True)
        data = CodingUpdateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        coding = services.coding_update(coding=coding, **data.validated_data)
        return Response(CodingOutput(coding).data)

    def destroy(self, request, project_id, pk):
        services.coding_delete(coding=access_coding(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["codings"])
class CodingChangesViewSet(ProjectScopedViewSet):
    """What changed in a document's codings since the last poll: the coding page polls it."""

    serializer_class = CodingChangesOutput

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="The `now` of the previous answer (ISO 8601)."
            )
        ],
        responses=CodingChangesOutput,
    )
    def retrieve(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk)
        try:
            since = parse_datetime(request.query_params.get("since", ""))
        except ValueError:
            since = None
        if since is None:
            raise ValidationError({"since": [errors.NOT_A_MOMENT]})
        return Response(workspace.coding_changes(document=document, since=since))
