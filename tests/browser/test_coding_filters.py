"""Filtering and navigating codings on the coding page: by coder, by code, next and previous."""

import pytest

from accounts import services as account_services
from tests.browser.coding_helpers import TEXT, make_study
from tests.factories import make_coding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coded(live_server):
    study = make_study()
    document, codes = study["document"], study["codes"]
    first = TEXT.index("街道怎么")
    second = TEXT.index("合谋化安排")
    third = TEXT.index("内卷化")
    study["mine"] = make_coding(document, codes["collusion"], study["coder"], start=first, end=first + 2)
    study["later"] = make_coding(document, codes["collusion"], study["coder"], start=second, end=second + 3)
    study["theirs"] = make_coding(document, codes["involution"], study["other"], start=third, end=third + 3)
    return study




def counts(page):
    rows = page.locator("#ws-codebook li")
    return {
        rows.nth(i).locator(".ws-name").inner_text(): int(rows.nth(i).locator(".ws-count").inner_text())
        for i in range(rows.count())
    }


def test_the_codebook_panel_counts_codings_and_the_coder_filter_narrows_them(coded, open_as):
    page = open_as(coded["coder"], coded["url"])
    assert counts(page)["合谋化"] == 2 and counts(page)["内卷化"] == 1
    assert page.locator("mark.hl").count() == 3
    page.select_option("#ws-coder-filter", "me")
    page.wait_for_function("document.querySelectorAll('mark.hl').length === 2")
    assert counts(page)["内卷化"] == 0
    page.select_option("#ws-coder-filter", str(coded["other"].pk))
    page.wait_for_function("document.querySelectorAll('mark.hl').length === 1")
    assert page.locator("mark.hl").inner_text() == "内卷化"
    page.select_option("#ws-coder-filter", "all")
    page.wait_for_function("document.querySelectorAll('mark.hl').length === 3")


def test_hiding_a_code_removes_its_highlights_and_stripes(coded, open_as):
    page = open_as(coded["coder"], coded["url"])
    assert page.locator(".ws-stripe").count() == 3
    page.get_by_label("Show codings of this code: 合谋化").uncheck()
    page.wait_for_function("document.querySelectorAll('.ws-stripe').length === 1")
    assert page.locator("mark.hl").inner_text() == "内卷化"
    page.get_by_label("Show codings of this code: 合谋化").check()
    page.wait_for_function("document.querySelectorAll('.ws-stripe').length === 3")


def test_next_and_previous_step_through_the_codings_of_a_code(coded, open_as):
    page = open_as(coded["coder"], coded["url"])
    selected = "window.qualcase.selectedId"
    page.get_by_role("button", name="Next coding of this code: 合谋化").click()
    assert page.evaluate(selected) == coded["mine"].pk
    page.get_by_role("button", name="Next coding of this code: 合谋化").click()
    assert page.evaluate(selected) == coded["later"].pk
    page.get_by_role("button", name="Next coding of this code: 合谋化").click()
    assert page.evaluate(selected) == coded["mine"].pk  # wraps around
    page.get_by_role("button", name="Previous coding of this code: 合谋化").click()
    assert page.evaluate(selected) == coded["later"].pk
    assert page.locator("mark.hl.sel").inner_text() == "合谋化"


def test_clicking_a_stripe_selects_its_coding_and_a_link_can_name_a_coding(coded, open_as):
    page = open_as(coded["coder"], coded["url"])
    page.locator(f".ws-stripe[data-id='{coded['theirs'].pk}']").click()
    assert page.evaluate("window.qualcase.selectedId") == coded["theirs"].pk
    assert "chen" in page.locator("#ws-detail").inner_text()
    page.goto(f"{coded['url']}#coding-{coded['later'].pk}")
    page.wait_for_function(f"window.qualcase.selectedId === {coded['later'].pk}")


def test_a_link_to_an_offset_scrolls_to_and_flashes_its_paragraph(coded, open_as):
    offset = TEXT.index("后来呢")
    page = open_as(coded["viewer"], f"{coded['url']}#offset-{offset}")
    page.wait_for_selector("p[data-p='3'].ws-flash")


def test_teammates_show_by_their_display_names(coded, open_as):
    # Researchers know each other as 陈老师, not as a login name: the filter and the coding's
    # detail both use the name each member gave in their profile.
    account_services.profile_update(user=coded["other"], display_name="陈老师")
    page = open_as(coded["coder"], coded["url"])
    options = page.locator("#ws-coder-filter option").all_inner_texts()
    assert "陈老师" in options and "chen" not in options
    page.locator(f".ws-stripe[data-id='{coded['theirs'].pk}']").click()
    detail = page.locator("#ws-detail").inner_text()
    assert "陈老师" in detail and "chen" not in detail
