"""A new coding shows the moment it is applied, before the server answers (issue 20: drawn within
100 ms, always), and a refused save takes it away again."""

import re

import pytest

from coding.models import Coding
from tests.browser.coding_helpers import TEXT, make_study, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODINGS_POST = re.compile(r".*/api/projects/\d+/codings/$")


@pytest.fixture
def study(live_server):
    return make_study()


def hold_saves(page):
    """Keep every coding save waiting, as a busy server would; the list holds them until the
    test lets them through (route.continue_())."""
    held = []
    page.route(CODINGS_POST, lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    return held


def test_the_highlight_shows_before_the_server_answers_then_takes_its_id(study, open_as):
    page = open_as(study["coder"], study["url"])
    start = TEXT.index("合谋化安排")
    select_text(page, start, start + 3)
    page.locator(".ws-picker-input").fill("hmh")
    held = hold_saves(page)
    page.keyboard.press("Enter")
    # Drawn while the save is still held: a provisional id below zero, and nothing stored yet.
    page.wait_for_function("[...window.qualcase.codings.keys()].some((id) => id < 0)", timeout=2000)
    page.wait_for_selector("mark.hl")
    assert page.locator("mark.hl").inner_text() == "合谋化"
    assert Coding.objects.count() == 0
    # Clicked while saving: selected, but nothing to edit yet; the selection follows the save.
    page.locator("mark.hl").click()
    assert page.evaluate("window.qualcase.selectedId") < 0
    assert page.locator("#ws-detail textarea").count() == 0
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("window.qualcase.codings.size === 1 && [...window.qualcase.codings.keys()][0] > 0")
    stored = Coding.objects.get()
    page.wait_for_function("id => window.qualcase.selectedId === id", arg=stored.pk)
    assert page.locator("mark.hl").get_attribute("data-c") == str(stored.pk)
    assert page.locator(".ws-stripe").get_attribute("data-id") == str(stored.pk)
    assert page.errors == []


def test_a_refused_save_takes_the_highlight_away_and_says_why(study, open_as):
    page = open_as(study["coder"], study["url"])
    start = TEXT.index("合谋化安排")
    select_text(page, start, start + 3)
    page.locator(".ws-picker-input").fill("hmh")
    page.route(
        CODINGS_POST,
        lambda route: route.fulfill(
            status=400, content_type="application/json", body='{"non_field_errors": ["This passage is coded so."]}'
        )
        if route.request.method == "POST"
        else route.continue_(),
    )
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('ws-status').textContent.includes('This passage is coded so.')")
    page.wait_for_function("window.qualcase.codings.size === 0 && !document.querySelector('mark.hl')")
    assert page.locator(".ws-stripe").count() == 0
    assert Coding.objects.count() == 0

