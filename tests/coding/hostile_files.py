"""Hostile and huge transcript files, built in memory in well under a second (tests and bench).

Deflate streams are assembled from independently compressed segments: a segment compressed with a
fresh compressor and ended with a full flush never refers to earlier data and sets no final bit,
so the same compressed bytes can be repeated N times to inflate to the same text N times. That is
how a few megabytes stand for a gigabyte without ever building the gigabyte here.
"""

import random
import struct
import zlib

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
DOCX_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
DOCX_TAIL = "</w:body></w:document>"

SENTENCES = [
    "我们和街道的合作主要是通过政府购买服务的项目来进行的。",
    "民政局每年拨款，但是资金到位总是比较慢，我们只能先垫付。",
    "社区居委会有时候会把行政任务交给我们的社工，这让我们很为难。",
    "老人们对上门服务比较满意，特别是助餐和助浴这两项。",
    "评估的时候主要看台账和服务次数，很少有人真正去问老人的感受。",
    "其他几家服务中心的做法跟我们差不多，大家都在互相学习。",
    "𠮷祥社工站的负责人说，他们也遇到了同样的问题。",
    "我们希望有更多的自主性，可以根据老人的需要调整服务内容。",
]


def _segment(data: bytes, *, final=False) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def repeated_deflate(head: bytes, body: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, inflated size) of head + body * times + tail."""
    body_segment = _segment(body)
    stream = _segment(head) + body_segment * times + _segment(tail, final=True)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(body, crc)
    crc = zlib.crc32(tail, crc)
    return stream, crc, len(head) + len(body) * times + len(tail)


def raw_zip(entries) -> bytes:
    """A zip archive from (name, raw deflate bytes, crc, declared inflated size) entries.

    The declared size goes into both headers as given: it may lie about what the stream holds.
    """
    local, central = bytearray(), bytearray()
    for name, stream, crc, declared in entries:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 8, 0, 0, crc, len(stream), declared, len(encoded), 0
        )
        local += encoded + stream
        central += struct.pack(
            "<4s4B4HL2L5H2L",
            b"PK\x01\x02",
            20,
            0,
            20,
            0,
            0,
            8,
            0,
            0,
            crc,
            len(stream),
            declared,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    return bytes(local + central + end)


def _deflated(data: bytes):
    stream = _segment(data, final=True)
    return stream, zlib.crc32(data), len(data)


def _docx(document_stream, crc, declared) -> bytes:
    return raw_zip(
        [
            ("[Content_Types].xml", *_deflated(CONTENT_TYPES.encode())),
            ("_rels/.rels", *_deflated(RELS.encode())),
            ("word/document.xml", document_stream, crc, declared),
        ]
    )


def paragraphs_xml(count: int, seed: int = 0) -> bytes:
    """Word paragraphs of interview text, with the run markup Word really writes around it."""
    rng = random.Random(seed)
    parts = []
    for index in range(count):
        speaker = "问" if index % 2 == 0 else "答"
        text = speaker + "：" + "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
        parts.append(
            f'<w:p w:rsidR="00{index % 97:06d}"><w:pPr><w:spacing w:after="120"/></w:pPr>'
            f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="24"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
        )
    return "".join(parts).encode("utf-8")


def docx_with_xml(xml_mb: float) -> bytes:
    """A .docx whose document.xml holds about `xml_mb` megabytes of honest XML (sizes declared truly)."""
    body = paragraphs_xml(200)
    times = max(1, int(xml_mb * 1024 * 1024 / len(body)))
    stream, crc, size = repeated_deflate(DOCX_HEAD.encode(), body, times, DOCX_TAIL.encode())
    return _docx(stream, crc, size)


def docx_lying_header(actual_mb: int = 1024, declared_mb: int = 1) -> bytes:
    """A .docx whose headers declare `declared_mb` for document.xml while it inflates to `actual_mb`.

    The declared CRC is the one of the first declared bytes, so a reader that stops at the declared
    size sees a consistent (if truncated) member; only a reader that trusts no header notices.
    """
    chunk = b"<w:p><w:r><w:t>" + b"a" * (64 * 1024 - 31) + b"</w:t></w:r></w:p>"
    times = actual_mb * 1024 * 1024 // len(chunk)
    stream, _crc, _size = repeated_deflate(DOCX_HEAD.encode(), chunk, times, DOCX_TAIL.encode())
    declared = declared_mb * 1024 * 1024
    prefix = DOCX_HEAD.encode() + chunk * (declared // len(chunk) + 1)
    return _docx(stream, zlib.crc32(prefix[:declared]), declared)


def odt_space_bomb(count: int = 2_000_000_000) -> bytes:
    """A few hundred bytes of .odt asking for `count` spaces with one <text:s text:c=…/>."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:text><text:p>答：<text:s text:c="{count}"/></text:p></office:text>'
        "</office:body></office:document-content>"
    ).encode()
    return raw_zip(
        [
            ("mimetype", *_deflated(b"application/vnd.oasis.opendocument.text")),
            ("content.xml", *_deflated(content)),
        ]
    )


def docx_element_flood(elements: int) -> bytes:
    """One paragraph of `elements` empty runs: little XML per element, a big tree if kept whole.

    Random revision ids keep the compression ratio of a real document, so no ratio check sees it.
    """
    rng = random.Random(elements)
    body = "".join(f'<w:r w:rsidR="{rng.getrandbits(32):08X}"/>' for _ in range(10000)).encode()
    stream, crc, size = repeated_deflate(
        (DOCX_HEAD + "<w:p>").encode(), body, max(1, elements // 10000), ("</w:p>" + DOCX_TAIL).encode()
    )
    return _docx(stream, crc, size)


def transcript_text(size_bytes: int, seed: int = 0) -> str:
    """A Chinese interview transcript of about `size_bytes` UTF-8 bytes, with a header and turns."""
    rng = random.Random(seed)
    lines = ["访谈编号：20160710YJ2", "访谈日期：2016年7月10日", "地点：W区民政局", "受访者身份：社工", ""]
    size = sum(len(line.encode()) + 1 for line in lines)
    turn = 0
    while size < size_bytes:
        speaker = "问" if turn % 2 == 0 else "答"
        minutes, seconds = divmod(turn * 37, 60)
        line = f"[{minutes // 60 % 24:02d}:{minutes % 60:02d}:{seconds:02d}] {speaker}：" + "".join(
            rng.choice(SENTENCES) for _ in range(rng.randint(1, 6))
        )
        lines.append(line)
        size += len(line.encode()) + 1
        turn += 1
    return "\n".join(lines)
