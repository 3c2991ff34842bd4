"""Agreement API: the table, one document's disagreements, resolving one, and the downloads.

Thin views: `access_project` / `access_document` for permission (404 to outsiders; resolving
needs an editor, so viewers and coders get 403), the serializers for shape, selectors and
services for the rest.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.agreement import exports, selectors, services
from analysis.agreement.disagreements import KINDS
from analysis.agreement.serializers import ConsensusOutput, ResolveInput, scope_from_params
from analysis.matrices.api import AnyAccept
from coding.models import Role
from coding.permissions import access_document, access_project

SCOPE_PARAMETERS = [
    OpenApiParameter("coder", str, description="two or more coder user ids, repeated or comma-separated"),
    OpenApiParameter("document", str, description="document ids; default all"),
    OpenApiParameter("case", str, description="case ids: their documents; default all"),
    OpenApiParameter("code", str, description="code ids compared; default every top-level code"),
    OpenApiParameter("subtree", bool, description="1: each code counts its subtree's codings"),
    OpenApiParameter("subtree_code", str, description="only these codes count their subtree"),
    OpenApiParameter("threshold", float, description="segment overlap threshold, 0-1 (default 0.9)"),
]


def table_json(categories, result):
    return {
        **result.to_json(),
        "categories": [
            {"id": c.id, "name": c.name, "path": c.path, "subtree": c.subtree} for c in categories
        ],
    }


class AgreementTable(APIView):
    @extend_schema(
        operation_id="agreement_table",
        tags=["agreement"],
        parameters=SCOPE_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, project_id):
        project, _membership = access_project(request.user, project_id)
        scope = scope_from_params(request.query_params, project=project)
        categories, result = selectors.agreement_table(project=project, scope=scope)
        return Response(table_json(categories, result))


class Disagreements(APIView):
    @extend_schema(
        operation_id="agreement_disagreements",
        tags=["agreement"],
        parameters=[
            OpenApiParameter("coder_a", int, required=True),
            OpenApiParameter("coder_b", int, required=True),
            OpenApiParameter("code", str, description="only disagreements involving these codes"),
            OpenApiParameter("kind", str, description="missing, boundary or code; repeated"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, project_id, document_id):
        document = access_document(request.user, project_id, document_id)
        params = request.query_params
        scope = scope_from_params(
            {"coder": [params.get("coder_a", ""), params.get("coder_b", "")]}, project=document.project
        )
        coder_a, coder_b = scope.coder_ids
        codes = [int(c) for c in params.getlist("code") if c.isdigit()]
        kinds = [k for k in params.getlist("kind") if k in KINDS]
        a, b, found = selectors.document_disagreements(
            document=document, coder_a=coder_a, coder_b=coder_b, code_ids=codes, kinds=kinds
        )
        return Response(
            {"coder_a": coder_a, "coder_b": coder_b, "disagreements": [d.to_json() for d in found]}
        )


class Resolve(APIView):
    @extend_schema(
        operation_id="agreement_resolve",
        tags=["agreement"],
        request=ResolveInput,
        responses={201: ConsensusOutput(many=True)},
    )
    def post(self, request, project_id):
        project, _membership = access_project(request.user, project_id, role=Role.EDITOR)
        serializer = ResolveInput(data=request.data, context={"project": project})
        serializer.is_valid(raise_exception=True)
        made = services.consensus_resolve(user=request.user, **serializer.validated_data)
        return Response(ConsensusOutput(made, many=True).data, status=201)


class AgreementDownload(APIView):
    content_negotiation_class = AnyAccept
    fmt = None

    def get(self, request, project_id):
        project, _membership = access_project(request.user, project_id)
        scope = scope_from_params(request.query_params, project=project)
        body, content_type = exports.agreement_file(project=project, scope=scope, fmt=self.fmt)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="agreement.{self.fmt}"'
        return response


def _download(fmt):
    def get(self, request, project_id):
        return AgreementDownload.get(self, request, project_id)

    get = extend_schema(
        operation_id=f"export_agreement_{fmt}",
        tags=["exports"],
        parameters=SCOPE_PARAMETERS,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )(get)
    return type(f"AgreementDownload_{fmt}", (AgreementDownload,), {"fmt": fmt, "get": get})


AgreementCsv = _download("csv")
AgreementXlsx = _download("xlsx")
