"""GET/DELETE /api/projects/{id}/notes/ and /sets/: an imported project's free memos and sets."""

import pytest

from exchange.models import Note, Set
from tests.exchange.notes_qdpx import HOSTILE, a_set, import_with_team, note


@pytest.fixture
def imported(owner, editor, coder, viewer):
    return import_with_team(owner, editor, coder, viewer)


def test_a_viewer_lists_the_notes_with_what_they_are_about(imported, api, viewer):
    answer = api(viewer).get(f"/api/projects/{imported.pk}/notes/")
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == 3 and data["next"] is None
    rows = {row["title"]: row for row in data["results"]}
    impression = rows["访谈印象"]
    assert impression["text"] == "第一行\n第二行" and impression["code"] is None
    assert impression["document"] == {"id": note(imported, "访谈印象").document_id, "title": "王村访谈"}
    assert rows["码的备忘"]["code"]["name"] == "合作社" and rows["码的备忘"]["document"] is None
    assert rows["研究日志"]["text"] == HOSTILE  # plain text: escaping is the page's business
    assert rows["研究日志"]["sets"] == [{"id": a_set(imported, "东部村庄").pk, "name": "东部村庄"}]


def test_a_viewer_lists_the_sets_with_their_members(imported, api, viewer):
    data = api(viewer).get(f"/api/projects/{imported.pk}/sets/").json()
    assert [row["name"] for row in data["results"]] == ["东部村庄", "空集合"]
    eastern = data["results"][0]
    assert [d["title"] for d in eastern["documents"]] == ["李村访谈", "王村访谈"]
    assert [c["name"] for c in eastern["codes"]] == ["合作社"]
    assert eastern["notes"] == [{"id": note(imported, "研究日志").pk, "title": "研究日志"}]
    assert data["results"][1] == {
        "id": a_set(imported, "空集合").pk, "name": "空集合", "description": "",
        "codes": [], "documents": [], "notes": [],
    }


def test_lists_are_paginated(imported, api, viewer):
    data = api(viewer).get(f"/api/projects/{imported.pk}/notes/?page_size=2").json()
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]


def test_one_note_and_one_set(imported, api, viewer):
    target, eastern = note(imported, "码的备忘"), a_set(imported, "东部村庄")
    assert api(viewer).get(f"/api/projects/{imported.pk}/notes/{target.pk}/").json()["text"] == "关于这个码"
    assert api(viewer).get(f"/api/projects/{imported.pk}/sets/{eastern.pk}/").json()["name"] == "东部村庄"


def test_an_outsider_gets_404_everywhere(imported, api, outsider):
    target, eastern = note(imported, "码的备忘"), a_set(imported, "东部村庄")
    client = api(outsider)
    for path in ("notes/", "sets/", f"notes/{target.pk}/", f"sets/{eastern.pk}/"):
        assert client.get(f"/api/projects/{imported.pk}/{path}").status_code == 404, path
    assert client.delete(f"/api/projects/{imported.pk}/notes/{target.pk}/").status_code == 404
    assert Note.objects.filter(pk=target.pk).exists()


def test_a_note_of_another_project_is_not_found(imported, project, api, owner):
    target = note(imported, "码的备忘")
    assert api(owner).get(f"/api/projects/{project.pk}/notes/{target.pk}/").status_code == 404
    assert api(owner).delete(f"/api/projects/{project.pk}/notes/{target.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["coder", "viewer"])
def test_coders_and_viewers_may_not_delete(imported, api, who, request):
    client = api(request.getfixturevalue(who))
    target, eastern = note(imported, "码的备忘"), a_set(imported, "东部村庄")
    answer = client.delete(f"/api/projects/{imported.pk}/notes/{target.pk}/")
    assert answer.status_code == 403 and "needs Editor" in answer.json()["detail"]
    assert client.delete(f"/api/projects/{imported.pk}/sets/{eastern.pk}/").status_code == 403
    assert Note.objects.filter(pk=target.pk).exists() and Set.objects.filter(pk=eastern.pk).exists()


def test_an_editor_deletes_a_note_and_a_set(imported, api, editor):
    client = api(editor)
    target, eastern = note(imported, "研究日志"), a_set(imported, "东部村庄")
    assert client.delete(f"/api/projects/{imported.pk}/notes/{target.pk}/").status_code == 204
    assert not Note.objects.filter(pk=target.pk).exists()
    assert client.delete(f"/api/projects/{imported.pk}/sets/{eastern.pk}/").status_code == 204
    assert not Set.objects.filter(pk=eastern.pk).exists()
    assert imported.documents.count() == 2 and imported.codes.count() == 2


def test_an_archived_project_refuses_deletion(imported, api, owner):
    type(imported).objects.filter(pk=imported.pk).update(archived_at="2026-01-01T00:00:00Z")
    target = note(imported, "研究日志")
    assert api(owner).delete(f"/api/projects/{imported.pk}/notes/{target.pk}/").status_code == 403
    assert Note.objects.filter(pk=target.pk).exists()
    assert api(owner).get(f"/api/projects/{imported.pk}/notes/").status_code == 200


@pytest.mark.parametrize(("resource", "queries"), [("notes", 4), ("sets", 6)])
def test_a_list_takes_a_fixed_number_of_queries(imported, api, viewer, resource, queries, django_assert_num_queries):
    # membership, page count, page, then one query per prefetched relation
    client = api(viewer)
    with django_assert_num_queries(queries):
        assert client.get(f"/api/projects/{imported.pk}/{resource}/").status_code == 200
    extra = Note.objects.create(project=imported, title="又一条", text="x", code=imported.codes.first())
    a_set(imported, "空集合").notes.add(extra)
    with django_assert_num_queries(queries):
        assert client.get(f"/api/projects/{imported.pk}/{resource}/").status_code == 200


def test_the_schema_declares_paginated_lists_and_a_204_delete(api, owner):
    import yaml

    schema = yaml.safe_load(api(owner).get("/api/schema/").content)
    for resource, component in (("notes", "ImportedNoteOutput"), ("sets", "ImportedSetOutput")):
        listing = schema["paths"][f"/api/projects/{{project_id}}/{resource}/"]["get"]["responses"]["200"]
        ref = listing["content"]["application/json"]["schema"]["$ref"]
        assert ref.startswith("#/components/schemas/Paginated")
        detail = schema["paths"][f"/api/projects/{{project_id}}/{resource}/{{id}}/"]
        assert "204" in detail["delete"]["responses"] and component in str(detail["get"]["responses"]["200"])
    note_fields = schema["components"]["schemas"]["ImportedNoteOutput"]["properties"]
    assert note_fields["document"]["nullable"] is True and note_fields["code"]["nullable"] is True
