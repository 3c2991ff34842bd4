"""The project dictionary: editors maintain it, code names feed it, and changing it re-segments."""

from search import errors
from search.models import DictionaryTerm, DocumentIndex, ReindexJob
from search.selectors import search
from tests.factories import make_code, make_document

TEXT = "答：我们做的是居家养老，也叫自治金项目。"


def titles(project, query):
    return {group.document.title for group in search(project=project, text=query).groups}


def test_adding_a_term_re_segments_the_projects_documents(
    project, owner, api, editor, django_capture_on_commit_callbacks
):
    make_document(project, owner, title="访谈一", text=TEXT)
    assert titles(project, "自治") == {"访谈一"}  # jieba alone cuts 自治金 into 自治 金
    with django_capture_on_commit_callbacks(execute=True):
        response = api(editor).post(f"/api/projects/{project.pk}/dictionary/", {"term": "自治金"})
    assert response.status_code == 201
    assert titles(project, "自治金") == {"访谈一"}
    assert titles(project, "自治") == set()
    status = api(editor).get(f"/api/projects/{project.pk}/dictionary/status/").json()
    assert status["documents"] == status["documents_current"] == 1
    assert status["job"]["status"] == ReindexJob.Status.DONE
    assert status["job"]["done"] == 1


def test_a_chinese_code_name_joins_the_dictionary(project, django_capture_on_commit_callbacks, owner):
    make_document(project, owner, title="访谈一", text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        make_code(project, name="自治金 Autonomy fund")
        make_code(project, name="Interaction trap")
    assert list(DictionaryTerm.objects.filter(project=project).values_list("term", "source")) == [
        ("自治金", "code")
    ]
    assert DocumentIndex.objects.get().dictionary_version == 1
    assert titles(project, "自治金") == {"访谈一"}


def test_a_new_document_is_segmented_with_the_current_dictionary(project, owner, editor, api):
    api(editor).post(f"/api/projects/{project.pk}/dictionary/", {"term": "自治金"})
    make_document(project, owner, title="访谈二", text=TEXT)
    assert titles(project, "自治金") == {"访谈二"}


def test_coders_may_not_change_the_dictionary(project, api, coder):
    assert api(coder).post(f"/api/projects/{project.pk}/dictionary/", {"term": "自治金"}).status_code == 403


def test_a_term_jieba_cannot_hold_is_refused(project, api, editor):
    response = api(editor).post(f"/api/projects/{project.pk}/dictionary/", {"term": "政社 互动"})
    assert response.status_code == 400
    assert response.json() == {"term": [errors.WORD_NOT_SEGMENTABLE.format(word="政社 互动")]}


def test_removing_a_term(project, api, editor):
    entry = api(editor).post(f"/api/projects/{project.pk}/dictionary/", {"term": "自治金"}).json()
    assert api(editor).delete(f"/api/projects/{project.pk}/dictionary/{entry['id']}/").status_code == 204
    assert not DictionaryTerm.objects.exists()


def test_a_stalled_re_segmentation_restarts_on_the_next_visit(
    project, owner, editor, api, django_capture_on_commit_callbacks
):
    make_document(project, owner, title="访谈一", text=TEXT)
    # The job is queued but no worker ever runs it, as when the worker is killed at that moment.
    api(editor).post(f"/api/projects/{project.pk}/dictionary/", {"term": "自治金"})
    stuck = ReindexJob.objects.get()
    ReindexJob.objects.filter(pk=stuck.pk).update(updated_at=stuck.updated_at.replace(year=2020))
    with django_capture_on_commit_callbacks(execute=True):
        status = api(editor).get(f"/api/projects/{project.pk}/dictionary/status/").json()
    assert status["job"]["id"] != stuck.pk
    assert titles(project, "自治金") == {"访谈一"}
    assert ReindexJob.objects.get(pk=stuck.pk).status == ReindexJob.Status.FAILED
