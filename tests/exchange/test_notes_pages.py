"""The "Notes and sets" page: an imported project's free memos and sets, read by every member."""

import pytest
from django.test import Client

from coding.models import Project
from exchange import selectors
from exchange.models import Note, Set
from tests.exchange.notes_qdpx import HOSTILE, a_set, import_with_team, note


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def imported(owner, editor, coder, viewer):
    return import_with_team(owner, editor, coder, viewer)


def url(project):
    return f"/projects/{project.pk}/exchange/notes/"


def test_a_viewer_sees_the_notes_with_what_they_are_about(imported, viewer):
    page = client_for(viewer).get(url(imported))
    assert page.status_code == 200
    html = page.content.decode()
    document, code = note(imported, "访谈印象").document, note(imported, "码的备忘").code
    assert "访谈印象" in html and "第一行<br>第二行" in html
    assert f'href="/projects/{imported.pk}/documents/{document.pk}/"' in html
    assert f'href="/projects/{imported.pk}/codebook/{code.pk}/"' in html
    assert "/delete/" not in html


def test_sets_list_their_members_linked(imported, viewer):
    html = client_for(viewer).get(url(imported)).content.decode()
    eastern = a_set(imported, "东部村庄")
    for document in eastern.documents.all():
        assert f'href="/projects/{imported.pk}/documents/{document.pk}/"' in html
    (code,) = eastern.codes.all()
    assert html.count(f'href="/projects/{imported.pk}/codebook/{code.pk}/"') == 2  # the note's and the set's
    assert f'href="#note-{note(imported, "研究日志").pk}"' in html
    assert f'href="#set-{eastern.pk}"' in html  # from the note it holds
    assert "空集合" in html


def test_a_hostile_note_is_shown_as_text(imported, viewer):
    html = client_for(viewer).get(url(imported)).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&quot;备忘&quot;)&lt;/script&gt;" in html


def test_an_outsider_gets_404(imported, outsider):
    assert client_for(outsider).get(url(imported)).status_code == 404


def test_a_project_without_notes_or_sets_says_so(project, viewer):
    html = client_for(viewer).get(url(project)).content.decode()
    assert 'id="no-notes"' in html and 'id="no-sets"' in html
    assert "This project has no imported notes." in html


def test_editors_see_delete_links(imported, editor):
    html = client_for(editor).get(url(imported)).content.decode()
    assert f"/exchange/notes/{note(imported, '访谈印象').pk}/delete/" in html
    assert f"/exchange/sets/{a_set(imported, '空集合').pk}/delete/" in html


def test_an_editor_deletes_a_note_after_confirming(imported, editor):
    client = client_for(editor)
    target = note(imported, "研究日志")
    delete = f"/projects/{imported.pk}/exchange/notes/{target.pk}/delete/"
    confirm = client.get(delete)
    assert confirm.status_code == 200 and 'id="delete-form"' in confirm.content.decode()
    assert Note.objects.filter(pk=target.pk).exists()
    answer = client.post(delete)
    assert answer.status_code == 302 and answer["Location"] == url(imported)
    assert not Note.objects.filter(pk=target.pk).exists()
    assert list(a_set(imported, "东部村庄").notes.all()) == []


def test_an_owner_deletes_a_set_and_its_members_stay(imported, owner):
    eastern = a_set(imported, "东部村庄")
    answer = client_for(owner).post(f"/projects/{imported.pk}/exchange/sets/{eastern.pk}/delete/")
    assert answer.status_code == 302
    assert not Set.objects.filter(pk=eastern.pk).exists()
    assert imported.documents.count() == 2 and Note.objects.filter(project=imported).count() == 3


@pytest.mark.parametrize("who", ["coder", "viewer"])
def test_coders_and_viewers_may_not_delete(imported, who, request):
    client = client_for(request.getfixturevalue(who))
    target, eastern = note(imported, "研究日志"), a_set(imported, "东部村庄")
    assert client.get(f"/projects/{imported.pk}/exchange/notes/{target.pk}/delete/").status_code == 403
    assert client.post(f"/projects/{imported.pk}/exchange/notes/{target.pk}/delete/").status_code == 403
    assert client.post(f"/projects/{imported.pk}/exchange/sets/{eastern.pk}/delete/").status_code == 403
    assert Note.objects.filter(pk=target.pk).exists() and Set.objects.filter(pk=eastern.pk).exists()


def test_an_outsider_may_not_delete_and_learns_nothing(imported, outsider):
    target = note(imported, "研究日志")
    assert client_for(outsider).post(f"/projects/{imported.pk}/exchange/notes/{target.pk}/delete/").status_code == 404
    assert Note.objects.filter(pk=target.pk).exists()


def test_a_note_of_another_project_is_not_found(imported, project, owner):
    target = note(imported, "研究日志")
    assert client_for(owner).post(f"/projects/{project.pk}/exchange/notes/{target.pk}/delete/").status_code == 404
    assert Note.objects.filter(pk=target.pk).exists()


def test_an_archived_project_is_read_only(imported, owner):
    Project.objects.filter(pk=imported.pk).update(archived_at="2026-01-01T00:00:00Z")
    client = client_for(owner)
    page = client.get(url(imported))
    assert page.status_code == 200 and "/delete/" not in page.content.decode()
    target = note(imported, "研究日志")
    assert client.post(f"/projects/{imported.pk}/exchange/notes/{target.pk}/delete/").status_code == 403
    assert Note.objects.filter(pk=target.pk).exists()


def test_the_project_page_links_the_notes_only_when_there_are_some(imported, project, viewer):
    assert f'href="{url(imported)}"' in client_for(viewer).get(f"/projects/{imported.pk}/").content.decode()
    assert "/exchange/notes/" not in client_for(viewer).get(f"/projects/{project.pk}/").content.decode()


def test_the_export_page_links_the_notes(project, editor):
    html = client_for(editor).get(f"/projects/{project.pk}/exchange/").content.decode()
    assert f'href="{url(project)}"' in html


def test_the_page_speaks_chinese(imported, viewer):
    client = client_for(viewer)
    html = client.get(url(imported), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>备注与集合</h1>" in html and "本项目没有" not in html


def test_reading_notes_and_sets_takes_a_fixed_number_of_queries(imported, django_assert_num_queries):
    with django_assert_num_queries(2):
        notes = list(selectors.note_list(project=imported))
        for one in notes:
            _ = (one.document, one.code, list(one.sets.all()))
    with django_assert_num_queries(4):
        sets = list(selectors.set_list(project=imported))
        for item in sets:
            _ = (list(item.codes.all()), list(item.documents.all()), list(item.notes.all()))
    assert len(notes) == 3 and len(sets) == 2


def test_the_page_takes_the_same_queries_however_many_notes(imported, owner, viewer, django_assert_num_queries):
    client = client_for(viewer)
    client.get(url(imported))  # session warm-up
    with django_assert_num_queries(9) as first:
        client.get(url(imported))
    extra = Note.objects.create(project=imported, title="又一条", text="x", document=imported.documents.first())
    a_set(imported, "空集合").notes.add(extra)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url(imported))
