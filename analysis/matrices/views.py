"""Analysis pages: each matrix as a table with a heat map, charts and downloads; coded passages.

Thin: `access_project` for permission (404 to outsiders), `options` for parameters, the selectors
for figures. Every download link points at the API path that gives the same file.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from analysis.matrices import charts, downloads, passages
from analysis.matrices import selectors as matrices
from cases.selectors import attribute_list, case_list
from coding.models import Membership
from coding.permissions import access_project

# The pages show this many rows or passages; the downloads always have them all.
PAGE_ROWS = 200
PAGE_PASSAGES = 500

MEASURE_LABELS = {
    matrices.COUNT: _("Number of codings"),
    matrices.PRESENCE: _("Presence (0/1)"),
    matrices.CHARACTERS: _("Coded characters"),
    matrices.SHARE: _("Share of text coded"),
    matrices.DOCUMENTS: _("Number of documents"),
    matrices.CASES: _("Number of cases"),
}
MODE_LABELS = {
    matrices.OVERLAP: _("Overlapping passages"),
    matrices.NEAR: _("Within N characters"),
    matrices.TURN: _("Same speaker turn"),
}
KIND_MEASURES = {
    "case-code-matrix": matrices.MEASURES,
    "document-code-matrix": matrices.MEASURES,
    "cooccurrence": matrices.COOCCURRENCE_MEASURES,
    "code-attribute": matrices.CROSSTAB_MEASURES,
}
KIND_HELP = {
    "case-code-matrix": _("One row per case, one column per code. Documents without a case are left out."),
    "document-code-matrix": _("One row per document, one column per code."),
    "cooccurrence": _(
        "How often codings of two codes meet in the same document: pairs of codings, or documents with "
        "at least one pair."
    ),
    "code-attribute": _("Codings of each code by the value of a case attribute."),
}


def _members(project):
    return list(Membership.objects.filter(project=project).select_related("user").order_by("user__username"))


def _cell_style(value, peak):
    """Background for a table cell: the heat map's colour at the value's strength."""
    if value is None:
        return "background:#eef2f6"
    # float(): PostgreSQL gives some measures (shares of text) as Decimal.
    alpha = float(value or 0) / float(peak) if peak else 0.0
    # Black or white, whichever the blended background gives more contrast: at least 4.5:1 (WCAG AA)
    # at any strength, where a fixed switch at 55% left white on light blue at 2.6:1.
    blended = [channel * alpha + 255 * (1 - alpha) for channel in (47, 93, 138)]
    color = "#000" if _luminance(blended) > 0.179 else "#fff"
    return f"background:rgba(47,93,138,{alpha:.3f});color:{color}"


def _luminance(rgb):
    """WCAG relative luminance of an sRGB colour given as three 0–255 channels."""
    linear = [c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _chart_axis(matrix, kind_name, chosen):
    """For the bar chart: which code to draw, chosen by the user or the one with most codings."""
    along_rows = kind_name == "code-attribute"
    axis = matrix.rows if along_rows else matrix.columns
    ids = {str(item.id): item for item in axis}
    if chosen in ids:
        return ids[chosen], along_rows

    def total(item):
        if along_rows:
            return sum(matrix.value(item.id, column.id) or 0 for column in matrix.columns)
        return sum(matrix.value(row.id, item.id) or 0 for row in matrix.rows)

    return (max(axis, key=total) if axis else None), along_rows


@login_required
def analysis_home(request, project_id):
    project, _membership = access_project(request.user, project_id)
    kinds = [(kind, KIND_HELP[kind.name]) for kind in downloads.MATRICES.values()]
    return render(request, "analysis/home.html", {"project": project, "kinds": kinds})


@login_required
def matrix_page(request, project_id, name):
    project, _membership = access_project(request.user, project_id)
    kind = downloads.MATRICES.get(name)
    if kind is None:
        raise Http404
    error = None
    matrix = None
    params = request.GET.copy()
    attributes = list(attribute_list(project=project)) if kind.name == "code-attribute" else []
    if attributes and not params.get("attribute"):
        # A first visit shows the first attribute rather than an error.
        params["attribute"] = str(attributes[0].pk)
    try:
        matrix, arguments = downloads.build_matrix(kind, project=project, params=params)
    except ValidationError as exc:
        error = "; ".join(str(message) for messages in exc.message_dict.values() for message in messages)
        arguments = {}
    context = {
        "project": project,
        "kind": kind,
        "help": KIND_HELP[kind.name],
        "error": error,
        "measures": [(value, MEASURE_LABELS[value]) for value in KIND_MEASURES[kind.name]],
        "modes": list(MODE_LABELS.items()),
        "members": _members(project),
        "attributes": attributes,
        "params": params,
        "chosen_coders": {str(pk) for pk in (arguments.get("coder_ids") or [])},
        "codes": matrices.codebook(project=project).columns,
        "chosen_codes": {str(pk) for pk in (arguments.get("code_ids") or [])},
        "query": params.urlencode(),
        "formats": downloads.MATRIX_FORMATS,
    }
    if matrix is not None:
        peak = matrix.max_value
        shown = matrix.rows[:PAGE_ROWS]
        context["rows_total"] = len(matrix.rows)
        context["rows_cut"] = len(matrix.rows) > PAGE_ROWS
        context["table"] = [
            (
                row,
                [
                    (
                        charts.number(matrix.value(row.id, column.id)),
                        _cell_style(matrix.value(row.id, column.id), peak),
                    )
                    for column in matrix.columns
                ],
            )
            for row in shown
        ]
        context["matrix"] = matrix
        context["measure_label"] = MEASURE_LABELS[arguments["measure"]]
        page_matrix = matrices.Matrix(
            corner=matrix.corner,
            rows=shown,
            columns=matrix.columns,
            cells=matrix.cells,
            measure=matrix.measure,
            blank_diagonal=matrix.blank_diagonal,
        )
        context["heat_map"] = charts.heat_map(page_matrix, title=str(kind.title))
        if kind.name != "cooccurrence":
            chosen, along_rows = _chart_axis(matrix, kind.name, request.GET.get("chart"))
            if chosen is not None:
                title = f"{chosen.label} · {context['measure_label']}"
                context["chart_code"] = chosen
                context["chart_axis"] = matrix.rows if along_rows else matrix.columns
                context["bars"] = (
                    charts.row_bars(page_matrix, chosen.id, title=title)
                    if along_rows
                    else charts.column_bars(page_matrix, chosen.id, title=title)
                )
    return render(request, "analysis/matrix.html", context)


@login_required
def passages_page(request, project_id):
    project, _membership = access_project(request.user, project_id)
    error = None
    groups = []
    try:
        filters = passages.check_passage_filters(request.GET, project=project)
        groups = passages.passage_list(project=project, **filters, limit=PAGE_PASSAGES + 1)
    except ValidationError as exc:
        error = "; ".join(str(message) for messages in exc.message_dict.values() for message in messages)
        filters = {}
    count = sum(len(codings) for _code, codings in groups)
    cut = count > PAGE_PASSAGES
    if cut:
        # The extra passage only told that there are more; drop it from the last group that has it.
        groups = _drop_last_in_document_order(groups)
        count = PAGE_PASSAGES
    book = matrices.codebook(project=project)
    return render(
        request,
        "analysis/passages.html",
        {
            "project": project,
            "error": error,
            "groups": groups,
            "count": count,
            "cut": cut,
            "page_limit": PAGE_PASSAGES,
            "codes": book.columns,
            "cases": list(case_list(project=project)),
            "members": _members(project),
            "attributes": list(attribute_list(project=project)),
            "params": request.GET,
            "chosen_codes": {str(pk) for pk in (filters.get("code_ids") or [])},
            "chosen_cases": {str(pk) for pk in (filters.get("case_ids") or [])},
            "chosen_coders": {str(pk) for pk in (filters.get("coder_ids") or [])},
            "query": request.GET.urlencode(),
            "formats": passages.FORMATS,
        },
    )


def _drop_last_in_document_order(groups):
    """Remove the passage that comes last in document order (the one fetched beyond the limit)."""

    def order(coding):
        return (coding.document.title, coding.document_id, coding.start, coding.end, coding.pk)

    last = max((coding for _code, codings in groups for coding in codings), key=order)
    trimmed = [(code, [coding for coding in codings if coding is not last]) for code, codings in groups]
    return [(code, codings) for code, codings in trimmed if codings]
