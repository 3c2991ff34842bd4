"""The codebook API: tree with counts, operations, history and restore, 409 on stale saves, files."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coding.codebook import errors as codebook_errors
from coding.codebook import files as codebook_files
from coding.models import Code, CodebookChange, Coding
from tests.factories import make_code, make_coding, make_document

pytestmark = pytest.mark.django_db


def api_url(project, rest):
    return f"/api/projects/{project.pk}/{rest}"


def test_two_editors_save_the_same_code_and_the_second_gets_409_with_the_first_ones_change(
    api, owner, editor, project
):
    code = make_code(project, name="合谋化")
    first, second = api(owner), api(editor)
    seen_by_both = first.get(api_url(project, f"codes/{code.pk}/")).json()["version"]
    assert seen_by_both == 1
    saved = first.patch(
        api_url(project, f"codes/{code.pk}/"), {"definition": "甲", "version": seen_by_both}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = second.patch(
        api_url(project, f"codes/{code.pk}/"), {"definition": "乙", "version": seen_by_both}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["detail"] == str(codebook_errors.STALE_VERSION)
    assert stale.json()["current"]["definition"] == "甲"
    code.refresh_from_db()
    assert code.definition == "甲"


def test_a_patch_without_version_still_works_and_is_recorded(api, editor, project):
    code = make_code(project, name="合谋化")
    response = api(editor).patch(api_url(project, f"codes/{code.pk}/"), {"color": "#e15759"}, format="json")
    assert response.status_code == 200
    change = CodebookChange.objects.get(code_ref=code.pk)
    assert (change.user, change.before["color"], change.after["color"]) == (editor, "#4e79a7", "#e15759")


def test_the_tree_lists_depth_and_counts(api, viewer, owner, coder, project):
    top = make_code(project, name="互动陷阱")
    child = make_code(project, name="合谋化", parent=top)
    make_coding(make_document(project, owner), child, coder)
    tree = api(viewer).get(api_url(project, "codebook/")).json()
    assert [(code["name"], code["depth"]) for code in tree] == [("互动陷阱", 0), ("合谋化", 1)]
    assert tree[0]["counts"]["subtree_codings"] == 1 and tree[0]["counts"]["codings"] == 0


def test_merge_split_archive_through_the_api(api, editor, owner, coder, project):
    document = make_document(project, owner)
    source, target = make_code(project, name="甲"), make_code(project, name="乙")
    coding = make_coding(document, source, coder)
    client = api(editor)
    response = client.post(
        api_url(project, f"codes/{source.pk}/merge/"), {"target": target.pk}, format="json"
    )
    assert response.status_code == 200
    coding.refresh_from_db()
    assert coding.code == target
    response = client.post(
        api_url(project, f"codes/{target.pk}/split/"), {"codings": [coding.pk], "name": "丙"}, format="json"
    )
    assert response.status_code == 201 and response.json()["name"] == "丙"
    response = client.post(api_url(project, f"codes/{target.pk}/archive/"), {}, format="json")
    assert response.json()["is_active"] is False


def test_merging_into_itself_is_refused(api, editor, project):
    code = make_code(project, name="甲")
    response = api(editor).post(
        api_url(project, f"codes/{code.pk}/merge/"), {"target": code.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"target": [str(codebook_errors.MERGE_INTO_ITSELF)]}


def test_delete_preview_delete_and_restore_from_history(api, editor, owner, coder, project):
    code = make_code(project, name="甲")
    make_coding(make_document(project, owner), code, coder)
    client = api(editor)
    preview = client.get(api_url(project, f"codes/{code.pk}/delete-preview/")).json()
    assert preview == {"codes": 1, "codings": 1, "documents": 1, "coders": ["cora"]}
    assert client.delete(api_url(project, f"codes/{code.pk}/")).status_code == 204
    history = client.get(api_url(project, f"codes/{code.pk}/history/")).json()
    assert history[0]["action"] == "delete"
    response = client.post(api_url(project, f"codebook/history/{history[0]['id']}/restore/"))
    assert response.status_code == 200 and response.json()["id"] == code.pk
    assert Coding.objects.filter(code_id=code.pk).count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "codes/{pk}/merge/"), ("post", "codes/{pk}/archive/"), ("post", "codebook/file/")],
)
def test_codebook_changes_need_an_editor(api, coder, outsider, project, method, path):
    code = make_code(project, name="甲")
    target = api_url(project, path.format(pk=code.pk))
    assert getattr(api(coder), method)(target, {}, format="json").status_code == 403
    assert getattr(api(outsider), method)(target, {}, format="json").status_code == 404


def test_export_csv_json_markdown_and_html(api, viewer, project):
    top = make_code(project, name="互动陷阱", definition="陷阱")
    make_code(project, name="合谋化", parent=top, color="#e15759")
    client = api(viewer)
    csv_text = client.get(api_url(project, "codebook/file/?file_format=csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "path,name,definition,inclusion,exclusion,example,colour"
    assert "互动陷阱,合谋化,,,,,#e15759" in csv_text
    rows = json.loads(client.get(api_url(project, "codebook/file/?file_format=json")).content)
    assert rows[1]["path"] == "互动陷阱"
    markdown = client.get(api_url(project, "codebook/file/?file_format=md")).content.decode()
    assert "## 互动陷阱" in markdown and "### 合谋化" in markdown
    html = client.get(api_url(project, "codebook/file/?file_format=html")).content.decode()
    assert "<h3>" in html and "合谋化" in html


def upload(text, name="codebook.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


CSV_HEADER = "path,name,definition,inclusion,exclusion,example,colour\n"


def test_import_previews_then_creates_and_changes(api, editor, project):
    make_code(project, name="互动陷阱")
    text = CSV_HEADER + "互动陷阱,合谋化,利益媾通,,,,#e15759\n,互动陷阱,陷阱,,,,\n"
    client = api(editor)
    preview = client.post(
        api_url(project, "codebook/file/"), {"file": upload(text), "dry_run": True}, format="multipart"
    ).json()
    assert (preview["created"], preview["changed"]) == (1, 1)
    assert Code.objects.count() == 1
    client.post(api_url(project, "codebook/file/"), {"file": upload(text)}, format="multipart")
    assert Code.objects.get(name="合谋化").parent.name == "互动陷阱"
    assert Code.objects.get(name="互动陷阱").definition == "陷阱"


def test_a_malformed_import_names_its_lines_and_imports_nothing(api, editor, project):
    text = CSV_HEADER + ",好,,,,,\n,,,,,,\n不存在,子,,,,,\n,色,,,,,red\n"
    response = api(editor).post(
        api_url(project, "codebook/file/"), {"file": upload(text)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            codebook_files.LINE_ERROR.format(line=3, message=codebook_files.NAME_MISSING),
            codebook_files.LINE_ERROR.format(
                line=4, message=codebook_files.PARENT_MISSING.format(path="不存在")
            ),
            codebook_files.LINE_ERROR.format(line=5, message=codebook_files.BAD_COLOUR.format(colour="red")),
        ]
    }
    assert Code.objects.count() == 0


def test_an_exported_codebook_imports_into_another_project_unchanged(
    api, owner, outsider, project, other_project
):
    top = make_code(project, name="互动陷阱", definition="陷阱", color="#e15759")
    middle = make_code(project, name="趋同化", parent=top, inclusion_criteria="相似")
    make_code(project, name="强制性", parent=middle, example="“上级要求”")
    exported = api(owner).get(api_url(project, "codebook/file/?file_format=json")).content
    response = api(outsider).post(
        api_url(other_project, "codebook/file/"),
        {"file": SimpleUploadedFile("c.json", exported)},
        format="multipart",
    )
    assert response.json()["created"] == 3
    again = api(outsider).get(api_url(other_project, "codebook/file/?file_format=json")).content
    assert json.loads(again) == json.loads(exported)


def test_the_tree_endpoint_makes_a_fixed_number_of_queries(
    api, viewer, project, django_assert_max_num_queries
):
    parent = None
    for n in range(6):
        parent = make_code(project, name=f"层{n}", parent=parent)
    client = api(viewer)
    with django_assert_max_num_queries(5):
        assert client.get(api_url(project, "codebook/")).status_code == 200
