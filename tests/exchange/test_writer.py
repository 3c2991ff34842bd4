"""Writing .qdpx/.qdc: schema-valid, escaped, UTF-8 without BOM, and read back unchanged."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema

from exchange.refi.model import (
    Case,
    Code,
    CodebookData,
    Coding,
    Note,
    ProjectData,
    Selection,
    Set,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from exchange.refi.reader import read_qdc, read_qdpx
from exchange.refi.writer import project_xml, write_qdc, write_qdpx
from tests.exchange.refi_files import guid

SCHEMAS = Path(__file__).resolve().parents[2] / "exchange" / "schemas"
NASTY = "名字 <b>&amp; \"引号\" '单' ]]> \x01控制"


@pytest.fixture(scope="module")
def project_schema():
    return xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")


@pytest.fixture(scope="module")
def codebook_schema():
    return xmlschema.XMLSchema(SCHEMAS / "Codebook-mrt2019.xsd")


TEXT = "问：您好😀，𠮷野家？\n答：合作社 <很好> & 便宜。\n"


def sample_project():
    start = TEXT.index("合作社")
    return ProjectData(
        name="村级治理 " + NASTY,
        description="项目备忘 " + NASTY,
        created="2024-01-02T03:04:05Z",
        users=[User(guid(1), "王芳"), User(guid(2), "李 <雷>")],
        codes=[
            Code(
                guid(10),
                "集体经济",
                codable=False,
                color="#aabbcc",
                description="定义 " + NASTY,
                children=[Code(guid(11), "合作社 & 公司", color="#112233")],
            ),
            Code(guid(12), "问候"),
        ],
        variables=[
            Variable(guid(30), "年龄", "Float"),
            Variable(guid(31), "党员", "Boolean"),
            Variable(guid(32), "访谈日期", "Date"),
            Variable(guid(33), "身份", "Text"),
        ],
        cases=[
            Case(
                guid(40),
                "王村",
                description="个案说明",
                source_refs=[guid(20)],
                values=[
                    VariableValue(guid(30), 52.5),
                    VariableValue(guid(31), False),
                    VariableValue(guid(32), datetime.date(2023, 4, 5)),
                    VariableValue(guid(33), "村干部 <男>"),
                ],
            ),
        ],
        sources=[
            TextSource(
                guid(20),
                "王村访谈",
                text=TEXT,
                created="2024-01-02T03:04:05Z",
                selections=[
                    Selection(
                        guid(50),
                        start,
                        start + 3,
                        name="合作社",
                        description="片段备忘",
                        codings=[Coding(guid(60), guid(11), user=guid(1), created="2024-02-03T04:05:06Z")],
                    ),
                    Selection(
                        guid(51),
                        2,
                        5,
                        name="您好😀",
                        codings=[Coding(guid(61), guid(12), user=guid(2), note_refs=[guid(70)])],
                    ),
                ],
            ),
        ],
        notes=[Note(guid(70), "编码备忘", text="这段要再看 " + NASTY)],
        sets=[Set(guid(80), "关键码", codes=[guid(11)], sources=[guid(20)])],
    )


def test_the_project_validates_against_the_schema(project_schema):
    data = write_qdpx(sample_project())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        project_schema.validate(io.BytesIO(archive.read("project.qde")))


def test_utf16_offsets_validate_too(project_schema):
    project_schema.validate(io.BytesIO(project_xml(sample_project(), offsets="utf16")))


def test_inline_text_validates(project_schema):
    project_schema.validate(io.BytesIO(project_xml(sample_project())))


def test_a_minimal_project_validates(project_schema):
    project_schema.validate(io.BytesIO(project_xml(ProjectData(name=""))))


def test_sources_are_utf8_without_bom_and_with_lf_only():
    project = sample_project()
    project.sources[0].text = "第一行\r\n第二行\r第三行"
    with zipfile.ZipFile(io.BytesIO(write_qdpx(project))) as archive:
        names = archive.namelist()
        assert names == ["project.qde", f"sources/{guid(20)}.txt"]
        data = archive.read(names[1])
    assert data == "第一行\n第二行\n第三行".encode()


def test_offsets_are_code_points_unless_utf16_is_asked_for():
    start = TEXT.index("合作社")
    assert f'startPosition="{start}"'.encode() in project_xml(sample_project())
    # 😀 and 𠮷 come before: two extra UTF-16 units.
    assert f'startPosition="{start + 2}"'.encode() in project_xml(sample_project(), offsets="utf16")


def test_user_strings_are_escaped_not_interpreted():
    xml = project_xml(sample_project())
    assert b"<b>" not in xml and b"&lt;b&gt;" in xml
    assert b"\x01" not in xml


def test_the_round_trip_keeps_everything():
    project = sample_project()
    back = read_qdpx(write_qdpx(project))
    assert back.problems == []
    assert back.name == project.name.replace("\x01", "")
    assert back.description == project.description.replace("\x01", "")
    assert [(c.guid, c.name, c.codable, c.color, c.description, p) for c, p in back.all_codes()] == [
        (c.guid, c.name, c.codable, c.color, c.description.replace("\x01", ""), p)
        for c, p in project.all_codes()
    ]
    (source,) = back.sources
    assert source.text == TEXT
    assert [(s.start, s.end, s.name, s.description) for s in source.selections] == [
        (s.start, s.end, s.name, s.description) for s in project.sources[0].selections
    ]
    assert [(c.code, c.user, c.note_refs) for s in source.selections for c in s.codings] == [
        (guid(11), guid(1), []),
        (guid(12), guid(2), [guid(70)]),
    ]
    assert [(v.variable, v.value) for v in back.cases[0].values] == [
        (guid(30), Decimal("52.5")),
        (guid(31), False),
        (guid(32), datetime.date(2023, 4, 5)),
        (guid(33), "村干部 <男>"),
    ]
    assert back.cases[0].source_refs == [guid(20)]
    assert back.notes[0].text == "这段要再看 " + NASTY.replace("\x01", "")
    assert (back.sets[0].codes, back.sets[0].sources) == ([guid(11)], [guid(20)])
    assert [u.name for u in back.users] == ["王芳", "李 <雷>"]


def test_the_utf16_export_reads_back_to_the_same_spans():
    project = sample_project()
    project.origin = "NVivo for qualcase tests"
    data = write_qdpx(project, offsets="utf16")
    back = read_qdpx(data)
    assert [(s.start, s.end) for s in back.sources[0].selections] == [
        (s.start, s.end) for s in sample_project().sources[0].selections
    ]


def test_the_codebook_validates_and_reads_back(codebook_schema):
    codebook = CodebookData(codes=sample_project().codes, sets=[Set(guid(80), "关键码", codes=[guid(11)])])
    data = write_qdc(codebook)
    codebook_schema.validate(io.BytesIO(data))
    back = read_qdc(data)
    assert [(c.name, c.color, p) for c, p in back.all_codes()] == [
        (c.name, c.color, p) for c, p in codebook.all_codes()
    ]
    assert back.sets[0].codes == [guid(11)]


def test_a_codebook_without_sets_writes_no_empty_sets_element(codebook_schema):
    data = write_qdc(CodebookData(codes=[Code(guid(1), "唯一")]))
    assert b"Sets" not in data
    codebook_schema.validate(io.BytesIO(data))
