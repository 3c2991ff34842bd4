"""Real transcript files built in memory for the import tests and the benchmark."""

import io
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

TRANSCRIPT = (
    "访谈编号：20160710YJ2\n"
    "访谈日期：2016年7月10日\n"
    "地点：W区民政局\n"
    "受访者身份：民政局科长\n"
    "\n"
    "[00:00:05] 问：你们和服务中心是怎么合作的？\n"
    "答：主要是政府购买服务，合同一年一签。\n"
    "我们每个月检查一次台账。\n"
    "问：有没有遇到困难？\n"
    "答：有，𠮷字也打不出来。\n"
)


def docx_bytes(paragraphs, table_rows=()):
    import docx

    document = docx.Document()
    for paragraph in paragraphs[:1]:
        document.add_paragraph(paragraph)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(inflated_mb=16):
    """A .docx-shaped archive whose one part inflates from ~60 KB to tens of megabytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (inflated_mb * 1024 * 1024))
    return buffer.getvalue()


def fixture(name):
    return (FIXTURES / name).read_bytes()


def odt_bytes(body_xml: str) -> bytes:
    """A minimal OpenDocument text file around the given office:text content."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
        f"<office:body><office:text>{body_xml}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content.encode("utf-8"))
    return buffer.getvalue()
