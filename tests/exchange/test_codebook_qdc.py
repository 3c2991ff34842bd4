"""`.qdc` as a file_format of codebook/file/: export validates, import merges or adds under a parent."""

import io
from pathlib import Path

import pytest
import xmlschema

from coding.codebook import services as codebook_services
from coding.models import Code
from exchange.models import Set
from tests.exchange.conftest import upload
from tests.exchange.refi_files import guid

SCHEMA = Path(__file__).resolve().parents[2] / "exchange" / "schemas" / "Codebook-mrt2019.xsd"
QDC = f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo for Mac"><Codes>
  <Code guid="{guid(1)}" name="合作" isCodable="false" color="#ABC"><Description>定义
</Description>
    <Code guid="{guid(2)}" name="契约性合作" isCodable="true"/>
    <Code guid="{guid(3)}" name="新的子码" isCodable="true"><Description>新子码的定义</Description></Code>
  </Code>
  <Code guid="{guid(4)}" name="全新" isCodable="true"/>
</Codes><Sets><Set guid="{guid(9)}" name="关键"><MemberCode guid="{guid(3)}"/></Set></Sets></CodeBook>""".encode()


def url(project):
    return f"/api/projects/{project.pk}/codebook/file/"


@pytest.fixture
def codebook(project):
    parent = codebook_services.code_create(project=project, name="合作", definition="已有定义")
    codebook_services.code_create(project=project, name="契约性合作", parent=parent)
    return parent


def post(api, user, project, **fields):
    return api(user).post(
        url(project),
        {"file": upload(QDC, "codebook.qdc"), "file_format": "qdc", **fields},
        format="multipart",
    )


def test_the_export_is_a_valid_qdc(api, project, codebook, viewer):
    answer = api(viewer).get(url(project), {"file_format": "qdc"})
    assert answer.status_code == 200
    xmlschema.XMLSchema(SCHEMA).validate(io.BytesIO(answer.content))
    assert "契约性合作" in answer.content.decode()


def test_a_merge_preview_matches_by_name_and_changes_nothing(api, project, codebook, editor):
    answer = post(api, editor, project, dry_run="true", mode="merge")
    assert answer.status_code == 200, answer.content
    assert [(i["path"], i["action"]) for i in answer.json()["plan"]] == [
        ("合作", "merge"),
        ("合作 > 契约性合作", "merge"),
        ("合作 > 新的子码", "create"),
        ("全新", "create"),
    ]
    assert Code.objects.filter(project=project).count() == 2


def test_a_merge_adds_only_the_new_codes_and_keeps_existing_fields(api, project, codebook, editor):
    answer = post(api, editor, project, mode="merge")
    assert answer.status_code == 200, answer.content
    codebook.refresh_from_db()
    assert codebook.definition == "已有定义"
    new = Code.objects.get(project=project, name="新的子码")
    assert (new.parent_id, new.definition) == (codebook.pk, "新子码的定义")
    assert Code.objects.get(project=project, name="全新").parent_id is None
    assert [c.name for c in Set.objects.get(project=project).codes.all()] == ["新的子码"]


def test_adding_under_a_new_parent_copies_the_whole_tree(api, project, codebook, editor):
    answer = post(api, editor, project, mode="parent", parent_name="导入的编码本")
    assert answer.status_code == 200, answer.content
    top = Code.objects.get(project=project, parent=None, name="导入的编码本")
    copied = Code.objects.get(parent=top, name="合作")
    assert (copied.color, copied.definition) == ("#aabbcc", "定义")
    assert sorted(c.name for c in copied.children.all()) == ["契约性合作", "新的子码"]


def test_a_parent_mode_without_a_name_is_refused(api, project, editor):
    answer = post(api, editor, project, mode="parent")
    assert answer.status_code == 400
    assert answer.json() == {"parent_name": ["Give the new parent code a name."]}


def test_viewers_may_not_import(api, project, viewer):
    assert post(api, viewer, project).status_code == 403


def test_outsiders_see_nothing(api, project, outsider):
    assert post(api, outsider, project).status_code == 404
    assert api(outsider).get(url(project), {"file_format": "qdc"}).status_code == 404
