"""Pages: "Import a project" from the home page; "Export" and "Backup" from the project's page."""

import io
import zipfile

import pytest
from django.test import Client

from coding.models import Project
from tests.exchange.conftest import upload


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_home_page_offers_an_import(owner):
    page = client_for(owner).get("/")
    assert 'href="/projects/import/"' in page.content.decode()


def test_the_preview_shows_counts_and_what_is_left_out(owner, nvivo_qdpx):
    projects = Project.objects.count()
    page = client_for(owner).post("/projects/import/", {"file": upload(nvivo_qdpx), "preview": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-report"' in html and "村委会照片" in html
    assert Project.objects.count() == projects


def test_importing_from_the_page_opens_the_new_project(owner, nvivo_qdpx):
    page = client_for(owner).post("/projects/import/", {"file": upload(nvivo_qdpx), "apply": "1"})
    project = Project.objects.get(name="村级治理")
    assert page.status_code == 302 and page["Location"] == f"/projects/{project.pk}/"


def test_a_bad_file_shows_why_and_imports_nothing(owner):
    page = client_for(owner).post("/projects/import/", {"file": upload(b"nope"), "apply": "1"})
    assert page.status_code == 200
    assert 'id="import-problems"' in page.content.decode()


def test_the_project_page_links_export_and_backup_for_editors(project, editor, viewer):
    assert (
        f'href="/projects/{project.pk}/exchange/"'
        in client_for(editor).get(f"/projects/{project.pk}/").content.decode()
    )
    assert "/exchange/" not in client_for(viewer).get(f"/projects/{project.pk}/").content.decode()
    page = client_for(editor).get(f"/projects/{project.pk}/exchange/").content.decode()
    assert 'id="export-form"' in page and 'id="backup-link"' in page


def test_a_backup_downloads_a_qdpx(project, owner):
    answer = client_for(owner).get(f"/projects/{project.pk}/exchange/download/?backup=1")
    assert answer.status_code == 200
    assert "backup-" in answer["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert "project.qde" in archive.namelist()


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("viewer", 403)])
def test_outsiders_404_and_viewers_403_on_the_pages(project, who, status, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/projects/{project.pk}/exchange/").status_code == status
    assert client.get(f"/projects/{project.pk}/exchange/download/").status_code == status
