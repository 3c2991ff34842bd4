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


def cjk_pdf_bytes(lines):
    """A one-page PDF whose text layer maps each glyph to the given characters, as a PDF tool
    writes Chinese: a Type0 font (Identity-H, two-byte codes) with a ToUnicode CMap. That map is
    where Kangxi radicals (⽇ U+2F47) end up in real files, so put them in `lines` to get them."""
    chars = sorted({char for line in lines for char in line})
    code = {char: index + 1 for index, char in enumerate(chars)}

    def utf16_hex(char):
        return char.encode("utf-16-be").hex().upper()

    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange",
            f"{len(chars)} beginbfchar",
            *(f"<{code[char]:04X}> <{utf16_hex(char)}>" for char in chars),
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    ).encode()
    shows = " ".join(
        f"0 -{20 if index else 0} Td <{''.join(f'{code[char]:04X}' for char in line)}> Tj"
        for index, line in enumerate(lines)
    )
    content = f"BT /F1 12 Tf 20 180 Td {shows} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
