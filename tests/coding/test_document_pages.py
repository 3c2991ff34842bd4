"""Document pages: browser import with per-file results, list and bulk-assign, edit, delete, original."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases import organise
from coding.documents.forms import DATE_INVALID
from coding.models import Document
from tests.coding.import_files import TRANSCRIPT, fixture
from tests.factories import make_case, make_code, make_coding, make_document


def test_the_import_page_imports_several_files_and_lists_each_result(client, editor, project):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("20160710YJ2.txt", TRANSCRIPT.encode("gb18030")),
        SimpleUploadedFile("scan.pdf", fixture("scanned_interview.pdf")),
        SimpleUploadedFile("empty.txt", b""),
    ]
    response = client.post(f"/projects/{project.pk}/documents/import/", {"files": files, "encoding": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Imported" in page and "gb18030" in page and "4 speaker turns" in page
    assert "This PDF has no text layer" in page and "The file is empty: it holds no text." in page
    assert list(Document.objects.values_list("title", flat=True)) == ["20160710YJ2"]


def test_the_import_page_is_for_editors(client, coder, outsider, project):
    client.force_login(coder)
    assert client.get(f"/projects/{project.pk}/documents/import/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/projects/{project.pk}/documents/import/").status_code == 404


def test_the_import_page_speaks_chinese(client, editor, project):
    client.force_login(editor)
    page = client.get(
        f"/projects/{project.pk}/documents/import/", HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert '<html lang="zh-hans">' in page


def test_editors_bulk_assign_documents_to_a_case(client, editor, owner, project):
    case = make_case(project)
    first, second, third = (make_document(project, owner, title=f"访谈{n}") for n in "一二三")
    client.force_login(editor)
    response = client.post(
        f"/projects/{project.pk}/documents/",
        {"documents": [first.pk, second.pk], "case": case.pk},
        follow=True,
    )
    assert "2 documents assigned." in response.content.decode()
    assert set(case.documents.all()) == {first, second}
    third.refresh_from_db()
    assert third.case is None


def test_bulk_assign_refuses_other_projects_documents_and_changes_nothing(
    editor, owner, project, other_project, outsider
):
    import pytest
    from django.core.exceptions import ValidationError

    case = make_case(project)
    mine = make_document(project, owner)
    foreign = make_document(other_project, outsider)
    with pytest.raises(ValidationError) as error:
        organise.documents_assign(project=project, document_ids=[mine.pk, foreign.pk], case_id=case.pk)
    assert error.value.message_dict == {"documents": [str(organise.NO_SUCH_DOCUMENTS)]}
    mine.refresh_from_db()
    assert mine.case is None


def test_viewers_see_the_list_but_cannot_assign(client, viewer, owner, project):
    document = make_document(project, owner)
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/documents/").content.decode()
    assert document.title in page and 'name="documents"' not in page
    assert client.post(f"/projects/{project.pk}/documents/", {"documents": [document.pk]}).status_code == 403


def test_editing_title_metadata_and_case(client, editor, owner, project):
    case = make_case(project)
    document = make_document(project, owner)
    client.force_login(editor)
    response = client.post(
        f"/projects/{project.pk}/documents/{document.pk}/edit/",
        {
            "title": "老人访谈",
            "interview_id": "20160710YJ2",
            "interview_date": "2016-07-10",
            "place": "W区",
            "interviewee_role": "老人",
            "language": "zh",
            "extra_metadata": "访谈人：小李\nrecorder: Wang",
            "case": case.pk,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.place, document.case) == ("老人访谈", "W区", case)
    assert str(document.interview_date) == "2016-07-10"
    assert document.extra_metadata == {"访谈人": "小李", "recorder": "Wang"}


def test_the_date_input_holds_an_iso_date_in_a_chinese_interface(client, editor, owner, project):
    """<input type=date> shows nothing but yyyy-MM-dd; zh-Hans formats dates as 2016/07/10."""
    document = make_document(project, owner)
    document.interview_date = datetime.date(2016, 7, 10)
    document.save()
    client.force_login(editor)
    with translation.override("en"):  # the middleware leaves zh-Hans active in this thread otherwise
        page = client.get(
            f"/projects/{project.pk}/documents/{document.pk}/edit/", HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).content.decode()
    assert '<html lang="zh-hans">' in page
    assert re.search(r'<input type="date" name="interview_date" value="2016-07-10"', page)


@pytest.mark.parametrize("typed", ["2016/07/10", "2016/7/10", "2016年7月10日", "20160710", "2016-07-10"])
def test_the_date_is_read_in_the_ways_chinese_teams_write_it(client, editor, owner, project, typed):
    document = make_document(project, owner)
    client.force_login(editor)
    with translation.override("en"):
        response = client.post(
            f"/projects/{project.pk}/documents/{document.pk}/edit/",
            {"title": "x", "interview_date": typed},
            HTTP_ACCEPT_LANGUAGE="zh-CN",
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.interview_date == datetime.date(2016, 7, 10)


def test_an_unreadable_date_is_named_and_changes_nothing(client, editor, owner, project):
    document = make_document(project, owner)
    document.interview_date = datetime.date(2016, 7, 10)
    document.save()
    client.force_login(editor)
    response = client.post(
        f"/projects/{project.pk}/documents/{document.pk}/edit/", {"title": "x", "interview_date": "七月十日"}
    )
    assert response.status_code == 200
    assert str(DATE_INVALID.format(value="七月十日")) in response.content.decode()
    document.refresh_from_db()
    assert document.interview_date == datetime.date(2016, 7, 10) and document.title != "x"


def test_a_malformed_free_field_line_is_named(client, editor, owner, project):
    document = make_document(project, owner)
    client.force_login(editor)
    response = client.post(
        f"/projects/{project.pk}/documents/{document.pk}/edit/",
        {"title": "x", "extra_metadata": "ok: 1\nno colon"},
    )
    assert "Line 2: write each other field as “name: value”." in response.content.decode()


def test_delete_asks_first_and_shows_the_codings_that_will_go(client, editor, owner, coder, project):
    document = make_document(project, owner)
    make_coding(document, make_code(project, name="合谋化"), coder, 0, 2)
    make_coding(document, make_code(project, name="内卷化"), coder, 0, 3)
    client.force_login(editor)
    page = client.get(f"/projects/{project.pk}/documents/{document.pk}/delete/").content.decode()
    assert "Its 2 codings will be deleted with it:" in page and "合谋化" in page and "cora (2)" in page
    assert Document.objects.filter(pk=document.pk).exists()
    response = client.post(f"/projects/{project.pk}/documents/{document.pk}/delete/")
    assert response.status_code == 302 and not Document.objects.filter(pk=document.pk).exists()


def test_coders_cannot_delete_or_edit(client, coder, owner, project):
    document = make_document(project, owner)
    client.force_login(coder)
    assert client.post(f"/projects/{project.pk}/documents/{document.pk}/delete/").status_code == 403
    assert client.get(f"/projects/{project.pk}/documents/{document.pk}/edit/").status_code == 403


def test_the_original_downloads_from_the_page_too(client, api, editor, viewer, project):
    data = TRANSCRIPT.encode("gb18030")
    api(editor).post(
        f"/api/projects/{project.pk}/documents/import/",
        {"files": [SimpleUploadedFile("a.txt", data)]},
        format="multipart",
    )
    document = Document.objects.get()
    client.force_login(viewer)
    response = client.get(f"/projects/{project.pk}/documents/{document.pk}/original/")
    assert response.content == data
