"""The coding page at team scale: the head in the page, the whole document under an ETag, and a
poll that costs one indexed lookup when nothing changed (issue 20)."""

import json

import pytest

from coding.codebook import restore as codebook_restore
from coding.codebook import services as codebook_services
from coding.codings import workspace
from coding.models import CodebookChange, Coding, WorkspaceChange
from tests.factories import make_code, make_coding, make_document


def data_url(project, document):
    return f"/api/projects/{project.pk}/documents/{document.pk}/workspace/"


def changes_url(project, document, after):
    return f"/api/projects/{project.pk}/documents/{document.pk}/workspace/changes/?after={after}"


def poll(client, project, document, after):
    answer = client.get(changes_url(project, document, after))
    assert answer.status_code == 200, answer.content
    return answer.json()


@pytest.fixture
def study(project, owner, coder):
    document = make_document(project, owner, text="问：𠮷祥社工站？\n答：合谋化和内卷化。")
    code = make_code(project, name="合谋化", color="#e15759")
    coding = make_coding(document, code, coder, start=2, end=5, memo="记")
    return {"document": document, "code": code, "coding": coding}


def test_the_data_comes_as_arrays_with_an_etag(api, viewer, project, study):
    answer = api(viewer).get(data_url(project, study["document"]))
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-cache"
    data = json.loads(answer.content)
    assert data["text"] == study["document"].text
    assert data["coding_columns"] == ["id", "code", "coder", "start", "end", "memo"]
    assert data["codings"] == [[study["coding"].pk, study["code"].pk, study["coding"].coder_id, 2, 5, "记"]]
    assert data["codes"][0][:4] == [study["code"].pk, None, "合谋化", "#e15759"]
    assert data["revision"] == WorkspaceChange.objects.filter(project=project).latest("id").pk


def test_an_unchanged_etag_answers_304_and_any_change_makes_a_new_one(api, viewer, coder, project, study):
    client = api(viewer)
    etag = client.get(data_url(project, study["document"]))["ETag"]
    assert client.get(data_url(project, study["document"]), headers={"If-None-Match": etag}).status_code == 304
    make_coding(study["document"], study["code"], coder, start=0, end=1)
    after_coding = client.get(data_url(project, study["document"]), headers={"If-None-Match": etag})
    assert after_coding.status_code == 200 and after_coding["ETag"] != etag
    etag = after_coding["ETag"]
    codebook_services.codebook_code_update(code=study["code"], user=None, color="#59a14f")
    assert client.get(data_url(project, study["document"]), headers={"If-None-Match": etag}).status_code == 200


def test_a_write_that_bypasses_the_log_still_changes_the_etag(api, viewer, coder, project, study):
    client = api(viewer)
    etag = client.get(data_url(project, study["document"]))["ETag"]
    # A bulk import writes codings directly: the counts in the tag see it all the same.
    Coding.objects.create(
        document=study["document"], code=study["code"], coder=coder, start=7, end=9, quote="合谋"
    )
    assert client.get(data_url(project, study["document"]), headers={"If-None-Match": etag}).status_code == 200


def test_a_stale_etag_is_refused_with_412_and_a_current_one_accepted(api, coder, project, study):
    client = api(coder)
    document = study["document"]
    stale = client.get(data_url(project, document))["ETag"]
    body = {"document": document.pk, "code": study["code"].pk, "start": 0, "end": 1}
    created = client.post(f"/api/projects/{project.pk}/codings/", body, format="json", headers={"If-Match": stale})
    assert created.status_code == 201
    # The document changed (the coding above): the old tag is refused and nothing is written.
    again = dict(body, start=1, end=3)
    refused = client.post(f"/api/projects/{project.pk}/codings/", again, format="json", headers={"If-Match": stale})
    assert refused.status_code == 412
    current = client.get(data_url(project, document))["ETag"]
    assert refused.json() == {
        "detail": f"The document has changed since you read it (your ETag is {stale}, it is now {current}): "
        "read it again and retry."
    }
    assert Coding.objects.filter(document=document).count() == 2
    coding_url = f"/api/projects/{project.pk}/codings/{created.json()['id']}/"
    assert client.patch(coding_url, {"memo": "x"}, format="json", headers={"If-Match": stale}).status_code == 412
    assert client.delete(coding_url, headers={"If-Match": stale}).status_code == 412
    assert client.delete(coding_url, headers={"If-Match": current}).status_code == 204


def test_an_unchanged_poll_is_one_query_and_lists_no_codings(
    api, viewer, coder, project, study, django_assert_num_queries
):
    for n in range(30):
        make_coding(study["document"], study["code"], coder, start=n % 10, end=11 + n // 10)
    client = api(viewer)
    revision = client.get(data_url(project, study["document"])).json()["revision"]
    client.get(changes_url(project, study["document"], revision))  # warm up the session and user
    # Session, user, membership (access checks), then the log: one indexed lookup.
    with django_assert_num_queries(4):
        answer = poll(client, project, study["document"], revision)
    assert answer == {"revision": revision, "codings": [], "deleted": [], "codes": [], "deleted_codes": []}


def test_the_poll_sends_changes_and_tombstones_then_nothing(api, viewer, coder, second_coder, project, study):
    client = api(viewer)
    document = study["document"]
    revision = client.get(data_url(project, document)).json()["revision"]
    new = make_coding(document, study["code"], second_coder, start=0, end=3)
    api(coder).delete(f"/api/projects/{project.pk}/codings/{study['coding'].pk}/")
    answer = poll(client, project, document, revision)
    assert answer["codings"] == [[new.pk, study["code"].pk, second_coder.pk, 0, 3, ""]]
    assert answer["deleted"] == [study["coding"].pk]
    assert answer["revision"] > revision
    assert poll(client, project, document, answer["revision"])["codings"] == []


def test_codebook_changes_reach_every_page_of_the_project(api, viewer, owner, project, study):
    client = api(viewer)
    other = make_document(project, owner, title="访谈二")
    revision = client.get(data_url(project, other)).json()["revision"]
    codebook_services.codebook_code_update(code=study["code"], user=owner, name="合谋", color="#59a14f")
    answer = poll(client, project, other, revision)
    assert [row[:4] for row in answer["codes"]] == [[study["code"].pk, None, "合谋", "#59a14f"]]
    assert answer["codings"] == []
    codebook_services.codebook_code_delete(code=study["code"], user=owner)
    answer = poll(client, project, study["document"], answer["revision"])
    assert answer["deleted_codes"] == [study["code"].pk]
    assert answer["deleted"] == [study["coding"].pk]


def test_a_merge_moves_codings_on_open_pages(api, viewer, owner, coder, project, study):
    client = api(viewer)
    target = make_code(project, name="内卷化")
    revision = client.get(data_url(project, study["document"])).json()["revision"]
    codebook_services.code_merge(source=study["code"], target=target, user=owner)
    answer = poll(client, project, study["document"], revision)
    assert [(row[0], row[1]) for row in answer["codings"]] == [(study["coding"].pk, target.pk)]
    assert answer["deleted_codes"] == [study["code"].pk]


def test_another_documents_changes_only_move_the_revision_on(api, viewer, owner, coder, project, study):
    client = api(viewer)
    other = make_document(project, owner, title="访谈二")
    revision = client.get(data_url(project, study["document"])).json()["revision"]
    make_coding(other, study["code"], coder, start=0, end=2)
    answer = poll(client, project, study["document"], revision)
    assert answer["revision"] > revision and answer["codings"] == [] and answer["deleted"] == []


def test_the_head_holds_the_start_of_a_long_document_and_its_codings(client, viewer, owner, coder, project):
    text = "\n".join(f"答：第{n}段，合谋化的安排。" for n in range(2000))
    document = make_document(project, owner, text=text)
    code = make_code(project)
    early = make_coding(document, code, coder, start=2, end=6)
    make_coding(document, code, coder, start=len(text) - 5, end=len(text) - 1)
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/documents/{document.pk}/").content.decode()
    head = json.loads(page.split('type="application/json">', 1)[1].split("</script>", 1)[0])["head"]
    assert head["complete"] is False
    assert text.startswith(head["text"] + "\n") and len(head["text"]) >= workspace.HEAD_CHARS
    assert [row[0] for row in head["codings"]] == [early.pk]


def test_the_data_and_the_poll_refuse_outsiders_and_bad_revisions(api, outsider, viewer, project, study):
    document = study["document"]
    assert api(outsider).get(data_url(project, document)).status_code == 404
    assert api(outsider).get(changes_url(project, document, 0)).status_code == 404
    answer = api(viewer).get(changes_url(project, document, "yesterday"))
    assert answer.status_code == 400
    assert answer.json() == {"after": ["Give the revision as a whole number of 0 or more, e.g. after=0."]}


def test_restoring_a_deleted_code_reaches_open_pages_with_its_codings(api, viewer, owner, project, study):
    client = api(viewer)
    change = codebook_services.codebook_code_delete(code=study["code"], user=owner)
    revision = client.get(data_url(project, study["document"])).json()["revision"]
    codebook_restore.change_restore(change=change, user=owner)
    answer = poll(client, project, study["document"], revision)
    assert [row[0] for row in answer["codes"]] == [study["code"].pk]
    restored = Coding.objects.get(document=study["document"])
    assert [row[:2] for row in answer["codings"]] == [[restored.pk, study["code"].pk]]
    # (The id the code was re-created under before it took its old one back shows as deleted.)
    assert answer["deleted"] == [] and study["code"].pk not in answer["deleted_codes"]


def test_undoing_a_merge_reaches_open_pages(api, viewer, owner, project, study):
    client = api(viewer)
    target = make_code(project, name="内卷化")
    child = make_code(project, name="利益媾通", parent=study["code"])
    codebook_services.code_merge(source=study["code"], target=target, user=owner)
    change = CodebookChange.objects.get(code_ref=study["code"].pk, action="merge")
    revision = client.get(data_url(project, study["document"])).json()["revision"]
    codebook_restore.change_restore(change=change, user=owner)
    answer = poll(client, project, study["document"], revision)
    assert [row[:2] for row in answer["codings"]] == [[study["coding"].pk, study["code"].pk]]
    assert {row[0]: row[1] for row in answer["codes"]} == {study["code"].pk: None, child.pk: study["code"].pk}


@pytest.mark.django_db(transaction=True)
def test_a_coding_and_its_log_entry_commit_together_outside_any_request(project, owner, coder, monkeypatch):
    # Called with autocommit on (a shell, a worker, a live-server test), as no test transaction
    # wraps it: the coding and its log entry must still be one transaction, so that a failed log
    # write leaves no coding behind that open pages would never hear of.
    document = make_document(project, owner)
    code = make_code(project)
    assert make_coding(document, code, coder, start=0, end=2).pk
    assert WorkspaceChange.objects.filter(kind=WorkspaceChange.Kind.CODING, document=document).count() == 1

    def log_fails(**_kwargs):
        raise RuntimeError("log write failed")

    monkeypatch.setattr("coding.codings.revisions.record_codings", log_fails)
    with pytest.raises(RuntimeError):
        make_coding(document, code, coder, start=2, end=4)
    assert list(Coding.objects.filter(document=document).values_list("start", flat=True)) == [0]
