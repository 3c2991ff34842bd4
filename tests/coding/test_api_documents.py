"""Documents through the API: text normalisation, metadata, listing and refusals."""

from coding.documents import errors as document_errors
from coding.documents import selectors as document_selectors
from coding.models import Document
from tests.factories import make_case, make_code, make_coding, make_document


def url(project, pk=None):
    base = f"/api/projects/{project.pk}/documents/"
    return base if pk is None else f"{base}{pk}/"


def test_creating_a_document_normalises_its_text_and_splits_metadata(api, editor, project):
    body = {
        "title": "20160710YJ2 访谈",
        "text": "问：您好。\r\n答：您好！\r\n",
        "language": "zh",
        "metadata": {
            "interview_id": "20160710YJ2",
            "interview_date": "2016-07-10",
            "place": "W区",
            "interviewee_role": "老人",
            "interviewer": "课题组",
        },
    }
    response = api(editor).post(url(project), body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["text"] == "问：您好。\n答：您好！\n"
    assert data["length"] == len("问：您好。\n答：您好！\n")
    assert data["metadata"] == {
        "interview_id": "20160710YJ2",
        "interview_date": "2016-07-10",
        "place": "W区",
        "interviewee_role": "老人",
        "interviewer": "课题组",
    }
    stored = Document.objects.get(pk=data["id"])
    assert stored.extra_metadata == {"interviewer": "课题组"}
    assert stored.created_by == editor
    assert len(stored.content_hash) == 64


def test_the_list_leaves_the_text_out_and_counts_codings(api, viewer, owner, project):
    make_document(project, owner, text="答：" + "很长的文字" * 100)
    row = api(viewer).get(url(project)).json()["results"][0]
    assert "text" not in row
    assert row["length"] == 502
    assert row["codings_count"] == 0


def test_the_list_counts_codings_without_joining_them_to_the_text(api, viewer, owner, coder, project):
    # Joined to its codings and grouped, a document's text would be measured once per coding:
    # two 200,000-character transcripts with 10,500 codings took 25 s to list on SQLite.
    long = make_document(project, owner, text="答：" + "很长的文字" * 100, title="甲")
    make_document(project, owner, title="乙")
    code = make_code(project)
    for start in range(0, 30, 3):
        make_coding(long, code, coder, start=start, end=start + 2)
    rows = api(viewer).get(url(project)).json()["results"]
    assert {row["title"]: (row["length"], row["codings_count"]) for row in rows} == {"甲": (502, 10), "乙": (22, 0)}
    sql = str(document_selectors.document_list(project=project).query).upper()
    assert "GROUP BY" not in sql.split("(SELECT", 1)[0] and "JOIN" not in sql.split("(SELECT", 1)[0]


def test_a_document_without_text_is_refused(api, editor, project):
    response = api(editor).post(url(project), {"title": "空", "text": " \r\n "}, format="json")
    assert response.status_code == 400
    assert response.json() == {"text": [str(document_errors.TEXT_EMPTY)]}
    assert Document.objects.count() == 0


def test_a_bad_interview_date_is_refused_naming_the_field(api, editor, project):
    body = {"title": "t", "text": "答：是。", "metadata": {"interview_date": "2016-13-45"}}
    response = api(editor).post(url(project), body, format="json")
    assert response.status_code == 400
    assert "metadata" in response.json()
    assert Document.objects.count() == 0


def test_nested_free_metadata_is_refused(api, editor, project):
    body = {"title": "t", "text": "答：是。", "metadata": {"notes": {"a": 1}}}
    response = api(editor).post(url(project), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"metadata": ["Metadata field “notes” must be text, a number or true/false."]}


def test_a_document_is_assigned_to_a_case_of_its_project_only(api, editor, owner, project, other_project):
    document = make_document(project, owner)
    own_case, foreign_case = make_case(project), make_case(other_project, name="外面的案例")
    client = api(editor)
    assert (
        client.patch(url(project, document.pk), {"case": own_case.pk}, format="json").json()["case"]
        == own_case.pk
    )
    response = client.patch(url(project, document.pk), {"case": foreign_case.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"case": [f"There is no case with id {foreign_case.pk} in this project."]}
    document.refresh_from_db()
    assert document.case == own_case


def test_the_text_cannot_be_changed_by_an_update(api, editor, owner, project):
    document = make_document(project, owner, text="答：原文。")
    api(editor).patch(url(project, document.pk), {"text": "答：改过。", "title": "新标题"}, format="json")
    document.refresh_from_db()
    assert (document.text, document.title) == ("答：原文。", "新标题")
