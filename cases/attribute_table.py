"""The case × attribute grid as a spreadsheet: export to CSV/XLSX, and import with a preview.

An import is read into a plan (new cases, changed values) or a list of errors by row and column,
as the spreadsheet numbers them; it is applied all at once or not at all. Cases are matched by
name (first column); columns by attribute name; an empty cell clears the value.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import errors
from cases.models import Attribute, AttributeType, AttributeValue, Case
from cases.values import InvalidValue, parse_value
from coding.documents.importing import Refused
from coding.documents.importing.encodings import decode_text
from coding.documents.importing.word import check_archive
from config import spreadsheet

VALUE_COLUMNS = ("text_value", "number_value", "date_value", "boolean_value")
# Spreadsheet programs run cells that start with these as formulas; exported text gets a quote.
CASE_COLUMN = "case"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _grid(project):
    attributes = list(Attribute.objects.filter(project=project).order_by("order", "name", "id"))
    cases = list(Case.objects.filter(project=project).order_by("name", "id"))
    values = {
        (value.case_id, value.attribute_id): value.value
        for value in AttributeValue.objects.filter(case__project=project)
    }
    return attributes, cases, values


def export_rows(*, project):
    """Header row then one row per case, values in Python types (numbers, dates, booleans)."""
    attributes, cases, values = _grid(project)
    rows = [[CASE_COLUMN, *(attribute.name for attribute in attributes)]]
    for case in cases:
        rows.append([case.name, *(values.get((case.pk, attribute.pk)) for attribute in attributes)])
    return rows


def export_csv(*, project) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(project=project):
        # Only text can be mistaken for a formula; numbers such as -5 stay numbers.
        writer.writerow(
            [spreadsheet.cell(value) if isinstance(value, str) else display(value) for value in row]
        )
    # With a BOM, Excel opens UTF-8 Chinese correctly instead of guessing a legacy code page.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(*, project) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "cases"
    for row in export_rows(project=project):
        # Text stays text (never a formula such as "=1+1"), and without characters XLSX cannot hold.
        sheet.append([spreadsheet.cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_table(filename: str, data: bytes) -> list[list]:
    """Rows of raw cell values from a .csv (any encoding we can detect) or the first sheet of an .xlsx."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text, _encoding = decode_text(data)
        except Refused:
            raise ValidationError(errors.TABLE_UNREADABLE) from None
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        return [[_unquote(cell) for cell in row] for row in rows]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            check_archive(data)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            workbook.close()
        except Exception:  # noqa: BLE001 - any failure to parse an upload reads as a damaged file
            raise ValidationError(errors.TABLE_UNREADABLE) from None
        return [[_unquote(cell) for cell in row] for row in rows]
    raise ValidationError(errors.TABLE_UNSUPPORTED)


def _unquote(cell):
    return spreadsheet.unquote(cell)


def _cell_for(attribute_type, raw):
    """Spreadsheet cells arrive typed: a date typed into a text column must read as 2016-07-10,
    not 2016-07-10 00:00:00, and a number 3.0 in a category column as 3."""
    if isinstance(raw, datetime.datetime) and raw.time() == datetime.time():
        raw = raw.date()
    if attribute_type in (AttributeType.TEXT, AttributeType.CATEGORY):
        if isinstance(raw, datetime.date | float) or (isinstance(raw, int) and not isinstance(raw, bool)):
            return display(raw)
    return raw


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


@dataclass
class Change:
    case: str
    attribute: str
    old: str
    new: str


@dataclass
class Plan:
    new_cases: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # Change
    errors: list = field(default_factory=list)  # str, each naming row and column
    rows: int = 0
    # What apply() writes: (case name, attribute, column or None to clear, python value)
    writes: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(self.new_cases or self.changes)


def plan_import(*, project, rows) -> Plan:
    plan = Plan()
    rows = [row for row in rows]
    while rows and all(_blank(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        plan.errors.append(str(errors.TABLE_EMPTY))
        return plan
    header = rows[0]
    attributes = {attribute.name: attribute for attribute in Attribute.objects.filter(project=project)}
    columns = {}  # index → attribute
    seen_names = {}
    for index, raw in enumerate(header[1:], start=1):
        name = "" if raw is None else str(raw).strip()
        column_has_values = any(index < len(row) and not _blank(row[index]) for row in rows[1:])
        if not name:
            if column_has_values:
                plan.errors.append(
                    errors.COLUMN_ERROR.format(column=column_letter(index), message=errors.EMPTY_COLUMN_NAME)
                )
            continue
        if name in seen_names:
            plan.errors.append(
                errors.COLUMN_ERROR.format(
                    column=column_letter(index), message=errors.DUPLICATE_COLUMN.format(name=name)
                )
            )
            continue
        seen_names[name] = index
        if name not in attributes:
            plan.errors.append(
                errors.COLUMN_ERROR.format(
                    column=column_letter(index), message=errors.UNKNOWN_ATTRIBUTE.format(name=name)
                )
            )
            continue
        columns[index] = attributes[name]
    body = [
        (number, row) for number, row in enumerate(rows[1:], start=2) if not all(_blank(cell) for cell in row)
    ]
    if not body:
        plan.errors.append(str(errors.TABLE_NO_ROWS))
        return plan
    existing = {case.name: case for case in Case.objects.filter(project=project)}
    current = {
        (value.case_id, value.attribute_id): value.value
        for value in AttributeValue.objects.filter(case__project=project)
    }
    first_row = {}
    for number, row in body:
        plan.rows += 1
        raw_name = _cell_for(AttributeType.TEXT, row[0]) if row else None
        case_name = "" if raw_name is None else display(raw_name).strip()

        def cell_error(column, message, number=number):
            plan.errors.append(errors.CELL_ERROR.format(row=number, column=column, message=message))

        if not case_name:
            cell_error("A", errors.CASE_NAME_MISSING)
            continue
        if len(case_name) > 200:
            cell_error("A", errors.CASE_NAME_TOO_LONG)
            continue
        if case_name in first_row:
            cell_error("A", errors.CASE_NAME_REPEATED.format(name=case_name, first=first_row[case_name]))
            continue
        first_row[case_name] = number
        case = existing.get(case_name)
        if case is None:
            plan.new_cases.append(case_name)
        for index, attribute in columns.items():
            raw = row[index] if index < len(row) else None
            old = current.get((case.pk, attribute.pk)) if case else None
            if _blank(raw):
                if old is not None:
                    plan.changes.append(Change(case_name, attribute.name, display(old), ""))
                    plan.writes.append((case_name, attribute, None, None))
                continue
            raw = _cell_for(attribute.type, raw)
            try:
                column, value = parse_value(attribute.type, attribute.choices, raw)
            except InvalidValue as exc:
                cell_error(column_letter(index), exc.args[0])
                continue
            if old is None or display(old) != display(value):
                plan.changes.append(Change(case_name, attribute.name, display(old), display(value)))
                plan.writes.append((case_name, attribute, column, value))
    return plan


@transaction.atomic
def apply_import(*, project, rows) -> Plan:
    """Plan again against the current data, then write everything, or raise and write nothing."""
    plan = plan_import(project=project, rows=rows)
    if plan.errors:
        raise ValidationError([errors.TABLE_HAS_ERRORS, *plan.errors])
    for name in plan.new_cases:
        Case.objects.create(project=project, name=name)
    cases = {case.name: case for case in Case.objects.filter(project=project)}
    for case_name, attribute, column, value in plan.writes:
        case = cases[case_name]
        if column is None:
            AttributeValue.objects.filter(case=case, attribute=attribute).delete()
            continue
        stored = dict.fromkeys(VALUE_COLUMNS)
        stored[column] = value
        AttributeValue.objects.update_or_create(case=case, attribute=attribute, defaults=stored)
    return plan
