"""An archived project is read-only for everyone: every write answers 403 naming the reason."""

import pytest
from django.utils.html import escape

from coding.errors import PROJECT_ARCHIVED
from coding.models import Code, ProjectActivity
from coding.projects import services
from tests.factories import make_code, make_document


@pytest.fixture
def archived(project, owner):
    return services.project_archive(project=project, by=owner)


WRITES = [
    ("patch", "/", {"name": "新名字"}),
    ("post", "/codes/", {"name": "内卷化"}),
    ("post", "/documents/", {"title": "新访谈", "text": "答：好的。"}),
    ("post", "/cases/", {"name": "G区"}),
    ("post", "/members/", {"username": "cai", "role": "viewer"}),
    ("post", "/transfer/", {"member": 0}),
    ("post", "/archive/", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_every_api_write_to_an_archived_project_is_refused_naming_the_reason(
    archived, owner, api, method, path, body
):
    response = getattr(api(owner), method)(f"/api/projects/{archived.pk}{path}", body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": str(PROJECT_ARCHIVED)}


def test_a_coder_may_not_code_in_an_archived_project(project, owner, coder, api):
    document = make_document(project, owner)
    code = make_code(project)
    services.project_archive(project=project, by=owner)
    body = {"document": document.pk, "code": code.pk, "start": 0, "end": 2}
    response = api(coder).post(f"/api/projects/{project.pk}/codings/", body, format="json")
    assert response.status_code == 403 and response.json()["detail"] == str(PROJECT_ARCHIVED)


def test_reads_still_work_in_an_archived_project(archived, viewer, api):
    response = api(viewer).get(f"/api/projects/{archived.pk}/codes/")
    assert response.status_code == 200
    assert api(viewer).get(f"/api/projects/{archived.pk}/").json()["is_archived"] is True


def test_outsiders_still_get_404_on_an_archived_project(archived, outsider, api):
    assert (
        api(outsider).post(f"/api/projects/{archived.pk}/codes/", {"name": "x"}, format="json").status_code
        == 404
    )


def test_page_writes_to_an_archived_project_are_refused_naming_the_reason(archived, editor, client):
    client.force_login(editor)
    response = client.post(f"/projects/{archived.pk}/codebook/", {"name": "内卷化"})
    assert response.status_code == 403
    assert escape(str(PROJECT_ARCHIVED)) in response.content.decode()
    assert not Code.objects.filter(project=archived).exists()


def test_an_owner_unarchives_and_writes_work_again(archived, owner, api):
    client = api(owner)
    assert client.post(f"/api/projects/{archived.pk}/unarchive/").json()["is_archived"] is False
    assert (
        client.post(f"/api/projects/{archived.pk}/codes/", {"name": "内卷化"}, format="json").status_code
        == 201
    )
    kinds = list(ProjectActivity.objects.filter(project=archived).values_list("kind", flat=True)[:2])
    assert kinds == ["unarchived", "archived"]


def test_an_owner_unarchives_from_the_settings_page(archived, owner, client):
    client.force_login(owner)
    response = client.post(f"/projects/{archived.pk}/settings/", {"action": "unarchive"})
    assert response.status_code == 302
    archived.refresh_from_db()
    assert not archived.is_archived


def test_renaming_from_the_settings_page_of_an_archived_project_is_refused(archived, owner, client):
    client.force_login(owner)
    response = client.post(f"/projects/{archived.pk}/settings/", {"action": "save", "name": "新名字"})
    assert response.status_code == 403
    archived.refresh_from_db()
    assert archived.name != "新名字"


def test_a_viewer_may_copy_the_codebook_of_an_archived_project(archived, viewer, api):
    make_code(archived, name="合谋化", color="#aa0000")
    response = api(viewer).post(
        f"/api/projects/{archived.pk}/copy-codebook/", {"name": "新研究"}, format="json"
    )
    assert response.status_code == 201
    assert Code.objects.get(project_id=response.json()["id"]).color == "#aa0000"
