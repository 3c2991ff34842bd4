"""Reading .qdpx and .qdc leniently (DIGEST §8), with hand-written files for each quirk."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from exchange.refi.reader import normalise_colour, read_project_xml, read_qdc, read_qdpx
from exchange.refi.safety import ExchangeError, parse_xml
from tests.exchange.refi_files import guid, nvivo_project, qdpx


def kinds(problems):
    return sorted(p.kind for p in problems)


def test_an_nvivo_project_reads_whole():
    project = read_qdpx(nvivo_project())
    assert project.name == "村级治理"
    assert [user.name for user in project.users] == ["王芳"]
    folder, greeting = project.codes
    assert (folder.name, folder.codable, folder.color, folder.description) == (
        "集体经济",
        False,
        "#ff00aa",
        "村集体的经营",
    )
    assert (folder.children[0].name, folder.children[0].color) == ("合作社", "#ff0000")
    (source,) = project.sources
    assert source.name == "王村访谈"
    assert source.text.startswith("访谈：王老师\n问：")
    quotes = [source.text[s.start : s.end] for s in source.selections]
    assert quotes == ["合作社", "您好😀"]
    assert source.position_model == "utf16/crlf2/bom-skipped"
    assert source.selections[0].codings[0].user == guid(1)
    # The coding to a case became the source's case membership, not a coding.
    (case,) = project.cases
    assert case.source_refs == [guid(20)]
    assert source.codings == []
    assert [(v.variable, v.value) for v in case.values] == [(guid(30), 52), (guid(31), True)]
    assert [(s.name, s.kind, s.reason) for s in project.skipped] == [
        ("村委会照片", "PictureSource", "not_text"),
        ("录音", "AudioSource", "not_text"),
    ]
    assert kinds(project.problems) == []


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:0:10", "urn:QDA-XML:project:1:0", None],
)
def test_namespace_variants_read_the_same(namespace):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    xml = f"""<Project{xmlns} name="项目"><CodeBook><Codes>
        <Code guid="{guid(1)}" name="编码甲" isCodable="true"/></Codes></CodeBook>
        <Sources><TextSource guid="{guid(2)}" name="文档"><PlainTextContent>内联文本</PlainTextContent>
        <PlainTextSelection guid="{guid(3)}" startPosition="0" endPosition="2">
        <Coding guid="{guid(4)}"><CodeRef targetGUID="{guid(1)}"/></Coding></PlainTextSelection>
        </TextSource></Sources></Project>"""
    project = read_project_xml(xml.encode())
    (source,) = project.sources
    assert source.text == "内联文本"
    assert source.selections[0].codings[0].code == guid(1)


def test_a_prefixed_namespace_and_free_element_order():
    xml = f"""<q:Project xmlns:q="urn:QDA-XML:project:1.0" name="顺序">
        <q:Sources><q:TextSource guid="{guid(2)}" name="文档"><q:PlainTextContent>文本内容</q:PlainTextContent>
          <q:Coding guid="{guid(5)}"><q:CodeRef targetGUID="{guid(1, upper=True, braces=True)}"/></q:Coding>
        </q:TextSource></q:Sources>
        <q:CodeBook><q:Codes><q:Code guid="{guid(1, upper=True)}" name="编码" isCodable="1"/></q:Codes></q:CodeBook>
        <q:Users><q:User guid="{guid(9)}" name="李"/></q:Users></q:Project>"""
    project = read_project_xml(xml.encode())
    assert project.sources[0].codings[0].code == project.codes[0].guid == guid(1)
    assert project.users[0].name == "李"


@pytest.mark.parametrize("folder", ["Sources", "sources", "SOURCES"])
@pytest.mark.parametrize("path", ["internal://{g}.txt", "{g}.txt", "internal://sources/{g}.TXT"])
def test_source_files_match_case_insensitively(folder, path):
    xml = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
      <TextSource guid="{guid(2)}" name="文档" plainTextPath="{path.format(g=guid(2))}"/></Sources></Project>"""
    project = read_qdpx(qdpx(xml, {f"{folder}/{guid(2)}.txt": "文件里的文本"}))
    assert project.sources[0].text == "文件里的文本"


def test_a_missing_text_file_skips_the_source_with_a_reason():
    xml = f"""<Project name="p"><Sources>
      <TextSource guid="{guid(2)}" name="丢失" plainTextPath="internal://nowhere.txt"/>
      <PDFSource guid="{guid(3)}" name="扫描件" path="internal://x.pdf"/></Sources></Project>"""
    project = read_qdpx(qdpx(xml))
    assert [(s.name, s.reason) for s in project.skipped] == [("丢失", "text_missing"), ("扫描件", "not_text")]


def test_a_pdf_with_a_text_representation_is_read_as_text():
    xml = f"""<Project name="p"><CodeBook><Codes><Code guid="{guid(1)}" name="码" isCodable="true"/></Codes></CodeBook>
      <Sources><PDFSource guid="{guid(3)}" name="报告.pdf" path="internal://{guid(3)}.pdf">
        <PDFSelection guid="{guid(7)}" page="1" firstX="0" firstY="0" secondX="1" secondY="1"/>
        <Representation guid="{guid(4)}" plainTextPath="internal://{guid(4)}.txt">
          <PlainTextSelection guid="{guid(5)}" startPosition="2" endPosition="4">
            <Coding guid="{guid(6)}"><CodeRef targetGUID="{guid(1)}"/></Coding></PlainTextSelection>
        </Representation></PDFSource></Sources></Project>"""
    project = read_qdpx(qdpx(xml, {f"sources/{guid(4)}.txt": "报告正文内容"}))
    (source,) = project.sources
    assert (source.guid, source.name) == (guid(3), "报告.pdf")
    assert source.text[source.selections[0].start : source.selections[0].end] == "正文"
    assert kinds(project.problems) == ["area_selections_skipped"]


def test_dangling_references_are_reported_not_fatal():
    xml = f"""<Project name="p">
      <CodeBook><Codes><Code guid="{guid(1)}" name="码" isCodable="true"><NoteRef targetGUID="{guid(90)}"/></Code></Codes></CodeBook>
      <Variables><Variable guid="{guid(30)}" name="年龄" typeOfVariable="Integer"/></Variables>
      <Cases><Case guid="{guid(40)}" name="个案一">
        <VariableValue><VariableRef targetGUID="{guid(31)}"/><TextValue>x</TextValue></VariableValue>
        <SourceRef targetGUID="{guid(2)}"/><SourceRef targetGUID="{guid(99)}"/>
        <SelectionRef targetGUID="{guid(98)}"/></Case></Cases>
      <Sources><TextSource guid="{guid(2)}" name="文档"><PlainTextContent>一些文本</PlainTextContent>
        <PlainTextSelection guid="{guid(3)}" startPosition="0" endPosition="2">
          <Coding guid="{guid(4)}"><CodeRef targetGUID="{guid(97)}"/></Coding></PlainTextSelection>
      </TextSource></Sources>
      <Sets><Set guid="{guid(50)}" name="集合"><MemberCode targetGUID="{guid(1)}"/><MemberSource targetGUID="{guid(96)}"/></Set></Sets>
    </Project>"""
    project = read_project_xml(xml.encode())
    dangling = sorted(
        (p.where, p.detail["target_kind"]) for p in project.problems if p.kind == "dangling_reference"
    )
    assert dangling == [
        ("个案一", "selection"),
        ("个案一", "source"),
        ("个案一", "variable"),
        ("文档", "code"),
        ("码", "note"),
        ("集合", "source"),
    ]
    assert project.cases[0].source_refs == [guid(2)]
    assert project.sources[0].selections[0].codings == []
    assert project.sets[0].codes == [guid(1)] and project.sets[0].sources == []


def test_qualcoder_case_source_refs_that_name_a_file_dangle():
    # QualCoder's SourceRef names the .txt file's GUID, not the TextSource's (DIGEST §8.5).
    xml = f"""<Project name="p" origin="QualCoder 3.5"><Cases><Case guid="{guid(40)}" name="甲">
        <SourceRef targetGUID="{guid(77)}"/></Case></Cases>
      <Sources><TextSource guid="{guid(2)}" name="文档" plainTextPath="internal://{guid(77)}.txt"/></Sources></Project>"""
    project = read_qdpx(qdpx(xml, {f"sources/{guid(77)}.txt": "\ufeff文本"}))
    assert project.cases[0].source_refs == []
    assert kinds(project.problems) == ["dangling_reference"]
    assert project.sources[0].text == "文本"


def test_users_that_code_but_are_not_listed_are_added_and_reported():
    xml = f"""<Project name="p"><CodeBook><Codes><Code guid="{guid(1)}" name="码" isCodable="true"/></Codes></CodeBook>
      <Sources><TextSource guid="{guid(2)}"><PlainTextContent>一些文本</PlainTextContent>
        <PlainTextSelection guid="{guid(3)}" startPosition="0" endPosition="2">
          <Coding guid="{guid(4)}" creatingUser="{guid(8)}"><CodeRef targetGUID="{guid(1)}"/></Coding>
        </PlainTextSelection></TextSource></Sources></Project>"""
    project = read_project_xml(xml.encode())
    assert [user.guid for user in project.users] == [guid(8)]
    assert kinds(project.problems) == ["user_unlisted"]


def test_variable_values_are_typed():
    xml = f"""<Project name="p"><Variables>
        <Variable guid="{guid(1)}" name="文本" typeOfVariable="Text"/>
        <Variable guid="{guid(2)}" name="小数" typeOfVariable="Float"/>
        <Variable guid="{guid(3)}" name="日期" typeOfVariable="Date"/>
        <Variable guid="{guid(4)}" name="时间" typeOfVariable="DateTime"/>
        <Variable guid="{guid(5)}" name="整数" typeOfVariable="Integer"/></Variables>
      <Cases><Case guid="{guid(9)}" name="个案">
        <VariableValue><VariableRef targetGUID="{guid(1)}"/><TextValue>农民</TextValue></VariableValue>
        <VariableValue><VariableRef targetGUID="{guid(2)}"/><FloatValue>3.25</FloatValue></VariableValue>
        <VariableValue><VariableRef targetGUID="{guid(3)}"/><DateValue>2020-05-06</DateValue></VariableValue>
        <VariableValue><VariableRef targetGUID="{guid(4)}"/><DateTimeValue>2020-05-06T07:08:09</DateTimeValue></VariableValue>
        <VariableValue><VariableRef targetGUID="{guid(5)}"/><IntegerValue>many</IntegerValue></VariableValue>
        <VariableValue><VariableRef targetGUID="{guid(1)}"/></VariableValue>
      </Case></Cases></Project>"""
    project = read_project_xml(xml.encode())
    values = [v.value for v in project.cases[0].values]
    assert values == [
        "农民",
        Decimal("3.25"),
        datetime.date(2020, 5, 6),
        datetime.datetime(2020, 5, 6, 7, 8, 9, tzinfo=datetime.UTC),
        None,
        None,
    ]
    assert kinds(project.problems) == ["bad_value"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("#ABC", "#aabbcc"),
        ("#A1B2C3", "#a1b2c3"),
        ("a1b2c3", "#a1b2c3"),
        ("#A1B2C3FF", "#a1b2c3"),
        ("rgb(1, 2, 255)", "#0102ff"),
        ("rgba(1,2,3,0.5)", "#010203"),
        ("blue", None),
        ("", None),
    ],
)
def test_colours_are_normalised(given, expected):
    assert normalise_colour(given) == expected


@pytest.mark.parametrize(
    "namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", None]
)
def test_a_codebook_reads_in_any_namespace(namespace):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    xml = f"""\ufeff<?xml version="1.0" encoding="utf-8"?><CodeBook{xmlns} origin="QualCoder"><Codes>
        <Code guid="{guid(1)}" name="父码" isCodable="false" color="#112233"><Description>说明</Description>
          <Code guid="{guid(2)}" name="子码" isCodable="true"/></Code></Codes>
        <Sets><Set guid="{guid(3)}" name="集合"><MemberCode guid="{guid(2)}"/></Set></Sets></CodeBook>"""
    codebook = read_qdc(xml.encode("utf-8"))
    assert [(c.name, p) for c, p in codebook.all_codes()] == [("父码", None), ("子码", guid(1))]
    assert codebook.codes[0].description == "说明"
    assert codebook.sets[0].codes == [guid(2)]


def test_an_empty_sets_element_is_accepted():
    xml = f'<CodeBook><Codes><Code guid="{guid(1)}" name="标签" isCodable="true"/></Codes><Sets/></CodeBook>'
    assert read_qdc(xml.encode()).sets == []


def test_unescaped_text_is_recovered_with_a_warning():
    xml = f"""<Project name="p"><Notes><Note guid="{guid(1)}" name="备忘"><PlainTextContent>a < b & c</PlainTextContent></Note></Notes></Project>"""
    project = read_project_xml(xml.encode())
    assert "xml_recovered" in kinds(project.problems)


# --- safety ----------------------------------------------------------------------------------


def test_entities_are_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<Project name="&c;"><Description>&c;</Description></Project>'
    )
    root, _ = parse_xml(bomb.encode())
    assert "aaaaaaaaaa" not in "".join(root.itertext())


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]><Project name="p"><Description>&x;</Description></Project>'
    project = read_project_xml(xml.encode())
    assert "TOP-SECRET" not in project.description


def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", '<Project name="p"/>')
        archive.writestr("sources/big.txt", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ExchangeError) as refused:
        read_qdpx(out.getvalue())
    assert refused.value.reason == "hostile_archive"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a zip", "not_a_zip"),
        (qdpx("<Project name='p'/>", qde_name="other.xml"), "no_project_xml"),
        (qdpx("this is not xml"), "not_xml"),
        (qdpx("<CodeBook/>"), "wrong_root"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(ExchangeError) as refused:
        read_qdpx(data)
    assert refused.value.reason == reason


def test_any_qde_name_is_accepted():
    project = read_qdpx(qdpx("<Project name='其他名字'/>", qde_name="导出.qde"))
    assert project.name == "其他名字"


def test_the_summary_counts_and_lists_what_is_skipped():
    from exchange.refi.report import project_summary

    summary = project_summary(read_qdpx(nvivo_project()))
    assert summary["counts"] == {
        "sources": 1,
        "codes": 3,
        "codings": 2,
        "selections": 2,
        "notes": 0,
        "cases": 1,
        "variables": 2,
        "users": 1,
        "sets": 0,
    }
    assert summary["skipped_counts"] == {"source": 2}
    assert [(s["name"], s["reason"]) for s in summary["skipped"]] == [
        ("村委会照片", "not_text"),
        ("录音", "not_text"),
    ]
    assert summary["position_models"] == {"utf16/crlf2/bom-skipped": 1}
