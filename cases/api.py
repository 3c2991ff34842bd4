"""REST API for cases, attributes and case attribute values."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from cases import selectors, services
from cases.permissions import access_attribute, access_case
from cases.serializers import (
    AttributeInput,
    AttributeOutput,
    AttributeValueInput,
    AttributeValueOutput,
    CaseInput,
    CaseOutput,
)
from config.api import ProjectScopedViewSet


@extend_schema(tags=["cases"])
class CaseViewSet(ProjectScopedViewSet):
    """Cases: the units a study compares (a purchase project, a district…), with attribute values."""

    serializer_class = CaseOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return selectors.Case.objects.none()
        return selectors.case_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CaseOutput(page, many=True).data)

    def _detail(self, case):
        return CaseOutput(self.get_queryset().get(pk=case.pk)).data

    @extend_schema(request=CaseInput, responses={201: CaseOutput})
    def create(self, request, project_id):
        data = CaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_create(project=self.project, **data.validated_data)
        return Response(self._detail(case), status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(self._detail(access_case(request.user, project_id, pk)))

    @extend_schema(request=CaseInput(partial=True), responses=CaseOutput)
    def partial_update(self, request, project_id, pk):
        case = access_case(request.user, project_id, pk, write=True)
        data = CaseInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        case = services.case_update(case=case, **data.validated_data)
        return Response(self._detail(case))

    def destroy(self, request, project_id, pk):
        services.case_delete(case=access_case(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["cases"])
class AttributeViewSet(ProjectScopedViewSet):
    """Case attributes of the project, typed: text, number, category (with allowed values), date, boolean."""

    serializer_class = AttributeOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return selectors.Attribute.objects.none()
        return selectors.attribute_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AttributeOutput(page, many=True).data)

    @extend_schema(request=AttributeInput, responses={201: AttributeOutput})
    def create(self, request, project_id):
        data = AttributeInput(data=request.data)
        data.is_valid(raise_exception=True)
        attribute = services.attribute_create(project=self.project, **data.validated_data)
        return Response(AttributeOutput(attribute).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(AttributeOutput(access_attribute(request.user, project_id, pk)).data)

    @extend_schema(request=AttributeInput(partial=True), responses=AttributeOutput)
    def partial_update(self, request, project_id, pk):
        attribute = access_attribute(request.user, project_id, pk, write=True)
        data = AttributeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        attribute = services.attribute_update(attribute=attribute, **data.validated_data)
        return Response(AttributeOutput(attribute).data)

    def destroy(self, request, project_id, pk):
        services.attribute_delete(attribute=access_attribute(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["cases"])
class CaseValueViewSet(ProjectScopedViewSet):
    """A case's attribute values, one per attribute, addressed by the attribute's id."""

    serializer_class = AttributeValueOutput
    pagination_class = None
    # OPTIONS (DRF's metadata) looks the object up by this keyword; the default "pk" is not in the URL.
    lookup_url_kwarg = "attribute_id"

    def get_queryset(self):
        return selectors.AttributeValue.objects.none()

    def list(self, request, project_id, case_id):
        case = access_case(request.user, project_id, case_id)
        return Response(AttributeValueOutput(selectors.attribute_value_list(case=case), many=True).data)

    @extend_schema(request=AttributeValueInput, responses=AttributeValueOutput)
    def update(self, request, project_id, case_id, attribute_id):
        case = access_case(request.user, project_id, case_id, write=True)
        attribute = access_attribute(request.user, project_id, attribute_id)
        data = AttributeValueInput(data=request.data)
        data.is_valid(raise_exception=True)
        value = services.attribute_value_set(
            case=case, attribute=attribute, value=data.validated_data["value"]
        )
        return Response(AttributeValueOutput(value).data)

    def destroy(self, request, project_id, case_id, attribute_id):
        case = access_case(request.user, project_id, case_id, write=True)
        attribute = access_attribute(request.user, project_id, attribute_id)
        services.attribute_value_delete(case=case, attribute=attribute)
        return Response(status=status.HTTP_204_NO_CONTENT)
