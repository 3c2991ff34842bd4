"""REST API for codings and the coding page's team updates: thin views over services."""

from django.db import transaction
from django.http import HttpResponse
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from coding.codings import errors, selectors, services, workspace
from coding.codings.serializers import (
    CodingChangesOutput,
    CodingCreateInput,
    CodingOutput,
    CodingUpdateInput,
    WorkspaceChangesOutput,
)
from coding.models import Coding, Role
from coding.permissions import (
    access_coding,
    access_document,
)
from config.api import ProjectScopedViewSet


def _optional_int(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: [errors.NOT_AN_ID.format(value=value)]}) from None


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def _check_if_match(request, document):
    """Refuse a write sent with an If-Match naming an older state of the document's data (412).
    Without If-Match a write goes ahead (the coding page itself sends none: teammates change the
    document all the time, and codings do not conflict)."""
    etag = request.headers.get("If-Match")
    if etag is None:
        return
    current = workspace.stale_etag(document=document, etag=etag)
    if current is not None:
        raise PreconditionFailed(errors.STALE_ETAG.format(etag=etag, current=current))


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the document's workspace data you read; a stale one is refused with 412.",
)


@extend_schema(tags=["codings"])
class CodingViewSet(ProjectScopedViewSet):
    """Codings: a code applied to a passage [start, end) of a document, in code points."""

    serializer_class = CodingOutput
    write_role = Role.CODER

    def get_queryset(self):
        if self.is_schema_generation:
            return Coding.objects.none()
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

    @extend_schema(request=CodingCreateInput, responses={201: CodingOutput}, parameters=[IF_MATCH])
    def create(self, request, project_id):
        data = CodingCreateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            _check_if_match(request, data.validated_data["document"])
            coding = services.coding_create(coder=request.user, **data.validated_data)
        return Response(CodingOutput(coding).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(CodingOutput(access_coding(request.user, project_id, pk)).data)

    @extend_schema(request=CodingUpdateInput, responses=CodingOutput, parameters=[IF_MATCH])
    def partial_update(self, request, project_id, pk):
        coding = access_coding(request.user, project_id, pk, write=True)
        data = CodingUpdateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            _check_if_match(request, coding.document)
            coding = services.coding_update(coding=coding, **data.validated_data)
        return Response(CodingOutput(coding).data)

    @extend_schema(parameters=[IF_MATCH])
    def destroy(self, request, project_id, pk):
        coding = access_coding(request.user, project_id, pk, write=True)
        with transaction.atomic():
            _check_if_match(request, coding.document)
            services.coding_delete(coding=coding)
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
        return Response(selectors.coding_changes(document=document, since=since))


def _if_none_match(request, etag):
    tags = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in tags.split(","))


@extend_schema(tags=["codings"])
class DocumentWorkspaceViewSet(ProjectScopedViewSet):
    """The coding page's data for one document: text, codebook and codings as arrays, with an
    ETag that any change invalidates (If-None-Match answers 304 when nothing changed)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 304: None})
    def retrieve(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk)
        etag = workspace.workspace_etag(document=document)
        # The browser keeps the data but asks each time whether it is still current.
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if _if_none_match(request, etag):
            return HttpResponse(status=304, headers=headers)
        body = workspace.workspace_data(document=document, etag=etag)
        return HttpResponse(body, content_type="application/json", headers=headers)


@extend_schema(tags=["codings"])
class WorkspaceChangesViewSet(ProjectScopedViewSet):
    """What changed on a document's coding page after a revision: the page polls it. With nothing
    changed it is one indexed lookup and an empty answer, whatever the size of the document."""

    serializer_class = WorkspaceChangesOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="The `revision` of the page's data or of the previous answer.")
        ],
        responses=WorkspaceChangesOutput,
    )
    def retrieve(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk)
        value = request.query_params.get("after", "")
        if not value.isdigit():
            raise ValidationError({"after": [errors.NOT_A_REVISION]})
        return Response(workspace.workspace_changes(document=document, revision=int(value)))
