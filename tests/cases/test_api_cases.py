"""Cases, typed attributes and values through the API."""

import pytest

from cases import errors
from cases.models import AttributeValue
from tests.factories import make_attribute, make_case, make_document


def test_a_case_lists_its_values_and_number_of_documents(api, viewer, owner, project):
    case = make_case(project)
    attribute = make_attribute(project, name="budget", type="number")
    document = make_document(project, owner)
    document.case = case
    document.save()
    api(owner).put(
        f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/", {"value": "1,200,000"}
    )
    data = api(viewer).get(f"/api/projects/{project.pk}/cases/{case.pk}/").json()
    assert data["documents_count"] == 1
    assert data["values"] == [
        {"attribute": attribute.pk, "name": "budget", "type": "number", "value": 1200000.0}
    ]


def test_a_duplicate_case_name_is_refused(api, editor, project):
    make_case(project, name="G区")
    response = api(editor).post(f"/api/projects/{project.pk}/cases/", {"name": "G区"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [str(errors.CASE_NAME_TAKEN).format(name="G区")]}


@pytest.mark.parametrize(
    ("type_", "choices", "value", "stored"),
    [
        ("text", None, "  W区  ", "W区"),
        ("number", None, 350000, 350000.0),
        ("number", None, "2.5", 2.5),
        ("date", None, "2016-07-10", "2016-07-10"),
        ("boolean", None, True, True),
        ("boolean", None, "否", False),
        ("category", ["枢纽型", "专业社工机构", "草根组织"], "枢纽型", "枢纽型"),
    ],
)
def test_values_are_stored_in_their_type(api, editor, project, type_, choices, value, stored):
    case, attribute = make_case(project), make_attribute(project, type=type_, choices=choices)
    response = api(editor).put(
        f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/", {"value": value}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["value"] == stored


@pytest.mark.parametrize(
    ("type_", "choices", "value", "message"),
    [
        ("number", None, "很多", errors.NOT_A_NUMBER.format(value="很多")),
        ("number", None, "nan", errors.NOT_A_NUMBER.format(value="nan")),
        ("number", None, True, errors.NOT_A_NUMBER.format(value=True)),
        ("date", None, "2016/7/10", errors.NOT_A_DATE.format(value="2016/7/10")),
        ("boolean", None, "maybe", errors.NOT_A_BOOLEAN.format(value="maybe")),
        ("category", ["枢纽型"], "草根", errors.NOT_AN_ALLOWED_VALUE.format(value="草根", choices="枢纽型")),
        ("text", None, {"a": 1}, errors.NOT_TEXT),
        ("text", None, "", errors.VALUE_EMPTY),
    ],
)
def test_a_malformed_value_is_refused_and_the_old_one_kept(
    api, editor, project, type_, choices, value, message
):
    case, attribute = make_case(project), make_attribute(project, type=type_, choices=choices)
    path = f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/"
    response = api(editor).put(path, {"value": value}, format="json")
    assert response.status_code == 400
    assert response.json() == {"value": [str(message)]}
    assert not AttributeValue.objects.filter(case=case).exists()


def test_an_attribute_of_another_project_is_not_found(api, editor, project, other_project):
    case, foreign = make_case(project), make_attribute(other_project, name="外")
    path = f"/api/projects/{project.pk}/cases/{case.pk}/values/{foreign.pk}/"
    assert api(editor).put(path, {"value": "x"}, format="json").status_code == 404


def test_a_category_needs_allowed_values(api, editor, project):
    response = api(editor).post(
        f"/api/projects/{project.pk}/attributes/", {"name": "组织类型", "type": "category"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"choices": [str(errors.CATEGORY_NEEDS_CHOICES)]}


def test_the_type_of_an_attribute_in_use_cannot_change(api, editor, project):
    case, attribute = make_case(project), make_attribute(project, name="year", type="text")
    api(editor).put(f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/", {"value": "2016"})
    response = api(editor).patch(
        f"/api/projects/{project.pk}/attributes/{attribute.pk}/", {"type": "number"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"type": [str(errors.TYPE_CHANGE_WITH_VALUES)]}


def test_an_allowed_value_in_use_cannot_be_removed(api, editor, project):
    case = make_case(project)
    attribute = make_attribute(project, name="类型", type="category", choices=["枢纽型", "草根组织"])
    api(editor).put(
        f"/api/projects/{project.pk}/cases/{case.pk}/values/{attribute.pk}/", {"value": "草根组织"}
    )
    response = api(editor).patch(
        f"/api/projects/{project.pk}/attributes/{attribute.pk}/", {"choices": ["枢纽型"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"choices": [str(errors.CHOICE_IN_USE).format(value="草根组织")]}


def test_deleting_a_case_keeps_its_documents(api, editor, owner, project):
    case = make_case(project)
    document = make_document(project, owner, case=case)
    assert api(editor).delete(f"/api/projects/{project.pk}/cases/{case.pk}/").status_code == 204
    document.refresh_from_db()
    assert document.case is None
