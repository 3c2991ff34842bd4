"""Creating and changing codings through the API: offsets, quotes and every refusal."""

import pytest

from coding.codings import errors as coding_errors
from coding.models import Coding
from tests.factories import make_code, make_document

TEXT_WITH_ASTRAL = "问：店名是什么？\r\n答：𠮷野家👍🏽旁边的社会组织，叫“邻里汇”。"


@pytest.fixture
def document(project, owner):
    return make_document(project, owner, text=TEXT_WITH_ASTRAL)


@pytest.fixture
def code(project):
    return make_code(project, name="专业服务")


def post_coding(client, project, **body):
    return client.post(f"/api/projects/{project.pk}/codings/", body, format="json")


def test_stored_text_has_no_carriage_returns(document):
    assert "\r" not in document.text
    assert document.text.startswith("问：店名是什么？\n答：")


def test_offsets_after_an_astral_character_and_an_emoji_are_code_points(api, coder, project, document, code):
    start = document.text.index("邻里汇")
    response = post_coding(
        api(coder), project, document=document.pk, code=code.pk, start=start, end=start + 3
    )
    assert response.status_code == 201, response.content
    assert response.json()["quote"] == "邻里汇"
    # 𠮷 is one code point; 👍🏽 is two. A UTF-16 count would be 3 higher.
    assert start == len("问：店名是什么？\n答：𠮷野家👍🏽旁边的社会组织，叫“")


def test_a_coding_may_cover_the_astral_character_itself(api, coder, project, document, code):
    start = document.text.index("𠮷")
    response = post_coding(
        api(coder), project, document=document.pk, code=code.pk, start=start, end=start + 3
    )
    assert response.json()["quote"] == "𠮷野家"


def test_overlapping_codings_are_allowed(api, coder, project, document, code):
    client = api(coder)
    assert (
        post_coding(client, project, document=document.pk, code=code.pk, start=0, end=10).status_code == 201
    )
    assert (
        post_coding(client, project, document=document.pk, code=code.pk, start=5, end=15).status_code == 201
    )


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (-1, 3, "start", coding_errors.START_NEGATIVE),
        (5, 5, "end", coding_errors.END_NOT_AFTER_START),
        (6, 2, "end", coding_errors.END_NOT_AFTER_START),
    ],
)
def test_bad_offsets_are_refused_naming_the_field(
    api, coder, project, document, code, start, end, field, message
):
    response = post_coding(api(coder), project, document=document.pk, code=code.pk, start=start, end=end)
    assert response.status_code == 400
    assert response.json() == {field: [str(message)]}
    assert Coding.objects.count() == 0


def test_an_end_beyond_the_text_is_refused(api, coder, project, document, code):
    length = len(document.text)
    response = post_coding(api(coder), project, document=document.pk, code=code.pk, start=0, end=length + 1)
    assert response.status_code == 400
    assert response.json() == {"end": [str(coding_errors.END_BEYOND_TEXT).format(end=length + 1, length=length)]}
    assert Coding.objects.count() == 0


def test_an_end_at_the_last_code_point_is_accepted(api, coder, project, document, code):
    length = len(document.text)
    response = post_coding(
        api(coder), project, document=document.pk, code=code.pk, start=length - 1, end=length
    )
    assert response.status_code == 201
    assert response.json()["quote"] == "。"


def test_a_code_of_another_project_is_refused(api, coder, project, document, other_project):
    foreign_code = make_code(other_project, name="外来")
    response = post_coding(api(coder), project, document=document.pk, code=foreign_code.pk, start=0, end=2)
    assert response.status_code == 400
    assert response.json() == {"code": [f"There is no code with id {foreign_code.pk} in this project."]}
    assert Coding.objects.count() == 0


def test_a_document_of_another_project_is_refused(api, coder, project, code, other_project, outsider):
    foreign_document = make_document(other_project, outsider)
    response = post_coding(api(coder), project, document=foreign_document.pk, code=code.pk, start=0, end=2)
    assert response.status_code == 400
    assert response.json() == {
        "document": [f"There is no document with id {foreign_document.pk} in this project."]
    }


def test_the_same_coding_twice_is_refused(api, coder, project, document, code):
    client = api(coder)
    post_coding(client, project, document=document.pk, code=code.pk, start=0, end=2)
    response = post_coding(client, project, document=document.pk, code=code.pk, start=0, end=2)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(coding_errors.CODING_DUPLICATE)]}
    assert Coding.objects.count() == 1


def test_two_coders_may_code_the_same_passage(api, coder, second_coder, project, document, code):
    post_coding(api(coder), project, document=document.pk, code=code.pk, start=0, end=2)
    response = post_coding(api(second_coder), project, document=document.pk, code=code.pk, start=0, end=2)
    assert response.status_code == 201


def test_widening_a_coding_updates_its_quote(api, coder, project, document, code):
    client = api(coder)
    coding = post_coding(client, project, document=document.pk, code=code.pk, start=0, end=2).json()
    response = client.patch(f"/api/projects/{project.pk}/codings/{coding['id']}/", {"end": 4}, format="json")
    assert response.status_code == 200
    assert response.json()["quote"] == "问：店名"


def test_a_bad_update_changes_nothing(api, coder, project, document, code):
    client = api(coder)
    coding = post_coding(
        client, project, document=document.pk, code=code.pk, start=0, end=2, memo="原备注"
    ).json()
    url = f"/api/projects/{project.pk}/codings/{coding['id']}/"
    response = client.patch(url, {"end": 10_000, "memo": "新备注"}, format="json")
    assert response.status_code == 400
    stored = Coding.objects.get(pk=coding["id"])
    assert (stored.end, stored.memo) == (2, "原备注")


def test_codings_filter_by_document_code_and_coder(api, coder, second_coder, project, document, code):
    other_code = make_code(project, name="经济资源")
    post_coding(api(coder), project, document=document.pk, code=code.pk, start=0, end=2)
    post_coding(api(coder), project, document=document.pk, code=other_code.pk, start=0, end=2)
    post_coding(api(second_coder), project, document=document.pk, code=code.pk, start=0, end=2)
    client = api(coder)
    url = f"/api/projects/{project.pk}/codings/"
    assert client.get(url, {"document": document.pk}).json()["count"] == 3
    assert client.get(url, {"code": code.pk}).json()["count"] == 2
    assert client.get(url, {"coder": second_coder.pk}).json()["count"] == 1
    assert client.get(url, {"code": code.pk, "coder": coder.pk}).json()["count"] == 1
    assert client.get(url, {"code": "abc"}).status_code == 400
