"""Text of .docx files: the body's paragraphs and tables in document order.

We read word/document.xml ourselves, as a stream (archive.py, xmlstream.py), rather than through
python-docx, which inflates every part whole and builds the whole tree: a 14 MB file with 190 MB of
XML took a worker's memory with it. The text is what python-docx gives: runs and hyperlinks of each
paragraph (tabs, line breaks, non-breaking hyphens), table rows as cells joined by " | ", a merged
cell once per row.
"""

from lxml import etree

from coding.documents.importing.archive import ZipParts
from coding.documents.importing.archive import check_archive as check_archive  # re-exported
from coding.documents.importing.limits import DEFAULT_LIMITS, Limits, TextBudget
from coding.documents.importing.refusal import Refused
from coding.documents.importing.xmlstream import iter_blocks

CELL_SEPARATOR = " | "
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
BODY, P, TBL, TR, TC, R, HYPERLINK = (W + tag for tag in ("body", "p", "tbl", "tr", "tc", "r", "hyperlink"))
RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
DEFAULT_PART = "word/document.xml"
SMALL_PART = 1024 * 1024


def _main_part(parts: ZipParts) -> str:
    """The part the package relationships name as the document (Word: word/document.xml)."""
    if "_rels/.rels" not in parts:
        return DEFAULT_PART
    data = parts.read("_rels/.rels", limit=SMALL_PART)
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    except etree.XMLSyntaxError:
        raise Refused(Refused.CORRUPT) from None
    for relation in root.iter(RELS + "Relationship"):
        if relation.get("Type") == OFFICE_DOCUMENT and relation.get("TargetMode") != "External":
            return relation.get("Target", DEFAULT_PART).lstrip("/")
    return DEFAULT_PART


def _run_text(run) -> str:
    parts = []
    for child in run:
        if child.tag == W + "t":
            parts.append(child.text or "")
        elif child.tag == W + "br":
            # Page and column breaks are layout, not text.
            parts.append("\n" if child.get(W + "type", "textWrapping") == "textWrapping" else "")
        elif child.tag in RUN_TEXT:
            parts.append(RUN_TEXT[child.tag])
    return "".join(parts)


def paragraph_text(paragraph) -> str:
    parts = []
    for child in paragraph:
        if child.tag == R:
            parts.append(_run_text(child))
        elif child.tag == HYPERLINK:
            parts.extend(_run_text(run) for run in child if run.tag == R)
    return "".join(parts)


def _cell_property(cell, name):
    properties = cell.find(W + "tcPr")
    return None if properties is None else properties.find(W + name)


def _int(element, default):
    try:
        return max(0, int(element.get(W + "val"))) if element is not None else default
    except (TypeError, ValueError):
        return default


def table_lines(table) -> list[str]:
    lines, above = [], {}
    for row in table.iterchildren(TR):
        properties = row.find(W + "trPr")
        offset = _int(None if properties is None else properties.find(W + "gridBefore"), 0)
        here, cells, seen = {}, [], set()
        for cell in row.iterchildren(TC):
            span = max(1, _int(_cell_property(cell, "gridSpan"), 1))
            merge = _cell_property(cell, "vMerge")
            if merge is not None and merge.get(W + "val", "continue") == "continue" and offset in above:
                # A vertically merged cell reads as the cell where the merge began, as in Word.
                key, text = above[offset]
            else:
                key = id(cell)
                text = "\n".join(paragraph_text(p) for p in cell.iterchildren(P)).strip().replace("\n", " ")
            for column in range(offset, offset + span):
                here[column] = (key, text)
            offset += span
            if key not in seen:
                seen.add(key)
                cells.append(text)
        above = here
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def _body_block(element) -> bool:
    return element.tag in (P, TBL) and (parent := element.getparent()) is not None and parent.tag == BODY


def docx_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    parts = ZipParts(data)
    name = _main_part(parts)
    budget = TextBudget(limits.max_characters)
    chunks = parts.slices(name, limit=limits.max_xml_bytes, too_large=limits.xml_too_large())
    lines = []
    for block in iter_blocks(chunks, wanted=_body_block, limits=limits):
        new = [paragraph_text(block)] if block.tag == P else table_lines(block)
        budget.take(sum(len(line) + 1 for line in new))
        lines.extend(new)
    return "\n".join(lines)
