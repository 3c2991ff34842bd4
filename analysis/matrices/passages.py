"""Retrieval of coded passages, and their exports: CSV, XLSX, an HTML and a DOCX report by code.

The selector is three queries however many passages match. The passage and its context are cut out
of each document's text in Python, the text read once per document: cut by the database (SUBSTR per
row) every coding read its whole transcript again (1,650 passages of six 200,000-character
transcripts took 0.6 s of SQL on SQLite).
"""

import io

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from analysis.matrices import errors, exports, options
from analysis.matrices.downloads import file_response
from analysis.matrices.selectors import codebook
from cases.values import InvalidValue, parse_value
from coding.models import Coding, Document
from config import spreadsheet

FORMATS = ("csv", "xlsx", "html", "docx")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def coding_url(*, project_id, document_id, coding_id):
    """The coding page, scrolled to the passage."""
    return f"/projects/{project_id}/documents/{document_id}/#coding-{coding_id}"


def passage_list(
    *,
    project,
    code_ids=None,
    subtree=False,
    case_ids=None,
    document_ids=None,
    coder_ids=None,
    attribute=None,
    attribute_value=None,
    context=options.DEFAULT_CONTEXT,
    limit=None,
):
    """Codings matching every filter given, with text, context and a code path; ordered by code.

    Returns the passages grouped by code, [(Axis, [coding, …]), …], codes in codebook order. With
    `limit`, only the first that many passages in document order. Three queries.
    """
    book = codebook(project=project, subtree=subtree)
    labels = {column.id: column.label for column in book.columns}
    codings = Coding.objects.filter(document__project=project)
    if code_ids:
        wanted = {member for code_id in code_ids for member in book.members.get(code_id, [code_id])}
        codings = codings.filter(code_id__in=wanted)
    if case_ids:
        codings = codings.filter(document__case_id__in=case_ids)
    if document_ids:
        codings = codings.filter(document_id__in=document_ids)
    if coder_ids:
        codings = codings.filter(coder_id__in=coder_ids)
    if attribute is not None:
        # Several values mean any of them: passages from cases in 东区 or 西区.
        values = attribute_value if isinstance(attribute_value, list | tuple) else [attribute_value]
        parsed = []
        try:
            for raw in values:
                column, value = parse_value(attribute.type, attribute.choices, raw)
                parsed.append(value)
        except InvalidValue as exc:
            raise ValidationError({"value": [exc.args[0]]}) from None
        codings = codings.filter(
            document__case__attribute_values__attribute=attribute,
            **{f"document__case__attribute_values__{column}__in": parsed},
        )
    codings = (
        codings.select_related("coder", "document__case")
        .defer("document__text", "quote")
        .order_by("document__title", "document_id", "start", "end", "id")
    )
    if limit is not None:
        codings = codings[:limit]
    codings = list(codings)
    texts = dict(
        Document.objects.filter(pk__in={coding.document_id for coding in codings}).values_list("pk", "text")
    )
    groups = {column.id: [] for column in book.columns}
    for coding in codings:
        text = texts[coding.document_id]
        coding.passage = text[coding.start : coding.end]
        coding.before = text[max(coding.start - context, 0) : coding.start]
        coding.after = text[coding.end : coding.end + context]
        coding.code_label = labels.get(coding.code_id, "")
        coding.url = coding_url(project_id=project.pk, document_id=coding.document_id, coding_id=coding.pk)
        groups.setdefault(coding.code_id, []).append(coding)
    return [(column, groups[column.id]) for column in book.columns if groups[column.id]]


def check_passage_filters(params, *, project):
    attribute = options.check_attribute(params, project=project, required=False)
    value = [raw for raw in params.getlist("value") if raw.strip()] if hasattr(params, "getlist") else []
    if value and attribute is None:
        raise ValidationError({"attribute": [errors.VALUE_WITHOUT_ATTRIBUTE]})
    return {
        "code_ids": options.check_ids(params, "code"),
        "subtree": options.check_flag(params, "subtree"),
        "case_ids": options.check_ids(params, "case"),
        "document_ids": options.check_ids(params, "document"),
        "coder_ids": options.check_ids(params, "coder"),
        "attribute": attribute if value else None,
        "attribute_value": value,
        "context": options.check_context(params),
    }


def passage_table(groups, *, absolute):
    yield [
        _("Code"),
        _("Case"),
        _("Document"),
        _("Start"),
        _("End"),
        _("Passage"),
        _("Context before"),
        _("Context after"),
        _("Coder"),
        _("Memo"),
        _("Link"),
    ]
    for column, codings in groups:
        for coding in codings:
            yield [
                column.label,
                coding.document.case.name if coding.document.case else "",
                coding.document.title,
                coding.start,
                coding.end,
                coding.passage,
                coding.before,
                coding.after,
                coding.coder.get_username(),
                coding.memo,
                absolute(coding.url),
            ]


def _docx(groups, *, project, absolute):
    from docx import Document as DocxDocument  # imported here: only this export needs it

    safe = spreadsheet.xml_safe  # a stored control character must not break the file (python-docx)
    document = DocxDocument()
    document.add_heading(safe(_("Coded passages: %(project)s") % {"project": project.name}), level=0)
    document.add_paragraph(timezone.localtime().strftime("%Y-%m-%d %H:%M"))
    for column, codings in groups:
        document.add_heading(safe(f"{column.label} ({len(codings)})"), level=1)
        for coding in codings:
            case = coding.document.case.name if coding.document.case else ""
            source = " · ".join(
                part
                for part in [
                    case,
                    coding.document.title,
                    f"{coding.start}–{coding.end}",
                    coding.coder.get_username(),
                ]
                if part
            )
            document.add_paragraph(safe(source), style="Intense Quote")
            paragraph = document.add_paragraph()
            paragraph.add_run(safe("…" + coding.before))
            paragraph.add_run(safe(coding.passage)).bold = True
            paragraph.add_run(safe(coding.after + "…"))
            if coding.memo:
                memo = document.add_paragraph()
                memo.add_run(_("Memo: ")).italic = True
                memo.add_run(safe(coding.memo))
            document.add_paragraph(safe(absolute(coding.url)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def passage_file(*, request, project, fmt):
    groups = passage_list(project=project, **check_passage_filters(request.query_params, project=project))
    absolute = request.build_absolute_uri
    filename = f"passages.{fmt}"
    if fmt == "csv":
        content = exports.to_csv(passage_table(groups, absolute=absolute))
        return file_response(content, filename=filename, content_type=exports.CSV_TYPE)
    if fmt == "xlsx":
        content = exports.to_xlsx(passage_table(groups, absolute=absolute), title="passages")
        return file_response(content, filename=filename, content_type=exports.XLSX_TYPE)
    if fmt == "docx":
        content = _docx(groups, project=project, absolute=absolute)
        return file_response(content, filename=filename, content_type=DOCX_TYPE)
    for _column, codings in groups:
        for coding in codings:
            coding.url = absolute(coding.url)  # the report is saved and opened away from the app
    html = render_to_string(
        "analysis/passages_report.html",
        {"project": project, "groups": groups, "generated": timezone.localtime()},
        request=request,
    )
    return file_response(html.encode("utf-8"), filename=filename, content_type="text/html; charset=utf-8")
