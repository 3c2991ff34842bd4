"""CSV and XLSX writers: byte-order mark, formula neutralisation, sheet titles."""

import io

import pytest
from openpyxl import load_workbook

from analysis.matrices.exports import neutralise, sheet_title, to_csv, to_xlsx


@pytest.mark.parametrize("text", ["=1+1", "+86 10", "-5", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["政社互动", "a=b", "", " =x", 3, -2, 0.5, None])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_csv_starts_with_a_bom_and_uses_crlf():
    content = to_csv([["代码", "=x"], ["A", 1], ["B", None]])
    assert content == "\ufeff代码,'=x\r\nA,1\r\nB,\r\n".encode()


def test_xlsx_round_trips_text_and_numbers_and_neutralises():
    content = to_xlsx([["代码", "-x"], ["\r=A", 0.25]], title="case:code/matrix*count with a long title")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "case code matrix count with a l"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [["代码", "'-x"], ["'\r=A", 0.25]]


def test_sheet_title_never_empty():
    assert sheet_title("[]") == "Sheet"
