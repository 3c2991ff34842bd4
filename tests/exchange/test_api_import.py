"""POST /api/projects/import/qdpx/: preview with dry_run, else a new project with its report."""

from django.contrib.auth import get_user_model

from cases.models import AttributeValue, Case
from coding.models import Code, CodebookChange, Coding, Document, Membership, Project, Role
from exchange.models import Note, Set
from tests.exchange.conftest import upload
from tests.exchange.refi_files import guid, nvivo_project, qdpx

URL = "/api/projects/import/qdpx/"


def post(api, user, data, **extra):
    return api(user).post(URL, {"file": upload(data), **extra}, format="multipart")


def test_a_dry_run_reports_and_creates_nothing(api, owner, nvivo_qdpx):
    projects = Project.objects.count()
    answer = post(api, owner, nvivo_qdpx, dry_run="true")
    assert answer.status_code == 200, answer.content
    report = answer.json()
    assert report["counts"]["sources"] == 1
    assert report["counts"]["codings"] == 2
    assert report["counts"]["users"] == 1
    assert report["skipped_counts"] == {"source": 2}
    assert {entry["name"] for entry in report["skipped"]} == {"村委会照片", "录音"}
    assert all(entry["message"] for entry in report["skipped"])
    assert Project.objects.count() == projects
    assert not get_user_model().objects.filter(username="王芳").exists()


def test_an_import_creates_the_whole_project(api, owner, nvivo_qdpx):
    answer = post(api, owner, nvivo_qdpx)
    assert answer.status_code == 201, answer.content
    project = Project.objects.get(pk=answer.json()["project"])
    assert project.name == "村级治理"
    assert Membership.objects.get(project=project, user=owner).role == Role.OWNER

    (document,) = Document.objects.filter(project=project)
    assert document.title == "王村访谈"
    assert "\r" not in document.text and not document.text.startswith("\ufeff")

    folder = Code.objects.get(project=project, parent=None, name="集体经济")
    assert (folder.color, folder.definition) == ("#ff00aa", "村集体的经营")
    child = Code.objects.get(parent=folder)
    assert (child.name, child.color) == ("合作社", "#ff0000")
    assert CodebookChange.objects.filter(project=project, action="create").count() == 3

    codings = Coding.objects.filter(document=document).order_by("start")
    assert [(c.quote, c.code.name, c.coder.username) for c in codings] == [
        ("您好😀", "问候", "王芳"),
        ("合作社", "合作社", "王芳"),
    ]
    coder = get_user_model().objects.get(username="王芳")
    assert not coder.is_active and not coder.has_usable_password()
    assert Membership.objects.get(project=project, user=coder).role == Role.CODER

    case = Case.objects.get(project=project)
    assert case.name == "王村" and document.case_id == case.pk
    values = {v.attribute.name: v.value for v in AttributeValue.objects.filter(case=case)}
    assert values == {"人口:年龄": 52.0, "是否党员": True}
    assert answer.json()["report"]["counts"]["codings"] == 2


def test_an_existing_account_of_the_same_name_gets_the_codings(api, owner, coder):
    data = nvivo_project(user_name="cora")
    answer = post(api, owner, data)
    assert answer.status_code == 201, answer.content
    project_id = answer.json()["project"]
    assert set(
        Coding.objects.filter(document__project_id=project_id).values_list("coder__username", flat=True)
    ) == {"cora"}
    assert Membership.objects.get(project_id=project_id, user=coder).role == Role.CODER


def test_memos_notes_and_sets_come_in(api, owner):
    xml = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="备忘项目">
      <CodeBook><Codes><Code guid="{guid(1)}" name="码" isCodable="true"><NoteRef targetGUID="{guid(71)}"/></Code></Codes></CodeBook>
      <Sources><TextSource guid="{guid(2)}" name="文档"><Description>文档说明</Description>
        <PlainTextContent>合作社很好，村委会也好。</PlainTextContent>
        <PlainTextSelection guid="{guid(3)}" startPosition="0" endPosition="3"><Description>片段备忘</Description>
          <Coding guid="{guid(4)}"><CodeRef targetGUID="{guid(1)}"/><NoteRef targetGUID="{guid(70)}"/></Coding>
        </PlainTextSelection></TextSource></Sources>
      <Notes><Note guid="{guid(70)}" name="编码备忘"><PlainTextContent>再看一遍</PlainTextContent></Note>
        <Note guid="{guid(71)}" name="码的备忘"><PlainTextContent>关于这个码</PlainTextContent></Note>
        <Note guid="{guid(72)}" name="日志"><PlainTextContent>研究日志</PlainTextContent></Note></Notes>
      <Links><Link guid="{guid(80)}" originGUID="{guid(1)}" targetGUID="{guid(2)}"/></Links>
      <Sets><Set guid="{guid(90)}" name="集合"><MemberCode targetGUID="{guid(1)}"/><MemberSource targetGUID="{guid(2)}"/></Set></Sets>
      <Description>项目备忘</Description></Project>"""
    answer = post(api, owner, qdpx(xml))
    assert answer.status_code == 201, answer.content
    project = Project.objects.get(pk=answer.json()["project"])
    assert project.description == "项目备忘"
    assert Coding.objects.get(document__project=project).memo == "片段备忘\n\n再看一遍"
    notes = {
        (n.title, n.text, bool(n.code_id), bool(n.document_id)) for n in Note.objects.filter(project=project)
    }
    assert notes == {
        ("码的备忘", "关于这个码", True, False),
        ("日志", "研究日志", False, False),
        ("", "文档说明", False, True),
    }
    (item,) = Set.objects.filter(project=project)
    assert [c.name for c in item.codes.all()] == ["码"] and [d.title for d in item.documents.all()] == [
        "文档"
    ]
    report = answer.json()["report"]
    assert report["skipped_counts"]["link"] == 1


def test_a_broken_file_is_refused_with_a_message_and_creates_nothing(api, owner):
    projects = Project.objects.count()
    answer = post(api, owner, b"PK\x03\x04 not really a zip")
    assert answer.status_code == 400
    assert answer.json() == {"file": ["This is not a .qdpx project: the file is not a ZIP archive."]}
    assert Project.objects.count() == projects


def test_a_codebook_sent_as_a_project_is_refused(api, owner):
    answer = post(api, owner, qdpx("<CodeBook/>"))
    assert answer.status_code == 400
    assert "CodeBook" in answer.json()["file"][0]


def test_anonymous_users_cannot_import(api, nvivo_qdpx):
    assert post(api, None, nvivo_qdpx).status_code in (401, 403)


def test_a_failure_half_way_leaves_nothing(api, owner, nvivo_qdpx, monkeypatch):
    from exchange import services

    def explode(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services._ProjectImport, "sets", explode)
    projects, users = Project.objects.count(), get_user_model().objects.count()
    try:
        post(api, owner, nvivo_qdpx)
    except RuntimeError:
        pass
    assert Project.objects.count() == projects
    assert get_user_model().objects.count() == users


def test_the_imported_codings_are_in_the_coding_pages_change_log(api, owner, nvivo_qdpx):
    project = Project.objects.get(pk=post(api, owner, nvivo_qdpx).json()["project"])
    (document,) = Document.objects.filter(project=project)
    answer = api(owner).get(f"/api/projects/{project.pk}/documents/{document.pk}/workspace/changes/?after=0").json()
    assert sorted(row[0] for row in answer["codings"]) == sorted(
        Coding.objects.filter(document=document).values_list("pk", flat=True)
    )
    assert len(answer["codings"]) == 2


def test_a_project_file_over_the_configured_size_is_refused_naming_the_limit(api, owner, nvivo_qdpx, settings):
    settings.QUALCASE_EXCHANGE_MAX_MB = 0.001  # about 1 KB: the test project is larger
    assert len(nvivo_qdpx) > 0.001 * 1024 * 1024
    projects = Project.objects.count()
    answer = post(api, owner, nvivo_qdpx)
    assert answer.status_code == 400
    assert answer.json() == {"file": ["The file is larger than 0.001 MB."]}
    assert Project.objects.count() == projects
