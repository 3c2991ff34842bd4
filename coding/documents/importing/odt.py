"""Text of OpenDocument .odt files (LibreOffice, WPS): paragraphs, headings, lists and tables in order.

content.xml is read as a stream from the archive (archive.py, xmlstream.py), a paragraph or table
at a time. `<text:s text:c="N"/>` asks for N spaces: N is counted against the text budget before
a single space is made, so a 400-byte file cannot ask for two billion of them.
"""

from coding.documents.importing.archive import ZipParts
from coding.documents.importing.limits import DEFAULT_LIMITS, Limits, TextBudget
from coding.documents.importing.refusal import Refused
from coding.documents.importing.word import CELL_SEPARATOR
from coding.documents.importing.xmlstream import iter_blocks

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
P, H, S = (f"{{{TEXT}}}{tag}" for tag in ("p", "h", "s"))
TABLE_TAG, ROW, CELL = (f"{{{TABLE}}}{tag}" for tag in ("table", "table-row", "table-cell"))
OFFICE_TEXT = f"{{{OFFICE}}}text"
ANNOTATION = f"{{{OFFICE}}}annotation"
SPACE_COUNT = f"{{{TEXT}}}c"


def _spaces(element, budget: TextBudget) -> str:
    try:
        count = max(1, int(element.get(SPACE_COUNT, "1")))
    except ValueError:
        count = 1
    budget.take(count)  # refuses before the spaces exist when they would pass the limit
    return " " * count


def _inline(element, budget: TextBudget) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == S:
            parts.append(_spaces(child, budget))
        elif child.tag == f"{{{TEXT}}}tab":
            parts.append("\t")
        elif child.tag == f"{{{TEXT}}}line-break":
            parts.append("\n")
        elif child.tag != ANNOTATION:  # comments are not the transcript
            parts.append(_inline(child, budget))
        parts.append(child.tail or "")
    return "".join(parts)


def _table_lines(table, budget: TextBudget) -> list[str]:
    lines = []
    for row in table.iter(ROW):
        cells = [
            " ".join(_inline(p, budget).strip() for p in cell.iter(P)) for cell in row.iterchildren(CELL)
        ]
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def _top_level_block(element) -> bool:
    """A paragraph, heading or table of the document text, not one inside another (cells, frames)."""
    if element.tag not in (P, H, TABLE_TAG):
        return False
    for ancestor in element.iterancestors():
        if ancestor.tag in (P, H, TABLE_TAG):
            return False
        if ancestor.tag == OFFICE_TEXT:
            return True
    return False


def odt_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    parts = ZipParts(data)
    if "content.xml" not in parts:
        raise Refused(Refused.CORRUPT)
    chunks = parts.slices("content.xml", limit=limits.max_xml_bytes, too_large=limits.xml_too_large())
    budget = TextBudget(limits.max_characters)
    lines, bodies = [], []

    def wanted(element):
        if element.tag == OFFICE_TEXT:
            bodies.append(True)
        return _top_level_block(element)

    for block in iter_blocks(chunks, wanted=wanted, limits=limits):
        charged = budget.used  # spaces are charged as they are made, the rest once the block is read
        new = [_inline(block, budget)] if block.tag in (P, H) else _table_lines(block, budget)
        budget.take(sum(len(line) + 1 for line in new) - (budget.used - charged))
        lines.extend(new)
    if not bodies:
        # Only an office:text body makes a text document (a spreadsheet's content.xml has none).
        raise Refused(Refused.CORRUPT)
    return "\n".join(lines)
