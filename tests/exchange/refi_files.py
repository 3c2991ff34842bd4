"""Small REFI-QDA files written by hand from the schema and DIGEST §4/§8, one quirk at a time."""

import io
import zipfile

GUID = "{:08x}-0000-4000-8000-{:012x}"


def guid(n, upper=False, braces=False):
    value = GUID.format(n, n)
    if upper:
        value = value.upper()
    return "{" + value + "}" if braces else value


def qdpx(project_xml, files=None, *, qde_name="project.qde"):
    """A .qdpx zip: the XML (str or bytes) plus {path: bytes or str} members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = project_xml.encode("utf-8") if isinstance(project_xml, str) else project_xml
        archive.writestr(qde_name, data)
        for path, content in (files or {}).items():
            archive.writestr(path, content.encode("utf-8") if isinstance(content, str) else content)
    return out.getvalue()


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


# An NVivo for Windows project: UTF-16 offsets, CRLF counted as 2, BOM in the .txt not counted,
# `Sources/` capitalised, a coding of a whole source to a case (case membership), Chinese names.
NVIVO_TEXT = "\ufeff访谈：王老师\r\n问：您好😀。\r\n答：我们村𠮷祥如意，合作社很好。\r\n"


def nvivo_project(user_name="王芳"):
    body = NVIVO_TEXT[1:]  # NVivo skips the BOM when counting
    start = utf16_units(body[: body.index("合作社")])
    end = start + 3
    emoji_start = utf16_units(body[: body.index("您好")])
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="村级治理" origin="NVivo for Windows 12.6">
  <Users><User guid="{guid(1)}" name="{user_name}" id="WF"/></Users>
  <CodeBook><Codes>
    <Code guid="{guid(10)}" name="集体经济" isCodable="false" color="#F0A">
      <Description>村集体的经营</Description>
      <Code guid="{guid(11)}" name="合作社" isCodable="true" color="rgb(255, 0, 0)"/>
    </Code>
    <Code guid="{guid(12)}" name="问候" isCodable="true"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{guid(30)}" name="人口:年龄" typeOfVariable="Integer"/>
    <Variable guid="{guid(31)}" name="是否党员" typeOfVariable="Boolean"/>
  </Variables>
  <Cases>
    <Case guid="{guid(40)}" name="王村">
      <VariableValue><VariableRef targetGUID="{guid(30)}"/><IntegerValue>52</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{guid(31)}"/><BooleanValue>1</BooleanValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{guid(20)}" name="王村访谈" plainTextPath="internal://{guid(20)}.txt" creatingUser="{guid(1)}">
      <PlainTextSelection guid="{guid(50)}" name="" startPosition="{start}" endPosition="{end}" creatingUser="{guid(1)}">
        <Coding guid="{guid(60)}" creatingUser="{guid(1)}" creationDateTime="2021-03-04T05:06:07Z">
          <CodeRef targetGUID="{guid(11)}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{guid(51)}" startPosition="{emoji_start}" endPosition="{emoji_start + 4}">
        <Coding guid="{guid(61)}" creatingUser="{guid(1)}"><CodeRef targetGUID="{guid(12)}"/></Coding>
      </PlainTextSelection>
      <Coding guid="{guid(62)}" creatingUser="{guid(1)}"><CodeRef targetGUID="{guid(40)}"/></Coding>
    </TextSource>
    <PictureSource guid="{guid(21)}" name="村委会照片" path="internal://{guid(21)}.jpg">
      <PictureSelection guid="{guid(52)}" firstX="1" firstY="1" secondX="5" secondY="5"/>
    </PictureSource>
    <AudioSource guid="{guid(22)}" name="录音" path="relative://a.m4a"/>
  </Sources>
</Project>"""
    files = {
        f"Sources/{guid(20)}.txt": NVIVO_TEXT.encode("utf-8"),
        f"Sources/{guid(21)}.jpg": b"\xff\xd8\xff",
    }
    return qdpx(xml, files)
