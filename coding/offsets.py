"""Text normalisation and offset units. Pure Python, no Django.

The one canonical offset unit in qualcase is the Unicode code point over the stored text, which is
NFC with `\\n` line endings. Browsers count UTF-16 code units instead; characters outside the Basic
Multilingual Plane (𠮷 U+20BB7, emoji) are one code point but two UTF-16 units. The browser side
converts in static/js/offsets.js; the functions here are the server-side mirror used by tests,
imports and exports.
"""

import hashlib
import unicodedata

BYTE_ORDER_MARK = "\ufeff"


def normalize_text(text: str) -> str:
    """Return text as qualcase stores it: NFC, `\\n` line endings, no byte-order mark."""
    if text.startswith(BYTE_ORDER_MARK):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utf16_offset(text: str, code_point_offset: int) -> int:
    """UTF-16 code units before the given code point offset."""
    prefix = text[:code_point_offset]
    return code_point_offset + sum(1 for char in prefix if ord(char) > 0xFFFF)


def code_point_offset(text: str, utf16_units: int) -> int:
    """The code point offset at a UTF-16 position; a position inside a surrogate pair is an error."""
    units = 0
    for index, char in enumerate(text):
        if units == utf16_units:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > utf16_units:
            raise ValueError(
                f"UTF-16 offset {utf16_units} falls inside the surrogate pair at code point {index}"
            )
    if units == utf16_units:
        return len(text)
    raise ValueError(f"UTF-16 offset {utf16_units} is beyond the end of the text ({units} units)")
