"""Downloads of matrices and coded passages from the API, at stable paths ending in the format.

Thin views: the project comes from `access_project` (404 for outsiders, any member may export),
parameters from `options`, figures from the selectors.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from analysis.matrices import downloads, passages
from coding.permissions import access_project


class AnyAccept(BaseContentNegotiation):
    """A download answers with its own file type whatever the client accepts; errors come as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


MATRIX_PARAMETERS = [
    OpenApiParameter(
        "measure",
        str,
        description="count, presence, characters, share, documents (matrices); "
        "count, documents (co-occurrence); count, documents, cases (code-attribute)",
    ),
    OpenApiParameter("subtree", bool, description="1: each code column gathers its whole subtree"),
    OpenApiParameter("coder", str, description="coder user ids, repeated or comma-separated; default all"),
    OpenApiParameter("code", str, description="code ids to show as columns; default all"),
    OpenApiParameter("mode", str, description="co-occurrence: overlap (default) or near"),
    OpenApiParameter("distance", int, description="co-occurrence near: at most this many characters apart"),
    OpenApiParameter("attribute", int, description="code-attribute: the attribute id (required)"),
]
PASSAGE_PARAMETERS = [
    OpenApiParameter("code", str, description="code ids, repeated or comma-separated"),
    OpenApiParameter("subtree", bool, description="1: a code also retrieves its subtree's codings"),
    OpenApiParameter("case", str, description="case ids"),
    OpenApiParameter("document", str, description="document ids"),
    OpenApiParameter("coder", str, description="coder user ids"),
    OpenApiParameter("attribute", int, description="with value: only cases with this attribute value"),
    OpenApiParameter("value", str, description="the attribute value"),
    OpenApiParameter("context", int, description="characters of context on each side (default 100)"),
]


class DownloadView(APIView):
    content_negotiation_class = AnyAccept
    renderer_classes = [JSONRenderer]
    fmt = None


class MatrixDownload(DownloadView):
    kind = None

    def get(self, request, project_id):
        project, _membership = access_project(request.user, project_id)
        matrix, arguments = downloads.build_matrix(self.kind, project=project, params=request.query_params)
        return downloads.matrix_file(matrix, name=self.kind.name, measure=arguments["measure"], fmt=self.fmt)


class PassageDownload(DownloadView):
    def get(self, request, project_id):
        project, _membership = access_project(request.user, project_id)
        return passages.passage_file(request=request, project=project, fmt=self.fmt)


def _operation(name, fmt):
    return "export_" + name.replace("-", "_") + "_" + fmt


def _download_class(base, name, attributes, *, operation_id, parameters):
    """A subclass whose GET carries its own schema: one operation id per stable path."""

    def get(self, request, project_id):
        return base.get(self, request, project_id)

    attributes["get"] = extend_schema(
        operation_id=operation_id,
        tags=["exports"],
        summary=name,
        parameters=parameters,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )(get)
    return type(name, (base,), attributes)


def matrix_views():
    for kind in downloads.MATRICES.values():
        for fmt in downloads.MATRIX_FORMATS:
            view = _download_class(
                MatrixDownload,
                f"{kind.name}.{fmt}",
                {"kind": kind, "fmt": fmt},
                operation_id=_operation(kind.name, fmt),
                parameters=MATRIX_PARAMETERS,
            )
            yield kind.name, fmt, view


def passage_views():
    for fmt in passages.FORMATS:
        view = _download_class(
            PassageDownload,
            f"passages.{fmt}",
            {"fmt": fmt},
            operation_id=_operation("passages", fmt),
            parameters=PASSAGE_PARAMETERS,
        )
        yield "passages", fmt, view
