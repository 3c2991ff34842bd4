"""The attribute grid as CSV and XLSX: export, import preview, every kind of bad row, all-or-nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from cases import attribute_table, errors
from cases import services as case_services
from cases.models import AttributeValue, Case
from tests.factories import make_attribute, make_case


@pytest.fixture
def grid(project):
    district = make_attribute(project, name="district")
    budget = make_attribute(project, name="budget", type="number")
    kind = make_attribute(project, name="kind", type="category", choices=["枢纽型", "服务型"])
    started = make_attribute(project, name="started", type="date")
    funded = make_attribute(project, name="funded", type="boolean")
    case = make_case(project, name="W区居家养老")
    case_services.attribute_value_set(case=case, attribute=district, value="W区")
    case_services.attribute_value_set(case=case, attribute=budget, value="1,200,000")
    make_case(project, name="G区项目")
    return {"district": district, "budget": budget, "kind": kind, "started": started, "funded": funded}


def csv_rows(text):
    return attribute_table.read_table("grid.csv", text.encode("utf-8"))


def test_csv_export_has_a_bom_a_header_and_one_row_per_case(project, grid):
    data = attribute_table.export_csv(project=project)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "case,budget,district,funded,kind,started",
        "G区项目,,,,,",
        "W区居家养老,1200000,W区,,,",
    ]


def test_xlsx_export_keeps_types_and_reads_back(project, grid):
    from openpyxl import load_workbook

    data = attribute_table.export_xlsx(project=project)
    rows = [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert rows[0] == ["case", "budget", "district", "funded", "kind", "started"]
    assert rows[2][:3] == ["W区居家养老", 1200000, "W区"]
    plan = attribute_table.plan_import(project=project, rows=attribute_table.read_table("g.xlsx", data))
    assert plan.errors == [] and not plan.has_changes


def test_formula_like_text_is_exported_as_text_and_comes_back_unchanged(project, grid):
    case = Case.objects.get(name="G区项目")
    case_services.attribute_value_set(case=case, attribute=grid["district"], value="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in attribute_table.export_csv(project=project).decode("utf-8-sig")
    rows = attribute_table.read_table("g.csv", attribute_table.export_csv(project=project))
    assert not attribute_table.plan_import(project=project, rows=rows).has_changes


def test_import_happy_path_previews_then_applies(project, grid):
    rows = csv_rows(
        "case,district,budget,kind,started,funded\n"
        'W区居家养老,W区,"1,500,000",服务型,2015-03-01,是\n'
        "C市新项目,C市,800,枢纽型,2016-01-01,no\n"
    )
    plan = attribute_table.plan_import(project=project, rows=rows)
    assert plan.errors == []
    assert plan.new_cases == ["C市新项目"]
    changed = {(c.case, c.attribute): (c.old, c.new) for c in plan.changes}
    assert changed[("W区居家养老", "budget")] == ("1200000", "1500000")
    assert changed[("W区居家养老", "funded")] == ("", "true")
    assert ("W区居家养老", "district") not in changed
    assert not Case.objects.filter(name="C市新项目").exists()  # a preview writes nothing
    attribute_table.apply_import(project=project, rows=rows)
    new = Case.objects.get(project=project, name="C市新项目")
    values = {v.attribute.name: v.value for v in AttributeValue.objects.filter(case=new)}
    assert values == {
        "district": "C市",
        "budget": 800.0,
        "kind": "枢纽型",
        "started": datetime.date(2016, 1, 1),
        "funded": False,
    }


def test_an_empty_cell_clears_a_value(project, grid):
    rows = csv_rows("case,district\nW区居家养老,\n")
    plan = attribute_table.apply_import(project=project, rows=rows)
    assert [(c.attribute, c.old, c.new) for c in plan.changes] == [("district", "W区", "")]
    assert not AttributeValue.objects.filter(attribute=grid["district"]).exists()


BAD = [
    (
        "case,district,预算\nW区居家养老,W区,5\n",
        "Column C: “预算” is not an attribute of this project; create it first or correct the name.",
    ),
    (
        "case,district,district\nW区居家养老,W区,W区\n",
        "Column C: “district” appears in more than one column.",
    ),
    ("case,district,\nW区居家养老,W区,5\n", "Column C: the column has values but no name in the first row."),
    ("case,budget\nW区居家养老,很多\n", "Row 2, column B: “很多” is not a number."),
    (
        "case,started\nW区居家养老,2016/13/01\n",
        "Row 2, column B: “2016/13/01” is not a date; write it as YYYY-MM-DD.",
    ),
    ("case,funded\nW区居家养老,maybe\n", "Row 2, column B: “maybe” is not yes or no; write true or false."),
    (
        "case,kind\nW区居家养老,社区型\n",
        "Row 2, column B: “社区型” is not one of the allowed values: 枢纽型, 服务型.",
    ),
    ("case,district\n,W区\n", "Row 2, column A: the case name is empty."),
    (
        "case,district\nG区项目,G区\nG区项目,H区\n",
        "Row 3, column A: case “G区项目” appears again (first in row 2).",
    ),
    ("case,district\n", "The file has a header row but no cases below it."),
    ("", "The file has no rows: the first row must name the columns, the first column the cases."),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[message[:40] for _text, message in BAD])
def test_each_kind_of_bad_row_or_column_is_named_and_nothing_is_applied(project, grid, text, message):
    rows = csv_rows(text + "G区项目,新值\n" if text.startswith("case,district\nG") else text)
    plan = attribute_table.plan_import(project=project, rows=rows)
    assert message in plan.errors
    before = list(AttributeValue.objects.order_by("pk").values_list("pk", "text_value", "number_value"))
    with pytest.raises(ValidationError) as error:
        attribute_table.apply_import(project=project, rows=rows)
    assert error.value.messages[0] == str(errors.TABLE_HAS_ERRORS)
    assert (
        list(AttributeValue.objects.order_by("pk").values_list("pk", "text_value", "number_value")) == before
    )
    assert Case.objects.filter(project=project).count() == 2


def test_errors_in_several_rows_are_all_reported(project, grid):
    plan = attribute_table.plan_import(project=project, rows=csv_rows("case,budget\nA,x\nB,2\nC,y\n"))
    assert plan.errors == ["Row 2, column B: “x” is not a number.", "Row 4, column B: “y” is not a number."]


def test_gb18030_csv_from_excel_is_read(project, grid):
    rows = attribute_table.read_table("g.csv", "case,district\r\nW区居家养老,新区\r\n".encode("gb18030"))
    assert rows == [["case", "district"], ["W区居家养老", "新区"]]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("g.ods", b"whatever", errors.TABLE_UNSUPPORTED),
        ("g.xlsx", b"PK\x03\x04broken", errors.TABLE_UNREADABLE),
        ("g.csv", bytes(range(256)) * 4, errors.TABLE_UNREADABLE),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(name, data, message):
    with pytest.raises(ValidationError) as error:
        attribute_table.read_table(name, data)
    assert error.value.messages == [str(message)]


def test_typed_xlsx_cells_read_as_their_text_in_text_columns(project, grid):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["case", "district", "started", "budget"])
    workbook.active.append([2016, datetime.datetime(2016, 7, 10), datetime.datetime(2016, 7, 10), 3.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = attribute_table.read_table("g.xlsx", buffer.getvalue())
    plan = attribute_table.plan_import(project=project, rows=rows)
    assert plan.errors == [] and plan.new_cases == ["2016"]
    assert {(c.attribute, c.new) for c in plan.changes} == {
        ("district", "2016-07-10"),
        ("started", "2016-07-10"),
        ("budget", "3"),
    }
