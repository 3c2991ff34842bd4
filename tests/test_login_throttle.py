"""Login throttling (config/throttle.py): the login page and the token endpoint refuse a username
from an address after QUALCASE_LOGIN_FAILURES failures, even with the right password."""

from django.test import Client

from tests.conftest import PASSWORD

LOCKED = "Too many failed logins: try again in 15 minutes."


def test_the_login_page_locks_after_five_failures_even_for_the_right_password(owner):
    client = Client()
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD})
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_or_username_is_not_locked(owner, viewer):
    client = Client()
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "victor", "password": PASSWORD}).status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post("/accounts/login/", {"username": "olivia", "password": PASSWORD}).status_code == 302


def test_a_successful_login_clears_the_count(owner):
    client = Client()
    for _attempt in range(4):
        client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD}).status_code == 302
    client.logout()
    for _attempt in range(4):
        client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD}).status_code == 302


def test_the_token_endpoint_answers_429_once_locked(owner, api):
    client = api()
    for _attempt in range(5):
        response = client.post("/api/auth/token/", {"username": "olivia", "password": "wrong"}, format="json")
        assert response.status_code == 400
    response = client.post("/api/auth/token/", {"username": "olivia", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}
