"""The matrices a user can download, by the stable name used in URLs, and the file responses.

The pages and the API share this table, so a download link on a page and an API path always give
the same file.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from analysis.matrices import charts, exports, options
from analysis.matrices import selectors as matrices


@dataclass(frozen=True)
class MatrixKind:
    name: str
    title: object
    check: object  # (params, project) -> selector keyword arguments
    build: object  # selector


MATRICES = {
    kind.name: kind
    for kind in [
        MatrixKind(
            "case-code-matrix",
            _("Case × code matrix"),
            lambda params, project: options.check_code_matrix(params),
            matrices.case_code_matrix,
        ),
        MatrixKind(
            "document-code-matrix",
            _("Document × code matrix"),
            lambda params, project: options.check_code_matrix(params),
            matrices.document_code_matrix,
        ),
        MatrixKind(
            "cooccurrence",
            _("Code co-occurrence"),
            lambda params, project: options.check_cooccurrence(params),
            matrices.cooccurrence_matrix,
        ),
        MatrixKind(
            "code-attribute",
            _("Codes by attribute value"),
            lambda params, project: options.check_code_attribute(params, project=project),
            matrices.code_attribute_matrix,
        ),
    ]
}
MATRIX_FORMATS = ("csv", "xlsx", "svg")


def build_matrix(kind, *, project, params):
    arguments = kind.check(params, project)
    return kind.build(project=project, **arguments), arguments


def file_response(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    # ASCII names only: every browser and curl -OJ keep them as they are.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def matrix_file(matrix, *, name, measure, fmt):
    filename = f"{name}-{measure}.{fmt}"
    if fmt == "svg":
        svg = charts.heat_map(matrix, title=f"{name} · {measure}")
        return file_response(svg.encode("utf-8"), filename=filename, content_type=charts.SVG_TYPE)
    rows = list(matrix.table())
    if fmt == "csv":
        return file_response(exports.to_csv(rows), filename=filename, content_type=exports.CSV_TYPE)
    return file_response(
        exports.to_xlsx(rows, title=f"{name} {measure}"), filename=filename, content_type=exports.XLSX_TYPE
    )
