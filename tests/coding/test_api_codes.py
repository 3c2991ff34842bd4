"""The codebook through the API: a tree whose rules are refused with clear messages."""

import pytest

from coding.codebook import errors as codebook_errors
from coding.models import Code
from tests.factories import make_code


def url(project, pk=None):
    base = f"/api/projects/{project.pk}/codes/"
    return base if pk is None else f"{base}{pk}/"


def test_an_editor_builds_a_tree(api, editor, project):
    client = api(editor)
    parent = client.post(url(project), {"name": "互动陷阱", "color": "#e15759"}, format="json").json()
    child = client.post(
        url(project), {"name": "合谋化", "parent": parent["id"], "definition": "利益媾通"}, format="json"
    )
    assert child.status_code == 201
    assert child.json()["parent"] == parent["id"]


def test_a_duplicate_name_among_siblings_is_refused(api, editor, project):
    parent = make_code(project, name="互动陷阱")
    make_code(project, name="合谋化", parent=parent)
    response = api(editor).post(url(project), {"name": "合谋化", "parent": parent.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [str(codebook_errors.CODE_NAME_TAKEN).format(name="合谋化")]}


def test_a_code_cannot_move_under_its_own_descendant(api, editor, project):
    top = make_code(project, name="趋同化")
    middle = make_code(project, name="强制性", parent=top)
    bottom = make_code(project, name="细类", parent=middle)
    response = api(editor).patch(url(project, top.pk), {"parent": bottom.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"parent": [str(codebook_errors.PARENT_IS_DESCENDANT)]}
    top.refresh_from_db()
    assert top.parent is None


def test_a_parent_from_another_project_is_refused(api, editor, project, other_project):
    foreign = make_code(other_project, name="外来")
    response = api(editor).post(url(project), {"name": "新", "parent": foreign.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"parent": [f"There is no code with id {foreign.pk} in this project."]}


@pytest.mark.parametrize("color", ["red", "#12345", "#GGGGGG"])
def test_a_colour_must_be_hex(api, editor, project, color):
    response = api(editor).post(url(project), {"name": "x", "color": color}, format="json")
    assert response.status_code == 400
    assert response.json() == {"color": ["Enter a colour as #rrggbb."]}
    assert Code.objects.count() == 0


def test_a_blank_name_is_refused(api, editor, project):
    response = api(editor).post(url(project), {"name": "   "}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_deleting_a_code_deletes_its_subtree(api, editor, project):
    top = make_code(project, name="资源依赖")
    make_code(project, name="经济资源", parent=top)
    assert api(editor).delete(url(project, top.pk)).status_code == 204
    assert Code.objects.filter(project=project).count() == 0
