"""Word frequencies per document, case, code passages and project, without stop words; CSV too."""

import pytest

from search.models import StopWord
from tests.factories import make_case, make_code, make_coding, make_document

TEXT = "答：社会组织和政府合作，政府给社会组织资金。Funding, funding and the government."


@pytest.fixture
def document(project, owner):
    return make_document(project, owner, title="访谈一", text=TEXT, case=make_case(project))


def counts(body):
    return {row["word"]: row["count"] for row in body}


def test_project_frequencies_leave_out_stop_words(project, document, api, viewer):
    body = api(viewer).get(f"/api/projects/{project.pk}/word-frequencies/").json()
    words = counts(body)
    assert words["社会"] == 2  # jieba's own cut: no project dictionary here
    assert words["政府"] == 2
    assert words["funding"] == 2
    assert "和" not in words and "the" not in words and "and" not in words
    assert body[0]["documents"] == 1


def test_frequencies_within_a_codes_passages(project, document, api, viewer, coder):
    code = make_code(project, name="资源依赖")
    start = TEXT.find("政府给")
    make_coding(document, code, coder, start, TEXT.find("。"))
    assert counts(api(viewer).get(f"/api/projects/{project.pk}/word-frequencies/?code={code.pk}").json()) == {
        "政府": 1,
        "社会": 1,
        "组织": 1,
        "资金": 1,
    }


def test_an_editor_adds_a_stop_word(project, document, api, editor, viewer):
    response = api(editor).post(f"/api/projects/{project.pk}/stop-words/", {"word": "Funding"})
    assert response.status_code == 201
    assert StopWord.objects.filter(project=project, word="funding").exists()
    assert "funding" not in counts(api(viewer).get(f"/api/projects/{project.pk}/word-frequencies/").json())
    assert api(viewer).post(f"/api/projects/{project.pk}/stop-words/", {"word": "x"}).status_code == 403


def test_csv_export(project, document, api, viewer):
    response = api(viewer).get(f"/api/projects/{project.pk}/word-frequencies.csv?case={document.case_id}")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "word,count,documents"
    assert "政府,2,1" in lines


INTERVIEW = (
    "编号：20160712WQ1\n\n"
    "[00:00:40] 访谈者：您好，请谈谈购买服务。\n"
    "[00:01:02] 刘科长：购买服务是公开招标的。\n"
    "访谈者：受访者还有什么补充？\n"
    "刘科长：没有了，刘科长就说这些。"
)


def test_speaker_labels_are_not_counted_and_roles_stay_whole(project, owner, api, viewer):
    from coding.documents.importing.turns import find_turns
    from coding.models import SpeakerTurn

    document = make_document(project, owner, title="刘科长访谈", text=INTERVIEW)
    for index, turn in enumerate(find_turns(INTERVIEW, skip_until=INTERVIEW.index("\n\n"))):
        SpeakerTurn.objects.create(
            document=document, index=index, start=turn.start, end=turn.end, speaker=turn.speaker
        )
    words = counts(api(viewer).get(f"/api/projects/{project.pk}/word-frequencies/").json())
    assert "者" not in words and "访谈" not in words
    assert "访谈者" not in words  # only ever a label here
    assert words["受访者"] == 1  # said in a turn: content, and one word
    assert words["科长"] == 1  # 刘科长 named in the last answer, not the two labels
    assert words["购买"] == 2


def test_reading_frequencies_writes_nothing_once_the_stop_words_are_seeded(project, document, api, viewer):
    # A read that writes takes the write lock (on SQLite, the whole database's) from the coders.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(viewer)
    assert client.get(f"/api/projects/{project.pk}/word-frequencies/").status_code == 200  # seeds
    for url in (f"/api/projects/{project.pk}/word-frequencies/", f"/api/projects/{project.pk}/stop-words/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        assert writes == [] and not any("FOR UPDATE" in q["sql"] for q in queries)
