"""Decoding plain-text transcripts whose encoding nobody wrote down.

Order of evidence: a byte-order mark; UTF-16 without a mark (NUL bytes in every other
position); strict UTF-8 (it almost never decodes text in another encoding by accident); then the
Chinese legacy encodings. GB18030 and Big5 byte ranges overlap so much that most texts decode
strictly in both, so between them we prefer the reading whose characters are the common ones of
that encoding's own script, and let charset-normalizer decide the rest.
"""

import codecs
import re

from charset_normalizer import from_bytes

from coding.documents.importing.refusal import Refused

BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    # UTF-32 LE's mark starts with UTF-16 LE's, so test the longer one first.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# What users may choose instead of automatic detection; the names Python's codecs know.
ENCODING_CHOICES = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5", "big5hkscs"]

LEGACY_CANDIDATES = ["gb18030", "big5"]


# C0 controls other than tab, line feed, form feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Enough characters to tell GB18030 from Big5; counting every one of a 19 MB file took seconds.
COMMON_SHARE_SAMPLE = 200_000


def _looks_like_text(text):
    # Binary files decode as something in permissive encodings; control characters give them away.
    # The regex scans in C and stops at the first control character past 1 %.
    allowed = len(text) * 0.01
    for count, _match in enumerate(CONTROL.finditer(text), start=1):
        if count >= allowed:
            return False
    return True


COMMON_PUNCTUATION = set("，。：；？！“”‘’、（）《》…—·【】「」『』　")


def _common_share(text, encoding):
    """Share of the non-ASCII characters that are everyday ones in the encoding's own script.

    Everyday: full-width punctuation, and for GB18030 the 3,755 most used simplified characters
    (GB2312 level 1, B0A1–D7FE), for Big5 its 5,401 frequent traditional ones (A440–C67E). Text
    decoded with the wrong one of the two turns into rare characters, bopomofo and odd symbols,
    and its punctuation, which sits at different bytes in each, is the first thing to go.
    """
    wide = [char for char in text[: COMMON_SHARE_SAMPLE * 4] if ord(char) > 0x7F][:COMMON_SHARE_SAMPLE]
    if not wide:
        return 0.0
    common = 0
    for char in wide:
        if char in COMMON_PUNCTUATION:
            common += 1
            continue
        if not "\u4e00" <= char <= "\u9fff":
            continue
        try:
            value = int.from_bytes(char.encode("gb2312" if encoding == "gb18030" else "big5"), "big")
        except UnicodeEncodeError:
            continue
        if (0xB0A1 <= value <= 0xD7FE) if encoding == "gb18030" else (0xA440 <= value <= 0xC67E):
            common += 1
    return common / len(wide)


def _utf16_without_bom(data):
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has NULs in one half; CJK-heavy UTF-16 has none, and is left to the detector.
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _strict(data, encoding):
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a plain-text file; raises Refused."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise Refused(Refused.UNKNOWN_ENCODING, encoding=encoding) from None
        text = _strict(data, encoding)
        if text is None:
            raise Refused(Refused.WRONG_ENCODING, encoding=encoding)
        return text.removeprefix("\ufeff"), encoding
    for bom, name in BOMS:
        if data.startswith(bom):
            text = _strict(data, name)
            if text is None:
                raise Refused(Refused.UNDECODABLE)
            return text, {"utf-8-sig": "utf-8"}.get(name, name + ("-le" if bom[0] == 0xFF else "-be"))
    # Before UTF-8: Latin text in UTF-16 is valid UTF-8 too, full of NUL characters.
    name = _utf16_without_bom(data)
    if name:
        text = _strict(data, name)
        if text is not None and _looks_like_text(text):
            return text, name
    text = _strict(data, "utf-8")
    if text is not None:
        if not _looks_like_text(text):
            raise Refused(Refused.UNDECODABLE)
        return text, "utf-8"
    decoded = {}
    for candidate in LEGACY_CANDIDATES:
        text = _strict(data, candidate)
        if text is not None and _looks_like_text(text):
            decoded[candidate] = text
    if len(decoded) == 2:
        shares = {candidate: _common_share(text, candidate) for candidate, text in decoded.items()}
        best = max(shares, key=shares.get)
        if shares[best] - min(shares.values()) > 0.1:
            return decoded[best], best
        # Too close to call (a few characters): the mainland encoding is the likelier one here.
        return decoded["gb18030"], "gb18030"
    if len(decoded) == 1:
        ((candidate, text),) = decoded.items()
        return text, candidate
    guess = from_bytes(data).best()
    if guess is None or guess.encoding is None:
        raise Refused(Refused.UNDECODABLE)
    # GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters survive.
    name = "gb18030" if guess.encoding in {"gb2312", "gbk", "hz"} else guess.encoding
    text = _strict(data, name)
    if text is None or not _looks_like_text(text):
        raise Refused(Refused.UNDECODABLE)
    return text, name
