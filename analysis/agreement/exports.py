"""The agreement table as CSV or XLSX: overall and per category, then the same per document.

Long format (one row per document × category × measure) so that a spreadsheet can filter and
pivot it; formula-like cells are neutralised by analysis.matrices.exports.
"""

from django.utils.translation import gettext as _

from analysis.agreement import compute, selectors
from analysis.matrices.exports import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx


def measure_labels():
    return {
        compute.PERCENT_CHARACTERS: _("Percent agreement (characters)"),
        compute.PERCENT_SEGMENTS: _("Percent agreement (segments)"),
        compute.KAPPA: _("Cohen's kappa (characters)"),
        compute.ALPHA_NOMINAL: _("Krippendorff's alpha (nominal)"),
        compute.ALPHA_UNITIZED_BINARY: _("|u|alpha (unitizing)"),
        compute.ALPHA_CU: _("cu-alpha (codes within units)"),
        compute.ALPHA_CU_DOMAINS: _("Cu-alpha (across codes)"),
    }


def _rows(document_label, categories, result, labels):
    names = {c.id: c.path for c in categories}
    for category_id, measures in [(None, result.overall), *result.per_category.items()]:
        for name, m in measures.items():
            yield [
                document_label,
                _("All codes") if category_id is None else names[category_id],
                labels[name],
                m.value,
                m.units,
                m.observed,
                m.expected,
            ]


def agreement_rows(*, project, scope):
    labels = measure_labels()
    header = [
        _("Document"),
        _("Code"),
        _("Measure"),
        _("Value"),
        _("Units"),
        _("Observed disagreement"),
        _("Expected disagreement"),
    ]
    rows = [header]
    categories, result = selectors.agreement_table(project=project, scope=scope)
    rows.extend(_rows(_("All documents"), categories, result, labels))
    categories, per_document = selectors.agreement_by_document(project=project, scope=scope)
    for _doc_id, title, doc_result in per_document:
        rows.extend(_rows(title, categories, doc_result, labels))
    return rows


def agreement_file(*, project, scope, fmt):
    rows = agreement_rows(project=project, scope=scope)
    if fmt == "xlsx":
        return to_xlsx(rows, title=_("Agreement")), XLSX_TYPE
    return to_csv(rows), CSV_TYPE
