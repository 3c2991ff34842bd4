"""The pure import pipeline: encodings, .docx, .pdf, speaker turns and metadata, on real bytes."""

import datetime
import io
import zipfile

import pytest

from coding.documents.importing import Refused, extract
from coding.documents.importing.cjk import UNIFIED, unify_cjk
from coding.documents.importing.metadata import from_file_name, parse_date
from coding.documents.importing.turns import find_turns
from tests.coding.import_files import TRANSCRIPT, cjk_pdf_bytes, docx_bytes, fixture, odt_bytes, zip_bomb_docx

SIMPLIFIED = "问：你们和街道怎么合作？\n答：主要靠项目制，民政局每年拨款。"
TRADITIONAL = "問：你們和街道怎麼合作？\n答：主要靠項目制，民政局每年撥款。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TRANSCRIPT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TRANSCRIPT.encode("utf-8"), "utf-8"),
        (TRANSCRIPT.encode("utf-16"), "utf-16-le"),  # Python writes the BOM, little-endian here
        (b"\xfe\xff" + TRANSCRIPT.encode("utf-16-be"), "utf-16-be"),
        (TRANSCRIPT.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 LE with BOM", "utf-16 BE with BOM", "gb18030 with CRLF"],
)
def test_plain_text_in_every_common_encoding_reads_back_the_same_text(data, encoding):
    extracted = extract("访谈.txt", data)
    assert extracted.text == TRANSCRIPT
    assert extracted.encoding == encoding
    assert "𠮷" in extracted.text and "\r" not in extracted.text and "\ufeff" not in extracted.text


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        ("答：好。", "gb18030", "gb18030"),
        ("問：好嗎？答：好。", "big5", "big5"),
    ],
)
def test_gb18030_and_big5_are_told_apart_even_in_short_texts(text, codec, expected):
    extracted = extract("a.txt", text.encode(codec))
    assert (extracted.text, extracted.encoding) == (text, expected)


def test_utf16_without_a_byte_order_mark_is_recognised_for_latin_text():
    text = "Interviewer: How long have you worked here?\nRespondent: Six years."
    assert extract("a.txt", text.encode("utf-16-le")).text == text


def test_the_users_encoding_overrides_detection():
    data = SIMPLIFIED.encode("gb18030")
    assert extract("a.txt", data, "gb18030").text == SIMPLIFIED
    with pytest.raises(Refused) as refused:
        extract("a.txt", data, "utf-8")
    assert refused.value.reason == Refused.WRONG_ENCODING
    with pytest.raises(Refused) as refused:
        extract("a.txt", data, "klingon")
    assert refused.value.reason == Refused.UNKNOWN_ENCODING


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("empty.txt", b"", Refused.EMPTY),
        ("blank.txt", "\n \u3000\n".encode(), Refused.EMPTY),
        ("photo.jpg", b"\xff\xd8\xff\xe0", Refused.UNSUPPORTED),
        ("README", b"text", Refused.UNSUPPORTED),
        ("binary.txt", bytes(range(256)) * 8, Refused.UNDECODABLE),
        ("broken.docx", b"PK\x03\x04 not really a zip", Refused.CORRUPT),
        ("not-word.docx", fixture("interview_with_text.pdf"), Refused.CORRUPT),
        ("broken.pdf", b"%PDF-1.4\nnothing else", Refused.CORRUPT),
        ("scan.pdf", fixture("scanned_interview.pdf"), Refused.NO_TEXT_LAYER),
        ("bomb.docx", zip_bomb_docx(), Refused.HOSTILE_ARCHIVE),
    ],
)
def test_files_that_cannot_be_transcripts_are_refused_with_the_reason(filename, data, reason):
    with pytest.raises(Refused) as refused:
        extract(filename, data)
    assert refused.value.reason == reason


def test_docx_paragraphs_and_tables_come_out_in_document_order():
    data = docx_bytes(
        ["问：服务中心有几个？", "答：四个。"],
        table_rows=[("中心", "服务次数"), ("阳光", "1,745")],
    )
    extracted = extract("20160711LS1.docx", data)
    assert extracted.text == "问：服务中心有几个？\n中心 | 服务次数\n阳光 | 1,745\n答：四个。"
    assert extracted.format == "docx" and extracted.encoding == ""
    assert [turn.speaker for turn in extracted.turns] == ["问", "答"]


def test_pdf_text_layer_is_read():
    extracted = extract("interview.pdf", fixture("interview_with_text.pdf"))
    assert extracted.text == "Q: How do you work with the street office?\nA: Through purchase projects."
    assert [turn.speaker for turn in extracted.turns] == ["Q", "A"]


def test_a_pdf_with_kangxi_radicals_reads_as_unified_ideographs_with_its_punctuation_kept():
    # ⽇ ⽉ ⾏ are Kangxi radicals (U+2F47, U+2F49, U+2F8F): what a common PDF tool's ToUnicode map gives.
    data = cjk_pdf_bytes(["访谈⽇期：2016年7⽉10⽇", "", "问：⾏政依附怎么理解？", "答：“靠拨款”（每年）。"])
    extracted = extract("访谈.pdf", data)
    assert "⽇" not in extracted.text and "⾏" not in extracted.text
    assert "行政依附" in extracted.text
    assert "：“靠拨款”（每年）。" in extracted.text  # full-width punctuation is not NFKC-folded
    assert extracted.metadata.interview_date == datetime.date(2016, 7, 10)
    assert [turn.speaker for turn in extracted.turns] == ["问", "答"]


def test_radicals_and_compatibility_ideographs_are_unified_in_every_format():
    # U+2F8F ⾏ Kangxi radical, U+2E9F ⺟ CJK radical, U+F9A8 and U+2F800 compatibility ideographs.
    raw = "⾏政依附，⺟亲说：\uf9a8\U0002f800（好）"
    expected = "行政依附，母亲说：令丽（好）"
    assert extract("a.txt", raw.encode("utf-8")).text == expected
    assert extract("a.txt", raw.encode("gb18030")).text == expected
    assert extract("a.docx", docx_bytes([raw])).text == expected


def test_only_cjk_look_alikes_are_mapped_and_each_to_one_code_point():
    assert all(0x3400 <= target <= 0x9FFF or 0x20000 <= target <= 0x3FFFF for target in UNIFIED.values())
    assert len(UNIFIED) > 1000
    kept = "，。：；！？“”‘’（）【】《》、ＡＢ１２　…—"
    assert unify_cjk(kept) == kept


def test_markdown_is_imported_as_its_text():
    assert extract("notes.md", "# 观察笔记\n\n- 老人：很满意".encode()).text == "# 观察笔记\n\n- 老人：很满意"


def test_turns_are_spans_of_the_stored_text_with_speaker_and_timestamp():
    extracted = extract("20160710YJ2.txt", TRANSCRIPT.encode())
    text = extracted.text
    spans = [(turn.speaker, turn.timestamp, text[turn.start : turn.end]) for turn in extracted.turns]
    assert spans == [
        ("问", "00:00:05", "[00:00:05] 问：你们和服务中心是怎么合作的？"),
        ("答", "", "答：主要是政府购买服务，合同一年一签。\n我们每个月检查一次台账。"),
        ("问", "", "问：有没有遇到困难？"),
        ("答", "", "答：有，𠮷字也打不出来。"),
    ]


def test_a_name_counts_as_a_speaker_only_when_it_opens_several_lines():
    text = "张主任：我们先说经费。\n李社工：好。\n张主任：经费不够。\n他后来说：算了。"
    assert [turn.speaker for turn in find_turns(text)] == ["张主任", "张主任"]
    text = "Interviewer: Why?\nWANG Li: Because.\nInterviewer: And then?\nWANG Li: Nothing."
    assert [turn.speaker for turn in find_turns(text)] == ["Interviewer", "WANG Li", "Interviewer", "WANG Li"]


def test_metadata_comes_from_the_header_block_first_then_the_file_name():
    metadata = extract("20160712ZH3 老人.txt", TRANSCRIPT.encode()).metadata
    assert metadata.interview_id == "20160710YJ2"
    assert metadata.interview_date == datetime.date(2016, 7, 10)
    assert (metadata.place, metadata.interviewee_role) == ("W区民政局", "民政局科长")
    only_name = extract("20160712ZH3 老人.txt", "问：好吗？\n答：好。".encode()).metadata
    assert only_name.interview_id == "20160712ZH3"
    assert only_name.interview_date == datetime.date(2016, 7, 12)


def test_file_names_give_a_date_only_when_it_is_a_real_one():
    assert from_file_name("20160710YJ2").interview_date == datetime.date(2016, 7, 10)
    assert from_file_name("20161399AB1").interview_date is None
    assert from_file_name("访谈-20160710").interview_id == ""
    assert from_file_name("访谈-20160710").interview_date == datetime.date(2016, 7, 10)
    assert from_file_name("interview 3").interview_date is None


@pytest.mark.parametrize("value", ["2016-07-10", "2016/7/10", "2016.07.10", "2016年7月10日", "20160710"])
def test_header_dates_in_the_usual_ways_of_writing_them(value):
    assert parse_date(value) == datetime.date(2016, 7, 10)


def test_full_width_dates_read_like_half_width_ones():
    assert parse_date("２０１６／０７／１０") == datetime.date(2016, 7, 10)


def test_a_whole_date_refuses_trailing_text_that_a_header_may_have():
    assert parse_date("2016年7月10日 上午") == datetime.date(2016, 7, 10)
    assert parse_date("2016年7月10日 上午", whole=True) is None
    assert parse_date("2016-07-10 ", whole=True) == datetime.date(2016, 7, 10)


def test_an_unknown_header_key_beside_a_known_one_is_kept_as_a_free_field():
    metadata = extract("a.txt", "编号：A1\n访谈人：小李\n\n问：好吗？".encode()).metadata
    assert metadata.interview_id == "A1" and metadata.extra == {"访谈人": "小李"}


def test_odt_paragraphs_lists_and_tables_come_out_in_order():
    data = odt_bytes(
        "<text:h>访谈记录</text:h>"
        "<text:p>问：有几个中心？<text:s text:c='2'/>（停顿）</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>中心</text:p></table:table-cell>"
        "<table:table-cell><text:p>次数</text:p></table:table-cell></table:table-row></table:table>"
        "<text:list><text:list-item><text:p>答：四个。</text:p></text:list-item></text:list>"
    )
    extracted = extract("20160712.odt", data)
    assert extracted.text == "访谈记录\n问：有几个中心？  （停顿）\n中心 | 次数\n答：四个。"
    assert [turn.speaker for turn in extracted.turns] == ["问", "答"]


def test_odt_without_content_is_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(Refused) as refused:
        extract("a.odt", buffer.getvalue())
    assert refused.value.reason == Refused.CORRUPT


def test_an_odt_entity_expansion_bomb_is_refused_quickly():
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i > 1 else "lolololololol"}">' for i in range(1, 10)
    )
    content = (
        f'<?xml version="1.0"?><!DOCTYPE bomb [{entities}]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text><text:p>&e9;</text:p></office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", content)
    with pytest.raises(Refused) as refused:
        extract("bomb.odt", buffer.getvalue())
    assert refused.value.reason == Refused.CORRUPT


def test_notes_and_links_are_not_speakers_however_often_they_recur():
    text = (
        "备注：录音不清。\n问：好吗？\n备注：有噪音。\nhttps://example.org/a\nhttps://example.org/b\n答：好。"
    )
    assert [turn.speaker for turn in find_turns(text)] == ["问", "答"]


def test_a_bracketed_title_line_before_the_header_does_not_hide_it():
    text = "【访谈记录】\n访谈编号：20160710YJ2\n受访者身份：科长\n访谈人：课题组\n\n问：您好？\n答：好。"
    extracted = extract("a.txt", text.encode())
    assert extracted.metadata.interview_id == "20160710YJ2"
    assert extracted.metadata.extra == {"访谈人": "课题组"}
    assert [turn.speaker for turn in extracted.turns] == ["问", "答"]
