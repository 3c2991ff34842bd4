"""Retrieval of coded passages: filters, context, links, and the four exports."""

import csv
import io

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from analysis.matrices import errors
from analysis.matrices.passages import passage_list
from cases import services as case_services


def passages(study, **filters):
    return [
        (code.label, coding.document.title, coding.start, coding.end)
        for code, codings in passage_list(project=study.project, **filters)
        for coding in codings
    ]


def test_passages_are_grouped_by_code_in_tree_order(study):
    assert passages(study) == [
        ("A", "d1", 0, 5),
        ("A", "d1", 3, 8),
        ("A", "d3", 0, 3),
        ("A", "d4", 0, 4),
        ("A > A1", "d1", 10, 14),
        ("A > A1", "d2", 0, 2),
        ("B", "d1", 4, 12),
        ("B", "d2", 0, 10),
        ("B", "d3", 20, 30),
    ]


def test_a_code_with_its_subtree(study):
    labels = {label for label, *_ in passages(study, code_ids=[study.a.pk], subtree=True)}
    assert labels == {"A", "A > A1"}
    assert {label for label, *_ in passages(study, code_ids=[study.a.pk])} == {"A"}


def test_filters_by_case_document_coder_and_attribute_value(study, second_coder):
    assert passages(study, case_ids=[study.y.pk]) == [("A", "d3", 0, 3), ("B", "d3", 20, 30)]
    assert passages(study, document_ids=[study.d2.pk]) == [("A > A1", "d2", 0, 2), ("B", "d2", 0, 10)]
    assert passages(study, coder_ids=[second_coder.pk]) == [("A", "d3", 0, 3), ("B", "d1", 4, 12)]
    west = passages(study, attribute=study.district, attribute_value="西区")
    assert west == [("A", "d3", 0, 3), ("B", "d3", 20, 30)]
    assert passages(study, attribute=study.district, attribute_value=["北区"]) == []
    either = passages(study, attribute=study.district, attribute_value=["东区", "西区"])
    assert len(either) == 8  # all but d4, which has no case


def test_several_values_from_the_api_mean_any_of_them(study, api, viewer):
    query = f"?attribute={study.district.pk}&value=东区&value=西区"
    response = api(viewer).get(f"/api/projects/{study.project.pk}/exports/passages.csv{query}")
    assert response.content.decode("utf-8-sig").count("\r\n") == 1 + 8


def test_context_comes_from_both_sides_of_the_passage(project, owner, coder):
    from tests.factories import make_code, make_coding, make_document

    document = make_document(project, owner, title="t", text="零一二三四五六七八九𠮷")
    make_coding(document, make_code(project, name="C"), coder, 4, 6, memo="why")
    ((_code, (coding,)),) = passage_list(project=project, context=3)
    assert (coding.before, coding.passage, coding.after) == ("一二三", "四五", "六七八")
    ((_code, (coding,)),) = passage_list(project=project, context=10)
    assert (coding.before, coding.after) == ("零一二三", "六七八九𠮷")
    assert coding.url == f"/projects/{project.pk}/documents/{document.pk}/#coding-{coding.pk}"


def url(study, fmt, query=""):
    return f"/api/projects/{study.project.pk}/exports/passages.{fmt}{query}"


def test_csv_has_source_coder_memo_and_link(study, api, viewer):
    response = api(viewer).get(url(study, "csv", f"?case={study.x.pk}&context=2"))
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Code", "Case", "Document", "Start", "End", "Passage", "Context before", "Context after", "Coder", "Memo", "Link",
    ]  # fmt: skip
    first = rows[1]
    assert first[:10] == [
        "A",
        "X",
        "d1",
        "0",
        "5",
        "一一一一一",
        "",
        "一一",
        "cora",
        '\'=HYPERLINK("http://evil")',
    ]
    coding = study.d1.codings.get(start=0, end=5)
    assert (
        first[10]
        == f"http://testserver/projects/{study.project.pk}/documents/{study.d1.pk}/#coding-{coding.pk}"
    )
    assert len(rows) == 1 + 6


def test_xlsx_html_and_docx(study, api, viewer):
    client = api(viewer)
    sheet = load_workbook(io.BytesIO(client.get(url(study, "xlsx")).content)).active
    assert sheet.max_row == 1 + 9
    assert sheet["J2"].value == '\'=HYPERLINK("http://evil")'
    html = client.get(url(study, "html", f"?code={study.b.pk}")).content.decode()
    assert html.count('class="passage"') == 3 and "<h2>B <small>(3)</small></h2>" in html
    docx = DocxDocument(io.BytesIO(client.get(url(study, "docx", f"?code={study.a.pk}&subtree=1")).content))
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["A (4)", "A > A1 (2)"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html", "docx"])
def test_viewers_may_export_passages_and_outsiders_get_404(study, api, viewer, outsider, fmt):
    assert api(viewer).get(url(study, fmt)).status_code == 200
    assert api(outsider).get(url(study, fmt)).status_code == 404


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?context=5000", "context", errors.BAD_CONTEXT.format(value="5000", limit=2000)),
        ("?value=东区", "attribute", errors.VALUE_WITHOUT_ATTRIBUTE),
        ("?case=x", "case", errors.NOT_AN_ID.format(value="x")),
    ],
)
def test_bad_filters_are_400s(study, api, viewer, query, field, message):
    response = api(viewer).get(url(study, "csv", query))
    assert response.status_code == 400
    assert response.json() == {field: [str(message)]}


def test_a_value_not_allowed_for_the_attribute_is_a_400(study, api, viewer):
    response = api(viewer).get(url(study, "csv", f"?attribute={study.district.pk}&value=南区"))
    assert response.status_code == 400
    assert list(response.json()) == ["value"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html", "docx"])
def test_passage_exports_take_a_fixed_number_of_queries(
    study, api, viewer, coder, fmt, django_assert_num_queries
):
    from tests.analysis.matrices.test_api_exports import grow

    client = api(viewer)
    query = f"?attribute={study.district.pk}&value=东区&subtree=1&code={study.a.pk}"
    # membership, attribute, codebook, the passages, their documents' texts
    with django_assert_num_queries(5):
        assert client.get(url(study, fmt, query)).status_code == 200
    grow(study, 4, coder)
    case_services.attribute_value_set(case=study.y, attribute=study.district, value="东区")
    with django_assert_num_queries(5):
        assert client.get(url(study, fmt, query)).status_code == 200


def test_each_text_is_read_once_however_many_passages_it_holds(project, owner, coder):
    # Cut by the database (SUBSTR per row), every coding read its whole transcript again: 1,650
    # passages of six 200,000-character transcripts took 0.6 s of SQL on SQLite.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_code, make_coding, make_document

    code = make_code(project, name="C")
    texts = ["甲乙丙丁戊己庚辛壬癸" * 30, "𠮷子丑寅卯辰巳午未申酉戌亥" * 20]
    for title, text in zip(["t1", "t2"], texts, strict=True):
        document = make_document(project, owner, title=title, text=text)
        for start in range(0, 200, 10):
            make_coding(document, code, coder, start, start + 7)
    with CaptureQueriesContext(connection) as captured:
        ((_code, codings),) = passage_list(project=project, context=4)
    assert len(codings) == 40
    for coding in codings:
        text = texts[coding.document.title == "t2"]
        assert coding.passage == text[coding.start : coding.end]
        assert coding.before == text[max(coding.start - 4, 0) : coding.start]
        assert coding.after == text[coding.end : coding.end + 4]
    sql = [query["sql"] for query in captured.captured_queries]
    assert not any("SUBSTR" in statement.upper() for statement in sql)
    assert sum('"coding_document"."text"' in statement for statement in sql) == 1
