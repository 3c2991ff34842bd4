"""Every page says so while the demo study's accounts exist (issue 14), at no query per page."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from demo import accounts

BANNER = "This site still has the demo study’s accounts."


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.delete(accounts.CACHE_KEY)
    yield
    cache.delete(accounts.CACHE_KEY)


def login_page(client, language="en"):
    return client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_no_banner_without_demo_accounts(client, owner):
    assert BANNER not in login_page(client)


def test_loading_the_demo_shows_the_banner_in_every_language(client, django_capture_on_commit_callbacks, db):
    assert BANNER not in login_page(client)  # the answer is now cached: loading must forget it
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--first-run", stdout=io.StringIO())
    assert BANNER in login_page(client)
    assert "本站仍有演示研究的账户" in login_page(client, "zh-hans")


def test_the_banner_stays_while_one_demo_account_is_left_and_goes_with_the_last(
    client, django_capture_on_commit_callbacks, db
):
    first, second = accounts.usernames()[:2]
    users = get_user_model().objects
    with django_capture_on_commit_callbacks(execute=True):
        users.create_user(username=first, password="x")
        users.create_user(username=second, password="x")
    assert BANNER in login_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        users.get(username=first).delete()
    assert BANNER in login_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        users.get(username=second).delete()
    assert BANNER not in login_page(client)  # not a stale answer from the cache


def test_asking_again_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert accounts.exist() is False
    with django_assert_num_queries(0):
        assert accounts.exist() is False
        assert accounts.exist() is False
