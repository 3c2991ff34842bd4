"""Hostile and huge files: each is refused early, cheaply, with the reason; real ones still pass.

The files are built in the test (tests/coding/hostile_files.py) from a few kilobytes of repeated
deflate segments. Time and memory are measured by bench/import_documents.py --hostile; here each
refusal is also checked to come quickly, which it could not if it inflated what it refuses.
"""

import io
import time
import zipfile

import pytest

from coding.documents import errors
from coding.documents.importing import Limits, Refused, extract
from coding.documents.importing.archive import ZipParts, check_archive
from coding.documents.importing.limits import DEFAULT_LIMITS
from tests.coding import hostile_files
from tests.coding.import_files import docx_bytes, odt_bytes


def refusal(filename, data, limits=DEFAULT_LIMITS):
    # CPU time, not wall time: other processes on a busy test machine must not fail these tests.
    started = time.process_time()
    with pytest.raises(Refused) as refused:
        extract(filename, data, limits=limits)
    return refused.value, time.process_time() - started


def test_an_odt_asking_for_two_billion_spaces_is_refused_before_making_them():
    data = hostile_files.odt_space_bomb(2_000_000_000)
    assert len(data) < 500
    refused, seconds = refusal("bomb.odt", data)
    assert refused.reason == Refused.TOO_MUCH_TEXT and seconds < 1
    assert errors.refusal_message(refused.reason, refused.params) == (
        "The file holds more than 20,000,000 characters of text, the most one document may hold: "
        "split it into several files."
    )


def test_many_space_runs_in_one_paragraph_count_against_the_budget_as_they_are_made():
    data = odt_bytes("<text:p>答：" + '<text:s text:c="400"/>' * 10 + "好</text:p>")
    refused, _seconds = refusal("spaces.odt", data, Limits(max_characters=3000))
    assert refused.reason == Refused.TOO_MUCH_TEXT
    assert extract("spaces.odt", data, limits=Limits(max_characters=4004)).text == "答：" + " " * 4000 + "好"


def test_a_docx_whose_headers_understate_a_gigabyte_is_refused_without_inflating_it():
    data = hostile_files.docx_lying_header(actual_mb=1024, declared_mb=1)
    sizes = {entry.filename: entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert sizes["word/document.xml"] == 1024 * 1024 and len(data) < 2 * 1024 * 1024
    refused, seconds = refusal("lying.docx", data)
    assert refused.reason == Refused.HOSTILE_ARCHIVE and seconds < 1


def test_a_member_that_inflates_past_its_declared_size_is_hostile_even_when_small():
    data = hostile_files.docx_lying_header(actual_mb=3, declared_mb=2)
    with pytest.raises(Refused) as refused:
        ZipParts(data).read("word/document.xml", limit=100 * 1024 * 1024)
    assert refused.value.reason == Refused.HOSTILE_ARCHIVE


def test_a_docx_with_190_megabytes_of_xml_is_refused_with_a_message_saying_so():
    data = hostile_files.docx_with_xml(190)
    assert len(data) < 20 * 1024 * 1024  # under the upload limit, and under the old ratio check
    refused, seconds = refusal("big.docx", data)
    assert refused.reason == Refused.XML_TOO_LARGE and seconds < 1
    assert errors.refusal_message(refused.reason, refused.params) == (
        "The file was refused: its document part holds more than 40 MB of XML, far more than a "
        "transcript needs. Save it as plain text (.txt) and import that."
    )


def test_a_paragraph_of_a_million_empty_runs_is_refused_before_its_tree_is_built():
    data = hostile_files.docx_element_flood(1_500_000)
    refused, seconds = refusal("flood.docx", data)
    assert refused.reason == Refused.TOO_MANY_ELEMENTS and seconds < 1.5


def test_a_real_docx_under_the_xml_limit_is_read_paragraph_by_paragraph():
    data = hostile_files.docx_with_xml(2)
    extracted = extract("long.docx", data)
    assert extracted.text.startswith("问：") and len(extracted.text) > 300_000
    assert len(extracted.turns) > 2000
    refused, _seconds = refusal("long.docx", data, Limits(max_xml_bytes=1024 * 1024))
    assert refused.reason == Refused.XML_TOO_LARGE


def test_text_past_the_character_limit_is_refused_for_every_kind_of_file():
    text = "问：" + "好" * 2000
    limits = Limits(max_characters=1000)
    for filename, data in [
        ("a.txt", text.encode()),
        ("a.docx", docx_bytes([text])),
        ("a.odt", odt_bytes(f"<text:p>{text}</text:p>")),
    ]:
        refused, _seconds = refusal(filename, data, limits)
        assert refused.reason == Refused.TOO_MUCH_TEXT, filename
        assert refused.params == {"limit": "1,000"}


def test_a_document_type_declaration_in_a_docx_is_refused():
    content = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{hostile_files.W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", content)
    refused, _seconds = refusal("xxe.docx", buffer.getvalue())
    assert refused.reason == Refused.CORRUPT


def test_a_damaged_deflate_stream_or_wrong_checksum_reads_as_a_damaged_file():
    good = docx_bytes(["问：好吗？"])
    archive = zipfile.ZipFile(io.BytesIO(good))
    entry = archive.getinfo("word/document.xml")
    damaged = bytearray(good)
    start = entry.header_offset + 30 + len(entry.filename.encode()) + len(entry.extra)
    damaged[start + 10 : start + 40] = b"\xff" * 30
    refused, _seconds = refusal("damaged.docx", bytes(damaged))
    assert refused.reason == Refused.CORRUPT


def test_check_archive_inflates_every_member_so_xlsx_readers_meet_only_true_sizes():
    check_archive(docx_bytes(["问：好吗？"]))
    with pytest.raises(Refused) as refused:
        check_archive(hostile_files.docx_lying_header(actual_mb=64, declared_mb=1))
    assert refused.value.reason == Refused.HOSTILE_ARCHIVE


def test_word_text_matches_what_python_docx_reads_for_breaks_tabs_links_and_merged_cells():
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("一\t二")
    run = paragraph.add_run("三")
    run.add_break()
    paragraph.add_run("四")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "竖"
    table.cell(1, 0).text = "甲"
    table.cell(2, 1).text = "乙"
    buffer = io.BytesIO()
    document.save(buffer)
    expected = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip().replace("\n", " "))
                if any(cells):
                    expected.append(" | ".join(cells))
        else:
            expected.append(block.text)
    assert extract("a.docx", buffer.getvalue()).text == "\n".join(expected)
    assert "横 | 竖" in expected and "甲 |  | 竖" in expected


def test_more_speaker_turns_than_a_document_may_hold_are_refused():
    text = "\n".join(f"{'问' if n % 2 else '答'}：第{n}句。" for n in range(10))
    refused, _seconds = refusal("chat.txt", text.encode(), Limits(max_turns=9))
    assert refused.reason == Refused.TOO_MANY_TURNS
    assert len(extract("chat.txt", text.encode(), limits=Limits(max_turns=10)).turns) == 10


def test_control_characters_in_imported_text_become_spaces_or_line_breaks_one_for_one():
    tail = "好" * 500  # a few controls in real text; a file full of them is binary (undecodable)
    extracted = extract("a.txt", f"问：一\x01二\x0c答：三\x0b四{tail}".encode())
    assert extracted.text == f"问：一 二\n答：三\n四{tail}"
    assert [turn.speaker for turn in extracted.turns] == ["问", "答"]


def test_a_long_transcript_is_stored_with_its_turns_and_left_to_the_search_job(project, owner, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coding import signals
    from coding.documents import services

    calls = []
    monkeypatch.setattr(services, "SEARCH_INDEX_INLINE_CHARACTERS", 1000)
    signals.document_created.connect(receiver := lambda **kw: calls.append(kw["index_now"]), weak=False)
    try:
        text = hostile_files.transcript_text(20_000)
        (result,) = services.documents_import(
            project=project, uploads=[SimpleUploadedFile("a.txt", text.encode())], created_by=owner
        )
    finally:
        signals.document_created.disconnect(receiver)
    assert result.imported and calls == [False]
    turns = list(result.document.turns.order_by("index").values_list("index", "start", "end", "speaker"))
    assert len(turns) == result.turns_count > 20
    assert [t[0] for t in turns] == list(range(len(turns)))
    stored = result.document.text
    assert all(stored[start:end].startswith(("[", speaker)) for _i, start, end, speaker in turns)
