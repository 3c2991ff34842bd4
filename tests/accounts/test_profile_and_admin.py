"""Profile (display name, language applied over the browser's), password change and reset, site admin."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from accounts import errors
from tests.conftest import PASSWORD


def test_the_profile_language_wins_over_the_browsers(client, owner):
    client.force_login(owner)
    client.post("/accounts/profile/", {"display_name": "欧丽", "email": owner.email, "language": "zh-hans"})
    client.cookies.pop("django_language", None)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in page
    client.logout()
    client.force_login(owner)  # a new session on another browser: the profile follows the user
    assert '<html lang="zh-hans">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_profile_over_the_api(owner, api):
    response = api(owner).patch(
        "/api/accounts/me/", {"display_name": "欧丽", "language": "en"}, format="json"
    )
    assert response.json()["display_name"] == "欧丽" and response.json()["language"] == "en"


def test_password_change_needs_the_current_password(owner, api):
    body = {"old_password": "wrong", "new_password": "another-long-password-9"}
    assert api(owner).post("/api/accounts/password/change/", body, format="json").json() == {
        "old_password": [str(errors.PASSWORD_WRONG)]
    }
    body["old_password"] = PASSWORD
    assert api(owner).post("/api/accounts/password/change/", body, format="json").status_code == 204
    owner.refresh_from_db()
    assert owner.check_password("another-long-password-9")


def test_password_reset_by_e_mail_over_the_api(owner, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api().post("/api/accounts/password/reset/", {"email": owner.email}, format="json")
    assert response.status_code == 202
    uid, token = re.search(r"/accounts/password/reset/([^/]+)/([^/]+)/", mail.outbox[0].body).groups()
    body = {"uid": uid, "token": token, "new_password": "a-fresh-long-password-3"}
    assert api().post("/api/accounts/password/reset/confirm/", body, format="json").status_code == 204
    owner.refresh_from_db()
    assert owner.check_password("a-fresh-long-password-3")
    again = api().post("/api/accounts/password/reset/confirm/", body, format="json")
    assert again.json() == {"token": [str(errors.RESET_LINK_INVALID)]}


def test_password_reset_page_sends_the_e_mail(owner, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": owner.email})
    assert response.status_code == 302 and "/accounts/password/reset/" in mail.outbox[0].body


def test_a_site_admin_deactivates_reactivates_and_resets(admin_user, coder, api, client):
    admin = api(admin_user)
    assert admin.post(f"/api/site/users/{coder.pk}/deactivate/").json()["is_active"] is False
    assert not client.login(username=coder.username, password=PASSWORD)
    admin.post(f"/api/site/users/{coder.pk}/reactivate/")
    password = admin.post(f"/api/site/users/{coder.pk}/reset-password/").json()["password"]
    assert client.login(username=coder.username, password=password)
    usernames = [row["username"] for row in admin.get("/api/site/users/").json()["results"]]
    assert "cora" in usernames and "ada" in usernames


def test_only_site_admins_reach_the_user_list(coder, api, client):
    assert api(coder).get("/api/site/users/").status_code == 403
    client.force_login(coder)
    assert client.get("/accounts/site/").status_code == 403


def test_the_site_admin_page_deactivates_a_user(admin_user, coder, client):
    client.force_login(admin_user)
    client.post("/accounts/site/", {"user": coder.pk, "action": "deactivate"})
    assert not get_user_model().objects.get(pk=coder.pk).is_active
    page = client.post("/accounts/site/", {"user": coder.pk, "action": "reset"}).content.decode()
    assert 'id="new-password"' in page
