"""Members through the API: owners add users by username or e-mail; a project keeps an owner."""

from coding.models import Membership, Role
from coding.projects import errors as project_errors
from tests.conftest import make_user


def url(project, pk=None):
    base = f"/api/projects/{project.pk}/members/"
    return base if pk is None else f"{base}{pk}/"


def test_an_owner_adds_a_user_by_e_mail(api, owner, project):
    newcomer = make_user("xiaoming")
    response = api(owner).post(
        url(project), {"username": "XIAOMING@example.org", "role": "coder"}, format="json"
    )
    assert response.status_code == 201
    assert Membership.objects.get(project=project, user=newcomer).role == Role.CODER


def test_an_unknown_user_is_refused(api, owner, project):
    response = api(owner).post(url(project), {"username": "nobody", "role": "coder"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": [str(project_errors.USER_NOT_FOUND).format(username="nobody")]}


def test_a_member_is_not_added_twice(api, owner, coder, project):
    response = api(owner).post(url(project), {"username": coder.username, "role": "viewer"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": [str(project_errors.USER_ALREADY_MEMBER).format(username=coder.username)]}
    assert Membership.objects.get(project=project, user=coder).role == Role.CODER


def test_an_unknown_role_is_refused(api, owner, project):
    make_user("xiaoming")
    response = api(owner).post(url(project), {"username": "xiaoming", "role": "admin"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()


def test_the_last_owner_can_be_neither_demoted_nor_removed(api, owner, project):
    membership = Membership.objects.get(project=project, user=owner)
    client = api(owner)
    response = client.patch(url(project, membership.pk), {"role": "editor"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"role": [str(project_errors.LAST_OWNER)]}
    assert client.delete(url(project, membership.pk)).status_code == 400
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_may_step_down_once_another_owner_exists(api, owner, editor, project):
    editor_membership = Membership.objects.get(project=project, user=editor)
    client = api(owner)
    client.patch(url(project, editor_membership.pk), {"role": "owner"}, format="json")
    own = Membership.objects.get(project=project, user=owner)
    assert client.patch(url(project, own.pk), {"role": "editor"}, format="json").status_code == 200
