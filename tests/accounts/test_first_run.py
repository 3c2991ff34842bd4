"""First run: a one-time link creates the first administrator; then the page is gone."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import SetupToken

ADMIN = {"username": "ada", "email": "ada@uni.edu.cn", "password": "a-long-admin-password-1"}


def setup_link():
    out = StringIO()
    call_command("setup_link", "--base-url", "http://127.0.0.1:8000", stdout=out)
    return out.getvalue()


def token_from(output):
    return output.split("/setup/")[1].split("/")[0]


def test_on_an_empty_database_the_command_prints_a_link_that_makes_the_admin(db, client):
    token = token_from(setup_link())
    assert SetupToken.objects.get().token_hash != token
    assert client.get(f"/setup/{token}/").status_code == 200
    response = client.post(f"/setup/{token}/", ADMIN)
    assert response.status_code == 302
    admin = get_user_model().objects.get(username="ada")
    assert admin.is_superuser and admin.is_staff
    assert client.get(f"/setup/{token}/").status_code == 404
    assert setup_link() == "" and not SetupToken.objects.exists()


def test_the_page_needs_the_printed_token(db, client):
    setup_link()
    assert client.get("/setup/guessed-token/").status_code == 404
    assert client.post("/setup/guessed-token/", ADMIN).status_code == 404
    assert not get_user_model().objects.exists()


def test_a_new_link_replaces_the_old_one(db, client):
    old = token_from(setup_link())
    setup_link()
    assert client.get(f"/setup/{old}/").status_code == 404


def test_once_createsuperuser_made_an_administrator_no_link_is_printed(db, client):
    token = token_from(setup_link())
    get_user_model().objects.create_superuser("root", "root@x.org", "a-long-admin-password-2")
    assert client.get(f"/setup/{token}/").status_code == 404
    assert setup_link() == ""
