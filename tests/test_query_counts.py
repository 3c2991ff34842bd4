"""List endpoints answer in a fixed number of queries, however many rows there are."""

import pytest

from cases import services as case_services
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

# Per request (force_authenticate needs no user lookup): the
# membership (1), the page count (1) and the page itself (1), plus prefetches where noted.
LIST_QUERIES = {
    "documents": 3,
    "codes": 3,
    "codings": 3,
    "members": 3,
    "attributes": 3,
    "cases": 4,  # + attribute values prefetch
}


@pytest.fixture
def study(project, owner, coder, second_coder):
    attribute = make_attribute(project, name="district")
    codes = [make_code(project, name=f"code {n}") for n in range(5)]
    for n in range(6):
        case = make_case(project, name=f"case {n}")
        case_services.attribute_value_set(case=case, attribute=attribute, value=f"区{n}")
        document = make_document(project, owner, title=f"doc {n}", text="答：" + "政社互动" * 20, case=case)
        for code in codes:
            make_coding(document, code, coder, 0, 4 + n)
            make_coding(document, code, second_coder, 2, 8)
    return project


@pytest.mark.parametrize("resource", sorted(LIST_QUERIES))
def test_a_list_takes_a_fixed_number_of_queries(resource, study, api, viewer, django_assert_num_queries):
    client = api(viewer)
    with django_assert_num_queries(LIST_QUERIES[resource]):
        response = client.get(f"/api/projects/{study.pk}/{resource}/")
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_the_project_list_takes_two_queries(study, api, viewer, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert api(viewer).get("/api/projects/").json()["count"] == 1
