"""REST API for codings and the coding page's team updates: thin views over services."""

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coding.codings import errors, selectors, services
from coding.codings.serializers import CodingChangesOutput, CodingCreateInput, CodingOutput, CodingUpdateInput
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
        return Response(selectors.coding_changes(document=document, since=since))
