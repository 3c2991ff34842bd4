"""Through a real browser: upload several transcripts at once, and edit the case grid in place."""

import re

import pytest
from django.contrib.auth import get_user_model

from cases.models import AttributeValue
from coding.projects.services import project_create
from tests.coding.import_files import TRANSCRIPT
from tests.factories import make_attribute, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def log_in(page):
    user = get_user_model().objects.create_user(username="lin", password=PASSWORD)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "lin")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    return user


def test_uploading_several_files_lists_a_result_for_each(page):
    user = log_in(page)
    project = project_create(name="居家养老研究", owner=user)
    page.goto(f"/projects/{project.pk}/")
    page.click("text=Import documents")
    page.set_input_files(
        "input[type=file]",
        [
            {"name": "20160710YJ2.txt", "mimeType": "text/plain", "buffer": TRANSCRIPT.encode("gb18030")},
            {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""},
        ],
    )
    page.click("#import-form button[type=submit]")
    rows = page.locator("#import-results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    assert "Imported" in rows.nth(0).inner_text() and "gb18030" in rows.nth(0).inner_text()
    assert "The file is empty" in rows.nth(1).inner_text()
    page.goto(f"/projects/{project.pk}/documents/")
    assert page.locator("#documents").get_by_text("20160710YJ2").first.is_visible()


def test_the_case_grid_saves_a_cell_and_shows_a_bad_value_in_the_cell(page):
    user = log_in(page)
    project = project_create(name="居家养老研究", owner=user)
    budget = make_attribute(project, name="budget", type="number")
    case = make_case(project, name="W区居家养老")
    page.goto(f"/projects/{project.pk}/cases/")
    cell = page.get_by_label("W区居家养老 · budget")
    cell.fill("很多")
    cell.press("Tab")
    error = page.locator("td.invalid .cell-error")
    error.wait_for()
    assert error.inner_text() == "“很多” is not a number."
    assert not AttributeValue.objects.exists()
    cell.fill("1,200,000")
    cell.press("Tab")
    page.locator("td.saved").wait_for()
    assert page.locator("td.saved .cell-error").inner_text() == ""
    assert AttributeValue.objects.get(case=case, attribute=budget).value == 1_200_000
