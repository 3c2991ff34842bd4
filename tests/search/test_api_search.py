"""GET /api/projects/{id}/search/: hits in context, grouped by document; 404 outsiders; 400 on bad q."""

import pytest
from django.db import connection

from search import errors
from tests.factories import make_case, make_document

TEXT = "问：你们和街道怎么合作？\n答：政府购买服务以后，社会组织和街道的合作更多了。"


@pytest.fixture
def document(project, owner):
    return make_document(project, owner, title="访谈一", text=TEXT, case=make_case(project, name="W区"))


def url(project, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/projects/{project.pk}/search/?{query}"


def test_a_viewer_gets_hits_with_code_point_offsets_and_context(project, document, api, viewer):
    response = api(viewer).get(url(project, q="合作 街道"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (group,) = body["results"]
    assert group["title"] == "访谈一"
    assert group["case"]["name"] == "W区"
    assert [TEXT[hit["start"] : hit["end"]] for hit in group["hits"]] == ["街道", "合作", "街道", "合作"]
    assert group["hits"][0]["right"] == "怎么合作？"


def test_an_outsider_gets_404(project, document, api, outsider):
    assert api(outsider).get(url(project, q="合作")).status_code == 404


def test_a_malformed_query_is_a_400_on_q(project, document, api, viewer):
    response = api(viewer).get(url(project, q="合作 OR"))
    assert response.status_code == 400
    assert response.json() == {"q": [errors.QUERY_MISSING_OPERAND.format(operator="OR")]}


def test_a_case_of_another_project_reads_as_nonexistent(project, other_project, document, api, viewer):
    foreign = make_case(other_project, name="X")
    response = api(viewer).get(url(project, q="合作", case=foreign.pk))
    assert response.status_code == 400
    assert "case" in response.json()


def test_exact_substring(project, document, api, viewer):
    body = api(viewer).get(url(project, q="购买服", exact="true")).json()
    (hit,) = body["results"][0]["hits"]
    assert TEXT[hit["start"] : hit["end"]] == "购买服"


def test_the_search_takes_a_fixed_number_of_queries(project, owner, api, viewer, django_assert_num_queries):
    for n in range(5):
        make_document(project, owner, title=f"doc {n}", text=TEXT)
    # membership, dictionary version, count, two batches of documents joined with their token spans;
    # PostgreSQL asks the GIN index first, in a savepoint with planner settings set and reset.
    with django_assert_num_queries(5 if connection.vendor == "sqlite" else 10):
        assert api(viewer).get(url(project, q="合作")).json()["count"] == 5


def test_a_phrase_count_is_marked_as_an_upper_bound_until_every_candidate_is_read(
    project, owner, api, viewer
):
    # The odd documents have both words and their run-together pair, but never side by side.
    for n in range(6):
        text = "Governmentfunding; funding the government." if n % 2 else "Government funding."
        make_document(project, owner, title=f"doc {n}", text=text)
    body = api(viewer).get(url(project, q='"government funding"', page_size=1)).json()
    assert (body["count"], body["count_exact"], body["has_next"]) == (6, False, True)
    body = api(viewer).get(url(project, q='"government funding"', page_size=50)).json()
    assert (body["count"], body["count_exact"], body["hits_count"]) == (3, True, 3)


def test_the_index_narrows_a_phrase_to_documents_where_its_words_are_adjacent(project, owner, api, viewer):
    make_document(project, owner, title="adjacent", text="Government funding.")
    make_document(project, owner, title="apart", text="Funding from the government.")
    body = api(viewer).get(url(project, q='"government funding"', page_size=1)).json()
    assert (body["count"], [group["title"] for group in body["results"]]) == (1, ["adjacent"])
