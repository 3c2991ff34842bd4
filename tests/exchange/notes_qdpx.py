"""A .qdpx whose notes and sets have no other place in qualcase, imported with a team around it."""

from coding.models import Role
from coding.projects import services as project_services
from exchange import services
from exchange.models import Note, Set
from tests.exchange.refi_files import guid, qdpx

HOSTILE = '<script>alert("备忘")</script>'


def notes_and_sets_qdpx():
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="备忘与集合" origin="MAXQDA 2022">
  <CodeBook><Codes>
    <Code guid="{guid(1)}" name="合作社" isCodable="true"><NoteRef targetGUID="{guid(71)}"/></Code>
    <Code guid="{guid(2)}" name="村委会" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{guid(10)}" name="王村访谈"><NoteRef targetGUID="{guid(70)}"/>
      <PlainTextContent>合作社很好，村委会也好。</PlainTextContent></TextSource>
    <TextSource guid="{guid(11)}" name="李村访谈"><PlainTextContent>李村的合作社。</PlainTextContent></TextSource>
  </Sources>
  <Notes>
    <Note guid="{guid(70)}" name="访谈印象"><PlainTextContent>第一行
第二行</PlainTextContent></Note>
    <Note guid="{guid(71)}" name="码的备忘"><PlainTextContent>关于这个码</PlainTextContent></Note>
    <Note guid="{guid(72)}" name="研究日志"><PlainTextContent>{HOSTILE.replace("<", "&lt;")}</PlainTextContent></Note>
  </Notes>
  <Sets>
    <Set guid="{guid(90)}" name="东部村庄"><MemberSource targetGUID="{guid(10)}"/>
      <MemberSource targetGUID="{guid(11)}"/><MemberCode targetGUID="{guid(1)}"/><MemberNote targetGUID="{guid(72)}"/></Set>
    <Set guid="{guid(91)}" name="空集合"/>
  </Sets>
</Project>"""
    return qdpx(xml)


def import_with_team(owner, editor, coder, viewer):
    """The imported project (owned by `owner`) with an editor, a coder and a viewer added."""
    project, _report = services.project_import(user=owner, data=notes_and_sets_qdpx())
    for user, role in ((editor, Role.EDITOR), (coder, Role.CODER), (viewer, Role.VIEWER)):
        project_services.membership_add(project=project, user=user, role=role)
    return project


def note(project, title):
    return Note.objects.get(project=project, title=title)


def a_set(project, name):
    return Set.objects.get(project=project, name=name)
