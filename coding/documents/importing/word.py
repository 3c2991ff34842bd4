"""Text of .docx files: paragraphs and tables in document order, after checking the archive."""

import io
import zipfile

from coding.documents.importing.refusal import Refused

# A .docx is a zip archive, so it can be a zip bomb: a few kilobytes that inflate to gigabytes.
# Real transcripts inflate 3–20 times; declared sizes bound what zipfile will actually inflate
# (it stops at the declared size and then fails the CRC check), so checking them is enough.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
CELL_SEPARATOR = " | "


def check_archive(data: bytes, *, max_uncompressed=MAX_UNCOMPRESSED_BYTES) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(Refused.CORRUPT) from None
    if len(entries) > MAX_ENTRIES:
        raise Refused(Refused.HOSTILE_ARCHIVE)
    total = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries) or 1
    if total > max_uncompressed or (total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
        raise Refused(Refused.HOSTILE_ARCHIVE)


def _table_lines(table):
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # Merged cells come back once per grid column they span; keep each once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip().replace("\n", " "))
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def docx_text(data: bytes) -> str:
    check_archive(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
    # Any failure to parse an untrusted upload means, to the user, that the file is damaged.
    except Exception:  # noqa: BLE001
        raise Refused(Refused.CORRUPT) from None
    return "\n".join(lines)
