"""Position models (DIGEST §4): every unit and line-ending reading real tools use."""

import codecs

import pytest

from exchange.refi import positions
from exchange.refi.model import Selection
from exchange.refi.positions import PositionModel, decode_text, model_for_origin, place_selections, to_utf16

TEXT = "𠮷野家的牛肉饭😀很好吃。\n第二行：合作社 works well.\n"


def utf16(text, index):
    return len(text[:index].encode("utf-16-le")) // 2


def span_of(text, passage):
    start = text.index(passage)
    return start, start + len(passage)


def test_origin_chooses_the_model():
    assert model_for_origin("NVivo for Windows 12.6") == PositionModel("utf16", 2, False)
    assert model_for_origin("QualCoder 3.5") == PositionModel("utf16", 1, False)
    assert model_for_origin("ATLAS.ti 23") == PositionModel("cp", 1, False)
    assert model_for_origin("MAXQDA 2022") == PositionModel("cp", 2, False)
    assert model_for_origin("") == PositionModel("cp", 2, False)


def test_utf16_offsets_after_astral_characters_are_placed_in_code_points():
    start, end = span_of(TEXT, "合作社")
    selection = Selection("s", utf16(TEXT, start), utf16(TEXT, end))
    stored, model, problems = place_selections(TEXT, [selection], model_for_origin("NVivo 20"))
    assert stored[selection.start : selection.end] == "合作社"
    assert model == "utf16/crlf2/bom-skipped"
    assert problems == []


def test_code_point_offsets_from_an_unknown_tool_stay_code_points():
    start, end = span_of(TEXT, "合作社")
    selection = Selection("s", start, end, name="合作社")
    stored, _model, problems = place_selections(TEXT, [selection], model_for_origin("SomeTool"))
    assert (selection.start, selection.end) == (start, end)
    assert problems == []


def test_a_quote_overrules_the_origin_when_the_tool_lied_about_its_unit():
    start, end = span_of(TEXT, "works")
    # Says QualCoder (UTF-16) but the numbers are code points: the quote shows it.
    selection = Selection("s", start, end, name="works")
    stored, model, problems = place_selections(TEXT, [selection], model_for_origin("QualCoder 3"))
    assert stored[selection.start : selection.end] == "works"
    assert model.startswith("cp/")
    assert problems == []


def test_word_boundaries_pick_utf16_when_there_is_no_quote():
    text = "😀😀😀 alpha beta gamma delta\n"
    selections = []
    for word in ("alpha", "beta", "gamma", "delta"):
        start, end = span_of(text, word)
        selections.append(Selection(word, utf16(text, start), utf16(text, end)))
    stored, model, _ = place_selections(text, selections, model_for_origin("Unknown"))
    assert model.startswith("utf16/")
    assert [stored[s.start : s.end] for s in selections] == ["alpha", "beta", "gamma", "delta"]


@pytest.mark.parametrize(
    ("origin", "crlf_width"),
    [("NVivo for Windows 12.6", 2), ("ATLAS.ti 9", 1), ("QualCoder 3.5", 1)],
)
def test_crlf_counted_as_one_or_two(origin, crlf_width):
    raw = "第一行 line one\r\n第二行 line two\r\n第三行 target here\r\n"
    lf = raw.replace("\r\n", "\n")
    start, end = span_of(lf, "target")
    line_breaks = lf[:start].count("\n")
    extra = line_breaks * (crlf_width - 1)
    selection = Selection("s", start + extra, end + extra, name="target")
    stored, model, problems = place_selections(raw, [selection], model_for_origin(origin))
    assert stored == lf
    assert stored[selection.start : selection.end] == "target"
    assert f"crlf{crlf_width}" in model or "\r\n" not in raw
    assert problems == []


def test_crlf_as_two_without_a_quote_found_by_word_boundaries():
    raw = "".join(f"line number {n} has words\r\n" for n in range(30))
    lf = raw.replace("\r\n", "\n")
    selections = []
    for n in (5, 12, 20, 28):
        start, end = span_of(lf, f"number {n} has")
        selections.append(Selection(str(n), start + n, end + n))  # n CRLFs before, each counted as 2
    stored, model, _ = place_selections(raw, selections, model_for_origin("MAXQDA"))
    assert "crlf2" in model
    assert [stored[s.start : s.end] for s in selections] == [f"number {n} has" for n in (5, 12, 20, 28)]


def test_a_counted_bom_shifts_every_offset_by_one():
    raw = "\ufeff合作社和村委会"
    selection = Selection("s", 5, 8, name="村委会")  # counted the BOM
    stored, model, _ = place_selections(raw, [selection], model_for_origin("Unknown"))
    assert stored[selection.start : selection.end] == "村委会"
    assert model.endswith("bom-counted")


def test_a_skipped_bom_is_not_counted():
    raw = "\ufeff合作社和村委会"
    selection = Selection("s", 3, 6, name="和村委")
    stored, model, _ = place_selections(raw, [selection], model_for_origin("NVivo"))
    assert stored[selection.start : selection.end] == "和村委"
    assert model.endswith("bom-skipped")


def test_an_ellipsis_shortened_quote_still_matches():
    raw = "ATLAS.ti shortens long quotations like this one in names."
    start, end = span_of(raw, "shortens long quotations like this")
    selection = Selection("s", start, end, name="shortens long quot…")
    _stored, _model, problems = place_selections(raw, [selection], model_for_origin("ATLAS.ti 8"))
    assert problems == []


def test_selections_past_the_end_are_clamped_or_reported():
    raw = "短文本"
    clamped = Selection("a", 1, 10)
    lost = Selection("b", 10, 12)
    selections = [clamped, lost]
    stored, _model, problems = place_selections(raw, selections, model_for_origin(""), where="短")
    assert selections == [clamped]
    assert (clamped.start, clamped.end) == (1, 3)
    assert [(p.kind, p.where, p.detail["guid"]) for p in problems] == [
        ("selection_clamped", "短", "a"),
        ("selection_unplaceable", "短", "b"),
    ]


def test_a_quote_that_matches_nothing_is_reported_but_kept():
    raw = "合作社和村委会"
    selection = Selection("s", 0, 3, name="完全不同")
    _stored, _model, problems = place_selections(raw, [selection], model_for_origin(""))
    assert [p.kind for p in problems] == ["selection_quote_mismatch"]
    assert (selection.start, selection.end) == (0, 3)


def test_decomposed_text_is_stored_nfc_and_offsets_follow():
    raw = "Cafe\u0301 au lait, cafe\u0301 noir"  # e + combining acute, as macOS writes it
    start = raw.index("au")
    selection = Selection("s", start, start + 7, name="au lait")
    stored, _model, problems = place_selections(raw, [selection], model_for_origin(""))
    assert stored == "Café au lait, café noir"
    assert stored[selection.start : selection.end] == "au lait"
    assert problems == []


@pytest.mark.parametrize(
    "data",
    [
        "合作社😀".encode(),
        codecs.BOM_UTF8 + "合作社😀".encode(),
        codecs.BOM_UTF16_LE + "合作社😀".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "合作社😀".encode("utf-16-be"),
        "plain ascii text".encode("utf-16-le"),
        "合作社，很好".encode("gb18030"),
    ],
)
def test_text_files_decode_with_or_without_a_bom(data):
    text = decode_text(data)
    assert text.lstrip("\ufeff") in ("合作社😀", "plain ascii text", "合作社，很好")


def test_to_utf16_counts_astral_characters_twice():
    assert to_utf16("𠮷a😀b", [0, 1, 2, 3, 4]) == [0, 2, 3, 5, 6]
    assert to_utf16("合作社", [0, 3]) == [0, 3]


def test_model_map_refuses_offsets_inside_a_surrogate_pair():
    mapper = positions.ModelMap("a😀b", PositionModel("utf16", 2, False))
    assert mapper.raw_index(1) == 1
    assert mapper.raw_index(2) is None
    assert mapper.raw_index(3) == 2
    assert mapper.raw_index(5) is None
