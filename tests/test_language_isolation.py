"""A request in Chinese leaves no Chinese behind for the next test (tests/conftest.py resets it)."""

from django.conf import settings
from django.utils import translation


def test_a_zh_cn_request_switches_the_interface_to_chinese(client, db):
    answer = client.get("/accounts/login/", headers={"accept-language": "zh-CN"})
    assert answer.status_code == 200
    assert translation.get_language() == "zh-hans"


def test_the_next_test_starts_in_the_default_language():
    # Runs after the test above (file order): without the reset it would still be in Chinese.
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert translation.gettext("Log in") == "Log in"
