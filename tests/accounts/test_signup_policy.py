"""Sign-up follows the site's policy: closed, invitation only (the default), open to chosen domains."""

import pytest
from django.contrib.auth import get_user_model

from accounts import errors, selectors, services
from accounts.models import SignupPolicy

NEW = {"username": "lan", "email": "lan@uni.edu.cn", "password": "a-long-new-password-7"}


def test_the_default_policy_is_invitation_only(db, api):
    assert selectors.site_settings().signup_policy == SignupPolicy.INVITATION
    response = api().post("/api/accounts/signup/", NEW, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(errors.SIGNUP_INVITATION_ONLY)]}
    assert not get_user_model().objects.filter(username="lan").exists()


def test_a_closed_site_refuses_sign_up(db, api):
    services.site_settings_update(signup_policy=SignupPolicy.CLOSED)
    response = api().post("/api/accounts/signup/", NEW, format="json")
    assert response.json() == {"non_field_errors": [str(errors.SIGNUP_CLOSED)]}


def test_open_domains_let_in_only_addresses_at_those_domains(db, api):
    services.site_settings_update(signup_policy=SignupPolicy.DOMAINS, signup_domains="uni.edu.cn\n@lab.org")
    refused = api().post("/api/accounts/signup/", {**NEW, "email": "lan@gmail.com"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"email": [errors.SIGNUP_DOMAIN_REFUSED.format(domains="uni.edu.cn, lab.org")]}
    created = api().post("/api/accounts/signup/", NEW, format="json")
    assert created.status_code == 201 and created.json()["username"] == "lan"


def test_the_signup_page_follows_the_policy(db, client):
    services.site_settings_update(signup_policy=SignupPolicy.CLOSED)
    assert str(errors.SIGNUP_CLOSED) in client.get("/accounts/signup/").content.decode()
    client.post("/accounts/signup/", NEW)
    assert not get_user_model().objects.filter(username="lan").exists()
    services.site_settings_update(signup_policy=SignupPolicy.DOMAINS, signup_domains="uni.edu.cn")
    response = client.post("/accounts/signup/", NEW)
    assert response.status_code == 302 and get_user_model().objects.filter(username="lan").exists()


@pytest.mark.parametrize("policy", [SignupPolicy.CLOSED, SignupPolicy.INVITATION])
def test_an_invitation_creates_an_account_even_when_sign_up_is_closed(policy, invitation, api, project):
    services.site_settings_update(signup_policy=policy)
    _invitation, token = invitation
    response = api().post("/api/accounts/signup/", {**NEW, "invitation": token}, format="json")
    assert response.status_code == 201
    assert project.memberships.get(user__username="lan").role == "coder"


def test_only_site_admins_change_the_policy(db, api, admin_user, owner):
    body = {"signup_policy": "domains", "signup_domains": ["uni.edu.cn"]}
    assert api(owner).patch("/api/site/settings/", body, format="json").status_code == 403
    response = api(admin_user).patch("/api/site/settings/", body, format="json")
    assert response.json() == body


def test_login_takes_a_username_or_an_e_mail(client, owner):
    from tests.conftest import PASSWORD

    for login in ("olivia", "olivia@example.org", "OLIVIA@example.org"):
        client.logout()
        response = client.post("/accounts/login/", {"username": login, "password": PASSWORD})
        assert response.status_code == 302, login
