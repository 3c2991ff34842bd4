"""Every endpoint and method against the five kinds of user.

Outsiders get 404 for anything in a project; members below the needed role get 403; the others
succeed. Each row states the least role that may make the request.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from accounts import services as account_services
from cases import services as case_services
from coding.models import Role
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

USERS = ["owner", "editor", "coder", "viewer", "outsider"]
RANK = {"viewer": 0, "coder": 1, "editor": 2, "owner": 3}


@pytest.fixture
def objects(project, owner, coder, second_coder, viewer):
    document = make_document(project, owner)
    code = make_code(project)
    case = make_case(project)
    attribute = make_attribute(project)
    case_services.attribute_value_set(case=case, attribute=attribute, value="W区")
    return {
        "project": project,
        "document": document,
        "code": code,
        "case": case,
        "attribute": attribute,
        "own_coding": {
            u: make_coding(document, code, u, 0, 3) for u in (owner, project_user(project, "edward"))
        },
        "coder_coding": make_coding(document, code, coder, 0, 4),
        "other_coding": make_coding(document, code, second_coder, 2, 6),
        "viewer_membership": viewer.memberships.get(project=project),
        "invitation": account_services.invitation_create(project=project, by=owner, role="coder")[0],
    }


def project_user(project, username):
    return get_user_model().objects.get(username=username)


@dataclass
class Call:
    name: str
    method: str
    path: str  # formatted with the objects
    least_role: str
    body: Any = None
    ok: int = 200


P = "/api/projects/{project.pk}"
CALLS = [
    Call("read project", "get", P + "/", "viewer"),
    Call("rename project", "patch", P + "/", "owner", {"name": "新名字"}),
    Call("delete project", "delete", P + "/?confirm_name={project.name}", "owner", ok=204),
    Call("list members", "get", P + "/members/", "viewer"),
    Call("add member", "post", P + "/members/", "owner", {"username": "newcomer", "role": "coder"}, 201),
    Call("read member", "get", P + "/members/{viewer_membership.pk}/", "viewer"),
    Call("change role", "patch", P + "/members/{viewer_membership.pk}/", "owner", {"role": "coder"}),
    Call("remove member", "delete", P + "/members/{viewer_membership.pk}/", "owner", ok=204),
    Call("list documents", "get", P + "/documents/", "viewer"),
    Call(
        "create document", "post", P + "/documents/", "editor", {"title": "新访谈", "text": "答：好的。"}, 201
    ),
    Call("read document", "get", P + "/documents/{document.pk}/", "viewer"),
    Call("edit document", "patch", P + "/documents/{document.pk}/", "editor", {"title": "改名"}),
    Call("delete document", "delete", P + "/documents/{document.pk}/", "editor", ok=204),
    Call("list speaker turns", "get", P + "/documents/{document.pk}/turns/", "viewer"),
    Call("list codes", "get", P + "/codes/", "viewer"),
    Call("create code", "post", P + "/codes/", "editor", {"name": "内卷化"}, 201),
    Call("read code", "get", P + "/codes/{code.pk}/", "viewer"),
    Call("edit code", "patch", P + "/codes/{code.pk}/", "editor", {"definition": "利益媾通"}),
    Call("delete code", "delete", P + "/codes/{code.pk}/", "editor", ok=204),
    Call("read codebook tree", "get", P + "/codebook/", "viewer"),
    Call("read codebook history", "get", P + "/codebook/history/", "viewer"),
    Call("export codebook", "get", P + "/codebook/file/?file_format=json", "viewer"),
    Call("preview code deletion", "get", P + "/codes/{code.pk}/delete-preview/", "viewer"),
    Call("move code", "post", P + "/codes/{code.pk}/move/", "editor", {"parent": None, "position": 0}),
    Call("archive code", "post", P + "/codes/{code.pk}/archive/", "editor", {}),
    Call("list codings", "get", P + "/codings/", "viewer"),
    Call(
        "create coding",
        "post",
        P + "/codings/",
        "coder",
        {"document": "{document.pk}", "code": "{code.pk}", "start": 5, "end": 9},
        201,
    ),
    Call("read coding", "get", P + "/codings/{coder_coding.pk}/", "viewer"),
    Call("edit another coder's coding", "patch", P + "/codings/{other_coding.pk}/", "editor", {"memo": "?"}),
    Call("delete another coder's coding", "delete", P + "/codings/{other_coding.pk}/", "editor", ok=204),
    Call("list cases", "get", P + "/cases/", "viewer"),
    Call("create case", "post", P + "/cases/", "editor", {"name": "G区"}, 201),
    Call("read case", "get", P + "/cases/{case.pk}/", "viewer"),
    Call("edit case", "patch", P + "/cases/{case.pk}/", "editor", {"description": "枢纽型"}),
    Call("delete case", "delete", P + "/cases/{case.pk}/", "editor", ok=204),
    Call("list attributes", "get", P + "/attributes/", "viewer"),
    Call("create attribute", "post", P + "/attributes/", "editor", {"name": "year", "type": "number"}, 201),
    Call("read attribute", "get", P + "/attributes/{attribute.pk}/", "viewer"),
    Call("edit attribute", "patch", P + "/attributes/{attribute.pk}/", "editor", {"name": "区"}),
    Call("delete attribute", "delete", P + "/attributes/{attribute.pk}/", "editor", ok=204),
    Call("list case values", "get", P + "/cases/{case.pk}/values/", "viewer"),
    Call("set case value", "put", P + "/cases/{case.pk}/values/{attribute.pk}/", "editor", {"value": "G区"}),
    Call("clear case value", "delete", P + "/cases/{case.pk}/values/{attribute.pk}/", "editor", ok=204),
    Call("export attribute grid", "get", P + "/cases/table/", "viewer"),
    Call("archive project", "post", P + "/archive/", "owner", {}),
    Call("unarchive project", "post", P + "/unarchive/", "owner", {}),
    Call("transfer ownership", "post", P + "/transfer/", "owner", {"member": "{viewer_membership.pk}"}),
    Call("preview project deletion", "get", P + "/delete-preview/", "owner"),
    Call("new project from the codebook", "post", P + "/copy-codebook/", "viewer", {"name": "第二期"}, 201),
    Call("read activity", "get", P + "/activity/", "viewer"),
    Call("list invitations", "get", P + "/invitations/", "owner"),
    Call("create invitation", "post", P + "/invitations/", "owner", {"role": "coder"}, 201),
    Call("read invitation", "get", P + "/invitations/{invitation.pk}/", "owner"),
    Call("revoke invitation", "delete", P + "/invitations/{invitation.pk}/", "owner", ok=204),
]


def fill(template, objects):
    if isinstance(template, str):
        text = template.format(**objects)
        return int(text) if text.isdigit() and template.startswith("{") else text
    if isinstance(template, dict):
        return {key: fill(value, objects) for key, value in template.items()}
    return template


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.name)
def test_role_matrix(call, who, objects, api, request):
    if call.name == "add member":
        get_user_model().objects.create_user(username="newcomer", password="x-long-password-1")
    user = request.getfixturevalue(who)
    response = getattr(api(user), call.method)(
        fill(call.path, objects), fill(call.body, objects), format="json"
    )
    if who == "outsider":
        expected = 404
    elif RANK[who] >= RANK[call.least_role]:
        expected = call.ok
    else:
        expected = 403
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("who", ["coder", "editor", "owner"])
def test_a_member_who_codes_may_edit_and_delete_their_own_coding(who, objects, api, request, project):
    user = request.getfixturevalue(who)
    coding = objects["coder_coding"] if who == "coder" else objects["own_coding"][user]
    client = api(user)
    url = f"/api/projects/{project.pk}/codings/{coding.pk}/"
    assert client.patch(url, {"memo": "我的备注"}, format="json").status_code == 200
    assert client.delete(url).status_code == 204


def test_a_coder_may_not_change_another_coders_coding(objects, api, coder, project):
    url = f"/api/projects/{project.pk}/codings/{objects['other_coding'].pk}/"
    response = api(coder).patch(url, {"memo": "不是我的"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Coders may only change their own codings."


def test_a_viewer_is_told_which_role_is_needed(objects, api, viewer, project):
    response = api(viewer).post(f"/api/projects/{project.pk}/codes/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Your role in this project (Viewer) does not allow this; it needs Editor or above."
    )


def test_anyone_signed_in_may_create_a_project_and_becomes_its_owner(api, outsider):
    response = api(outsider).post("/api/projects/", {"name": "我的研究", "description": ""}, format="json")
    assert response.status_code == 201
    assert response.json()["role"] == Role.OWNER


def test_project_list_shows_only_the_users_projects(api, project, other_project, viewer):
    names = [row["name"] for row in api(viewer).get("/api/projects/").json()["results"]]
    assert names == [project.name]


@pytest.mark.parametrize("path", ["/api/projects/", "/api/projects/{project.pk}/documents/"])
def test_anonymous_requests_are_refused(api, project, path):
    assert api().get(path.format(project=project)).status_code in (401, 403)
