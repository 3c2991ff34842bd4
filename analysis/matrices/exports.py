"""Tables to files: CSV (UTF-8 with BOM) and XLSX. Pure functions over rows of plain values.

Every text cell goes through config.spreadsheet.cell first: neutralised against formula injection
and cleared of characters XLSX cannot hold (see there).
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from config import spreadsheet

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = spreadsheet.FORMULA_STARTS
# Excel on Chinese Windows reads a CSV without a byte-order mark as GBK and garbles UTF-8.
BOM = "\ufeff"
# Excel refuses sheet titles longer than 31 characters or holding any of these.
SHEET_TITLE_FORBIDDEN = set("[]:*?/\\")


neutralise = spreadsheet.neutralise


def _clean(value):
    return "" if value is None else spreadsheet.cell(value)


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_clean(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def sheet_title(title):
    title = spreadsheet.xml_safe(str(title))
    cleaned = "".join(" " if char in SHEET_TITLE_FORBIDDEN else char for char in title).strip()
    return (cleaned or "Sheet")[:31]


def to_xlsx(rows, *, title="Sheet") -> bytes:
    """One sheet; the first row is a bold header and stays in view when scrolling."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_clean(value))
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
