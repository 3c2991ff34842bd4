"""Every endpoint and method against the five kinds of user.

Outsiders get 404 for anything in a project; members below the needed role get 403; the others
succeed. Each row states the least role that may make the request.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, resolve

from accounts import services as account_services
from analysis.studies import runs as qca_runs
from analysis.studies import services as study_services
from cases import services as case_services
from coding.codebook import services as codebook_services
from coding.documents import services as document_services
from coding.models import Role
from exchange.models import Note, Set
from search import services as search_services
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

USERS = ["owner", "editor", "coder", "viewer", "outsider"]
RANK = {"viewer": 0, "coder": 1, "editor": 2, "owner": 3}


@pytest.fixture
def objects(project, owner, coder, second_coder, viewer, api):
    document = make_document(project, owner)
    code = make_code(project)
    case = make_case(project)
    attribute = make_attribute(project)
    case_services.attribute_value_set(case=case, attribute=attribute, value="W区")
    return {
        **qca_objects(project, owner, case),
        "coder_user": coder,
        "second_coder_user": second_coder,
        "imported": document_services.document_import(
            project=project, filename="访谈二.txt", data="问：好吗？\n答：好。".encode(), created_by=owner
        ).document,
        "merge_source": make_code(project, name="并入"),
        "archived_code": codebook_services.code_archive(code=make_code(project, name="已停用"), user=owner),
        "deleted_change": codebook_services.codebook_code_delete(
            code=make_code(project, name="待删"), user=owner
        ),
        "term": search_services.dictionary_term_add(project=project, term="项目制", created_by=owner),
        "stop_word": search_services.stop_word_add(project=project, word="好的呀"),
        "autocoding_run": api(owner)
        .post(P.format(project=project) + "/auto-coding/", {"code": code.pk, "q": "合作"}, format="json")
        .json(),
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
        **exchange_objects(project, document, code),
    }


def exchange_objects(project, document, code):
    """A note and a set such as a REFI-QDA import keeps when they have no other place."""
    note = Note.objects.create(project=project, title="日志", text="研究日志", document=document)
    item = Set.objects.create(project=project, name="集合")
    item.codes.add(code)
    item.notes.add(note)
    return {"exchange_note": note, "exchange_set": item}


def project_user(project, username):
    return get_user_model().objects.get(username=username)


def qca_objects(project, owner, case):
    """A QCA study of four scored cases (the outcome follows A), its sets and one run."""
    cases = [case] + [make_case(project, name=name) for name in ("c2", "c3", "c4")]
    study = study_services.study_create(project=project, name="角色", created_by=owner, incl_cut=1)
    sets = {
        label: study_services.set_create(study=study, label=label, source="scores", role=role)
        for label, role in (("A", "condition"), ("B", "condition"), ("Y", "outcome"))
    }
    for one, (a, b, y) in zip(cases, [(1, 1, 1), (1, 0, 1), (0, 1, 0), (0, 0, 0)], strict=True):
        for label, value in (("A", a), ("B", b), ("Y", y)):
            study_services.score_set(item=sets[label], case=one, value=value, justification="访谈")
    return {"study": study, "qca_set": sets["A"], "run": qca_runs.run_create(study=study, user=owner)}


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"))


@dataclass
class Call:
    name: str
    method: str
    path: str  # formatted with the objects
    least_role: str
    body: Any = None  # a dict filled with the objects, or a function of them (for uploads)
    ok: int = 200
    format: str = "json"


P = "/api/projects/{project.pk}"
Q = P + "/qca-studies/{study.pk}"
S = Q + "/sets/{qca_set.pk}"
TWO_CODERS = "?coder={coder_user.pk}&coder={second_coder_user.pk}"
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
    # documents: import, originals, the coding page's data
    Call(
        "import documents",
        "post",
        P + "/documents/import/",
        "editor",
        lambda o: {"files": [upload("访谈三.txt", "问：怎么样？\n答：还行。")]},
        format="multipart",
    ),
    Call("download original", "get", P + "/documents/{imported.pk}/original/", "viewer"),
    Call(
        "codings changed since",
        "get",
        P + "/documents/{document.pk}/codings-changes/?since=2026-01-01T00:00:00Z",
        "viewer",
    ),
    Call("coding page data", "get", P + "/documents/{document.pk}/workspace/", "viewer"),
    Call("coding page changes", "get", P + "/documents/{document.pk}/workspace/changes/?after=0", "viewer"),
    # codebook: history, merge, split, archive, files (CSV/JSON and REFI-QDA .qdc)
    Call("read code history", "get", P + "/codes/{code.pk}/history/", "viewer"),
    Call("merge code", "post", P + "/codes/{merge_source.pk}/merge/", "editor", {"target": "{code.pk}"}),
    Call(
        "split code",
        "post",
        P + "/codes/{code.pk}/split/",
        "editor",
        {"codings": ["{coder_coding.pk}"], "name": "丙"},
        201,
    ),
    Call("unarchive code", "post", P + "/codes/{archived_code.pk}/unarchive/", "editor", {}),
    Call(
        "restore a deleted code", "post", P + "/codebook/history/{deleted_change.pk}/restore/", "editor", {}
    ),
    Call(
        "import codebook",
        "post",
        P + "/codebook/file/",
        "editor",
        lambda o: {
            "file": upload(
                "codebook.csv", "path,name,definition,inclusion,exclusion,example,colour\n,新码,,,,,\n"
            ),
            "dry_run": "true",
        },
        format="multipart",
    ),
    Call("export codebook as .qdc", "get", P + "/codebook/file/?file_format=qdc", "viewer"),
    Call(
        "import a .qdc codebook",
        "post",
        P + "/codebook/file/",
        "editor",
        lambda o: {
            "file": upload(
                "codebook.qdc",
                '<CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes>'
                '<Code guid="9f0c4e4e-0000-4000-8000-000000000001" name="新码" isCodable="true"/>'
                "</Codes></CodeBook>",
            ),
            "file_format": "qdc",
            "dry_run": "true",
            "mode": "merge",
        },
        format="multipart",
    ),
    # cases: the attribute grid imported
    Call(
        "import attribute grid",
        "post",
        P + "/cases/table/",
        "editor",
        lambda o: {"file": upload("grid.csv", "case,district\nW区居家养老,东区\n"), "dry_run": "true"},
        format="multipart",
    ),
    # REFI-QDA exchange
    Call("export project as .qdpx", "get", P + "/export.qdpx", "editor"),
    Call("list imported notes", "get", P + "/notes/", "viewer"),
    Call("read imported note", "get", P + "/notes/{exchange_note.pk}/", "viewer"),
    Call("delete imported note", "delete", P + "/notes/{exchange_note.pk}/", "editor", ok=204),
    Call("list sets", "get", P + "/sets/", "viewer"),
    Call("read set", "get", P + "/sets/{exchange_set.pk}/", "viewer"),
    Call("delete set", "delete", P + "/sets/{exchange_set.pk}/", "editor", ok=204),
    # search
    Call("search", "get", P + "/search/?q=合作", "viewer"),
    Call("list dictionary", "get", P + "/dictionary/", "viewer"),
    Call("add dictionary term", "post", P + "/dictionary/", "editor", {"term": "街道办"}, 201),
    Call("remove dictionary term", "delete", P + "/dictionary/{term.pk}/", "editor", ok=204),
    Call("read dictionary status", "get", P + "/dictionary/status/", "viewer"),
    Call("list stop words", "get", P + "/stop-words/", "viewer"),
    Call("add stop word", "post", P + "/stop-words/", "editor", {"word": "然后呢"}, 201),
    Call("remove stop word", "delete", P + "/stop-words/{stop_word.pk}/", "editor", ok=204),
    Call("word frequencies", "get", P + "/word-frequencies/", "viewer"),
    Call("word frequencies as CSV", "get", P + "/word-frequencies.csv", "viewer"),
    Call("list auto-coding runs", "get", P + "/auto-coding/", "viewer"),
    Call(
        "preview auto-coding",
        "post",
        P + "/auto-coding/preview/",
        "coder",
        {"code": "{code.pk}", "q": "合作"},
    ),
    Call("auto-code", "post", P + "/auto-coding/", "coder", {"code": "{code.pk}", "q": "项目"}, 201),
    Call("undo another's auto-coding", "post", P + "/auto-coding/{autocoding_run[id]}/undo/", "editor", {}),
    # analysis: matrices and exports
    *[
        Call(f"export {name}", "get", P + f"/exports/{name}", "viewer")
        for name in (
            "case-code-matrix.csv",
            "case-code-matrix.xlsx",
            "case-code-matrix.svg",
            "document-code-matrix.csv",
            "document-code-matrix.xlsx",
            "document-code-matrix.svg",
            "cooccurrence.csv",
            "cooccurrence.xlsx",
            "cooccurrence.svg",
            "code-attribute.csv?attribute={attribute.pk}",
            "code-attribute.xlsx?attribute={attribute.pk}",
            "code-attribute.svg?attribute={attribute.pk}",
            "passages.csv",
            "passages.xlsx",
            "passages.html",
            "passages.docx",
            "agreement.csv" + TWO_CODERS,
            "agreement.xlsx" + TWO_CODERS,
        )
    ],
    # analysis: intercoder agreement
    Call("agreement table", "get", P + "/agreement/" + TWO_CODERS, "viewer"),
    Call(
        "list disagreements",
        "get",
        P
        + "/agreement/documents/{document.pk}/disagreements/?coder_a={coder_user.pk}&coder_b={second_coder_user.pk}",
        "viewer",
    ),
    Call(
        "resolve a disagreement",
        "post",
        P + "/agreement/resolve/",
        "editor",
        {"document": "{document.pk}", "action": "keep_a", "coding_a": "{coder_coding.pk}"},
        201,
    ),
    # analysis: QCA studies
    Call("list QCA studies", "get", P + "/qca-studies/", "viewer"),
    Call("create QCA study", "post", P + "/qca-studies/", "editor", {"name": "第二项研究"}, 201),
    Call("read QCA study", "get", Q + "/", "viewer"),
    Call("edit QCA study", "patch", Q + "/", "editor", {"description": "改"}),
    Call("delete QCA study", "delete", Q + "/", "editor", ok=204),
    Call(
        "add QCA set",
        "post",
        Q + "/sets/",
        "editor",
        {"label": "C", "source": "scores", "role": "condition"},
        201,
    ),
    Call("edit QCA set", "patch", S + "/", "editor", {"label": "A2"}),
    Call("delete QCA set", "delete", S + "/", "editor", ok=204),
    Call(
        "score a case",
        "put",
        S + "/scores/",
        "editor",
        {"case": "{case.pk}", "value": 0, "justification": "改判"},
    ),
    Call(
        "override a membership",
        "put",
        S + "/overrides/",
        "editor",
        {"case": "{case.pk}", "value": 0, "reason": "例外"},
    ),
    Call("remove an override", "delete", S + "/overrides/?case={case.pk}", "editor", ok=204),
    Call("preview a calibration", "post", S + "/preview/", "viewer", {"calibration": "none"}),
    Call("read QCA data matrix", "get", Q + "/matrix/", "viewer"),
    Call("list QCA runs", "get", Q + "/runs/", "viewer"),
    Call("run QCA", "post", Q + "/runs/", "coder", {}, 201),
    Call("read QCA run", "get", Q + "/runs/{run.pk}/", "viewer"),
    Call("download QCA run file", "get", Q + "/runs/{run.pk}/files/results.json", "viewer"),
]


def fill(template, objects):
    if callable(template):
        return template(objects)
    if isinstance(template, list):
        return [fill(value, objects) for value in template]
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
        fill(call.path, objects), fill(call.body, objects), format=call.format
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


def project_routes():
    """(route, method) of every API endpoint under /api/projects/{id}/, from the URL configuration."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    routes = set()
    for route, view in walk(get_resolver().url_patterns):
        if not route.startswith("api/projects/<int:project_id>/"):
            continue
        methods = ("get", "post", "put", "patch", "delete")
        if getattr(view, "actions", None):
            methods = [m for m in methods if m in view.actions]
        else:
            methods = [m for m in methods if hasattr(view.view_class, m)]
        routes |= {(route, method) for method in methods}
    return routes


def test_the_matrix_covers_every_project_endpoint_and_method(objects):
    covered = {(resolve(fill(call.path, objects).split("?")[0]).route, call.method) for call in CALLS}
    assert sorted(project_routes() - covered) == []
