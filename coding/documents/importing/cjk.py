"""Kangxi radicals, CJK radicals and compatibility ideographs back to the unified ideographs.

PDF tools (and some input methods) emit ⽇ (U+2F47 KANGXI RADICAL SUN) where the author wrote 日
(U+65E5): they look the same, but search, segmentation and the header's date then miss them.
Full NFKC would fix these and also turn full-width punctuation (，：（）) into ASCII, which
transcripts use on purpose; so only these ranges are mapped, each character to the one code
point its Unicode decomposition names. The mapping is one code point for one, so offsets are kept.
"""

import unicodedata

RANGES = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement (only the few with a decomposition change)
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)


def _table() -> dict[int, int]:
    table = {}
    for first, last in RANGES:
        for code in range(first, last + 1):
            parts = unicodedata.decomposition(chr(code)).split()
            if parts and parts[0].startswith("<"):
                parts = parts[1:]  # the <compat> tag of the radicals
            if len(parts) == 1:
                table[code] = int(parts[0], 16)
    return table


UNIFIED = _table()


def unify_cjk(text: str) -> str:
    return text.translate(UNIFIED)
