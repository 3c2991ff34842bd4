"""Writes the two tiny PDFs under tests/fixtures/: one with a text layer, one without (a "scan").

Hand-written PDF syntax, so that no PDF-writing library is needed; run it again only to change them.
"""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def pdf(content_stream: bytes, with_font: bool) -> bytes:
    font = b"/Resources << /Font << /F1 5 0 R >> >> " if with_font else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] " + font + b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content_stream) + content_stream + b"\nendstream",
    ]
    if with_font:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TEXT = b"BT /F1 12 Tf 20 150 Td (Q: How do you work with the street office?) Tj 0 -20 Td (A: Through purchase projects.) Tj ET"
# Only a grey rectangle: what a scanned page looks like to a text extractor.
SCAN = b"0.5 g 20 20 260 160 re f"

if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    (FIXTURES / "interview_with_text.pdf").write_bytes(pdf(TEXT, with_font=True))
    (FIXTURES / "scanned_interview.pdf").write_bytes(pdf(SCAN, with_font=False))
