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


def test_adding_by_username_does_not_reveal_the_e_mail(api, owner, project, outsider):
    # Anyone may add anyone to a project of their own: the answer must not hand out the address.
    response = api(owner).post(url(project), {"username": outsider.username, "role": "viewer"}, format="json")
    assert response.status_code == 201
    assert response.json()["email"] == ""
    rows = api(owner).get(url(project)).json()["results"]
    assert outsider.email not in str(rows)
    member = response.json()["id"]
    assert api(owner).get(url(project, member)).json()["email"] == ""


def test_adding_by_e_mail_repeats_only_what_was_typed(api, owner, project, outsider):
    response = api(owner).post(url(project), {"username": outsider.email.upper(), "role": "viewer"}, format="json")
    assert response.json()["email"] == outsider.email
    again = api(owner).post(url(project), {"username": outsider.email, "role": "coder"}, format="json")
    # The refusal names the address typed, not the username behind it.
    assert again.json() == {"username": [str(project_errors.USER_ALREADY_MEMBER).format(username=outsider.email)]}


def test_members_see_only_their_own_e_mail(api, project, viewer, coder):
    rows = {row["username"]: row["email"] for row in api(viewer).get(url(project)).json()["results"]}
    assert rows[viewer.username] == viewer.email
    assert {email for name, email in rows.items() if name != viewer.username} == {""}


def test_a_deactivated_account_gets_the_same_answer_as_no_account(api, owner, project, outsider):
    outsider.is_active = False
    outsider.save()
    for typed in (outsider.username, outsider.email):
        response = api(owner).post(url(project), {"username": typed, "role": "viewer"}, format="json")
        assert response.status_code == 400
        assert response.json() == {"username": [str(project_errors.USER_NOT_FOUND).format(username=typed)]}
    assert not Membership.objects.filter(project=project, user=outsider).exists()


def test_the_members_page_shows_no_other_e_mail_and_names_what_was_typed(client, owner, project, outsider, coder):
    client.force_login(owner)
    page = client.post(
        f"/projects/{project.pk}/members/", {"username": outsider.email, "role": "viewer"}, follow=True
    ).content.decode()
    assert f"{outsider.email} added." in page
    assert outsider.email not in page.replace(f"{outsider.email} added.", "")
    assert coder.email not in page and owner.email in page
