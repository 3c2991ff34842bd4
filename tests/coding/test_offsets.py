"""Offsets are code points over NFC, \\n-normalised text; UTF-16 positions convert exactly."""

import unicodedata

import pytest

from coding.offsets import code_point_offset, content_hash, normalize_text, utf16_offset

ASTRAL = "𠮷"  # U+20BB7, one code point, two UTF-16 units
EMOJI = "👍🏽"  # two code points (thumbs up + skin tone), four UTF-16 units


def test_crlf_and_lone_cr_become_newlines():
    assert normalize_text("问：好吗？\r\n答：好。\r第三行") == "问：好吗？\n答：好。\n第三行"


def test_text_is_stored_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Café 政社互动")
    assert normalize_text(decomposed) == "Café 政社互动"
    assert len(normalize_text(decomposed)) == len("Café 政社互动")


def test_byte_order_mark_is_dropped():
    assert normalize_text("\ufeff答：是的") == "答：是的"


def test_same_text_has_same_hash_whatever_the_line_endings():
    assert content_hash(normalize_text("a\r\nb")) == content_hash(normalize_text("a\nb"))


@pytest.mark.parametrize(
    ("text", "code_points", "units"),
    [
        (f"{ASTRAL}野家", 1, 2),
        (f"{ASTRAL}野家", 3, 4),
        (f"好{EMOJI}好", 3, 5),
        ("plain", 5, 5),
    ],
)
def test_utf16_and_code_point_offsets_round_trip(text, code_points, units):
    assert utf16_offset(text, code_points) == units
    assert code_point_offset(text, units) == code_points


def test_a_utf16_position_inside_a_surrogate_pair_is_refused():
    with pytest.raises(ValueError, match="inside the surrogate pair"):
        code_point_offset(f"a{ASTRAL}b", 2)
