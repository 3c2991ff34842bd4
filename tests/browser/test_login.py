"""Smoke test through a real browser: log in on the login page, see one's project on the home page."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT_NAME = "城中村访谈 2024"


def test_login_then_home_lists_my_project(page):
    user = get_user_model().objects.create_user(username="lin", password="a-long-test-password")
    from coding.projects.services import project_create

    project_create(name=PROJECT_NAME, owner=user)

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "lin")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("form [type=submit]")

    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text(PROJECT_NAME).first.is_visible()
    assert page.get_by_text(PROJECT_NAME).count() >= 1
