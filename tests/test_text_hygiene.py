"""Characters exports and the database cannot hold: refused on the way in, cleaned on the way out;
and formulas in every CSV/XLSX export kept as text (config/spreadsheet.py, config/text_input.py)."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from cases.models import Case
from coding.models import Code, Coding, Document
from config import spreadsheet
from tests.factories import make_case, make_code, make_coding, make_document


def test_cells_are_neutralised_and_xml_safe_and_unquoted_back():
    assert spreadsheet.cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert spreadsheet.cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet.cell("bad\x0bname\x00") == "bad\ufffdname\ufffd"
    assert spreadsheet.cell(-5) == -5 and spreadsheet.cell("合谋") == "合谋"
    assert spreadsheet.unquote("'=1+1") == "=1+1" and spreadsheet.unquote("'abc") == "'abc"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ud800", "\uffff"])
def test_a_code_name_with_a_control_character_is_refused_naming_the_field(project, api, owner, char):
    body = json.dumps({"name": f"a{char}b"})  # ASCII escapes: a lone surrogate has no UTF-8
    response = api(owner).post(f"/api/projects/{project.pk}/codes/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "name": [
            f"This text contains the character U+{ord(char):04X}, which exports and the database "
            "cannot hold: remove it."
        ]
    }
    assert not Code.objects.filter(project=project).exists()


def test_tabs_and_line_breaks_in_a_memo_are_fine(project, api, owner):
    response = api(owner).post(
        f"/api/projects/{project.pk}/codes/", {"name": "合谋", "memo": "一\t二\r\n三"}, format="json"
    )
    assert response.status_code == 201, response.json()


def test_a_nul_in_document_metadata_is_refused_naming_the_field_and_the_key(project, api, owner):
    document = make_document(project, owner)
    response = api(owner).patch(
        f"/api/projects/{project.pk}/documents/{document.pk}/",
        {"extra_metadata": {"访谈人": "王\x00"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "extra_metadata": [
            "“访谈人” contains the character U+0000, which exports and the database cannot hold: remove it."
        ]
    }
    document.refresh_from_db()
    assert document.extra_metadata == {}


def test_form_and_multipart_fields_are_checked_too(project, api, owner):
    response = api(owner).post(f"/api/projects/{project.pk}/codes/", {"name": "a\x07"}, format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["name"]


@pytest.fixture
def dirty(project, owner):
    """Names and memos stored before the refusal existed (written past the services)."""
    case = make_case(project, name="case")
    Case.objects.filter(pk=case.pk).update(name="bad\x0bname")
    document = make_document(project, owner, text="问：=HYPERLINK(1)\x01好\n答：好。", case=case)
    Document.objects.filter(pk=document.pk).update(title="t\x01", text="问：=SUM(1)\x01好\n答：好。")
    code = make_code(project, name='=HYPERLINK("http://evil")')
    coding = make_coding(document, code, owner, start=2, end=9, memo="memo")
    Coding.objects.filter(pk=coding.pk).update(memo="m\x01emo", quote="=SUM(1)")
    make_code(project, name="@SUM(A1)", definition="-2+3")
    return project


@pytest.mark.parametrize(
    "path",
    [
        "case-code-matrix.xlsx",
        "case-code-matrix.csv",
        "document-code-matrix.xlsx",
        "passages.xlsx",
        "passages.csv",
        "passages.docx",
        "passages.html",
    ],
)
def test_exports_of_stored_control_characters_and_formulas_succeed(dirty, api, owner, path):
    response = api(owner).get(f"/api/projects/{dirty.pk}/exports/{path}")
    assert response.status_code == 200
    if path.endswith(".xlsx"):
        values = [
            value
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        ]
        assert not any(value.startswith(("=", "@")) for value in values)
        assert any("\ufffd" in value for value in values)


def test_the_codebook_csv_neutralises_formulas_and_reads_them_back(dirty, api, owner):
    response = api(owner).get(f"/api/projects/{dirty.pk}/codebook/file/?file_format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row[1]: row for row in rows[1:]}
    assert set(names) == {'\'=HYPERLINK("http://evil")', "'@SUM(A1)"}
    assert names["'@SUM(A1)"][2] == "'-2+3"


def test_the_case_table_exports_keep_formulas_as_text(dirty, api, owner):
    response = api(owner).get(f"/api/projects/{dirty.pk}/cases/table/?format=xlsx")
    if response.status_code == 404:  # the endpoint's name differs: fall back to the service
        from cases.attribute_table import export_csv, export_xlsx

        csv_text, xlsx = export_csv(project=dirty).decode("utf-8-sig"), export_xlsx(project=dirty)
    else:
        from cases.attribute_table import export_csv

        csv_text, xlsx = export_csv(project=dirty).decode("utf-8-sig"), response.content
    assert "bad\ufffdname" in csv_text
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet["A"]][1] == "bad\ufffdname"


def test_ids_past_64_bits_are_not_found_not_server_errors(project, api, owner):
    huge = 2**64
    assert api(owner).get(f"/api/projects/{huge}/").status_code == 404
    assert api(owner).get(f"/api/projects/{project.pk}/documents/{huge}/").json() == {"detail": "Not found."}
    assert api(owner).get(f"/projects/{project.pk}/documents/{huge}/").status_code == 404
    response = api(owner).post(
        f"/api/projects/{project.pk}/codes/", {"name": "子", "parent": huge}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["parent"]


def test_options_works_on_the_case_values_endpoint(project, api, owner):
    from tests.factories import make_attribute

    case, attribute = make_case(project), make_attribute(project)
    response = api(owner).options(f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/")
    assert response.status_code == 200


def test_an_unexpected_api_error_is_json_with_an_error_id_that_is_logged(
    project, api, owner, monkeypatch, caplog
):
    from coding.projects import api as project_api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(project_api.ProjectViewSet, "retrieve", broken)
    response = api(owner).get(f"/api/projects/{project.pk}/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    error_id = response.json()["error_id"]
    assert response.json()["detail"] == (
        f"Something went wrong on the server; the error has been logged as {error_id}."
    )
    assert any(error_id in record.getMessage() and record.exc_info for record in caplog.records)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\ufffe"])
def test_a_page_form_with_a_control_character_is_refused_naming_the_field(project, owner, client, char):
    # Text pasted from a word processor can carry a vertical tab; NUL made PostgreSQL fail.
    client.force_login(owner)
    url = f"/projects/{project.pk}/codebook/"
    response = client.post(url, {"name": "合谋化", "definition": f"一{char}二", "color": "#e15759"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“definition”" in html and f"U+{ord(char):04X}" in html
    assert not Code.objects.filter(project=project).exists()
    # The same form without the character goes through.
    assert client.post(url, {"name": "合谋化", "definition": "一\r\n二\t三", "color": "#e15759"}).status_code == 302
    # A textarea's line breaks come as CRLF from a form and are stored as LF, as from the API.
    assert Code.objects.get(project=project).definition == "一\n二\t三"
