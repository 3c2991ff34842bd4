"""Text of OpenDocument .odt files (LibreOffice, WPS): paragraphs, headings, lists and tables in order.

The standard library is enough: content.xml is plain XML in a zip archive, checked like a .docx
for zip bombs first; expat (2.4.1 and later) refuses entity-expansion bombs by itself.
"""

import io
import zipfile
from xml.etree import ElementTree

from coding.documents.importing.refusal import Refused
from coding.documents.importing.word import CELL_SEPARATOR, check_archive

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif child.tag == f"{{{TEXT}}}tab":
            parts.append("\t")
        elif child.tag == f"{{{TEXT}}}line-break":
            parts.append("\n")
        elif child.tag != f"{{{OFFICE}}}annotation":  # comments are not the transcript
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(element, lines):
    for child in element:
        if child.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            lines.append(_inline(child))
        elif child.tag == f"{{{TABLE}}}table":
            for row in child.iter(f"{{{TABLE}}}table-row"):
                cells = [
                    " ".join(_inline(p).strip() for p in cell.iter(f"{{{TEXT}}}p"))
                    for cell in row.findall(f"{{{TABLE}}}table-cell")
                ]
                if any(cells):
                    lines.append(CELL_SEPARATOR.join(cells))
        else:  # lists, sections, frames: their paragraphs, in order
            _blocks(child, lines)


def odt_text(data: bytes) -> str:
    check_archive(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError):
        raise Refused(Refused.CORRUPT) from None
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise Refused(Refused.CORRUPT)
    lines = []
    _blocks(body, lines)
    return "\n".join(lines)
