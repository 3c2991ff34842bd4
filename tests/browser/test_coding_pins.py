"""Keys 1–9 on the coding page: a code keeps its key when codes are added, and the coder's pins stay."""

import pytest

from coding.models import Coding
from tests.browser.coding_helpers import (
    TEXT,
    make_study,
    open_workspace,
    select_text,
    sign_in,
    wait_for_saved_codings,
)
from tests.factories import make_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYS = """() => Object.fromEntries([...document.querySelectorAll('#ws-codebook li')].map(
    (li) => [li.querySelector('.ws-name').textContent, li.querySelector('.ws-pin').textContent]))"""


@pytest.fixture
def page_as_coder(browser, live_server, plain_static_storage):
    study = make_study()
    context, page = sign_in(browser, live_server, study["coder"])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_workspace(page, study["url"])
    yield study, page
    context.close()
    assert errors == []


def reload(page):
    page.reload()
    page.wait_for_selector("#workspace[data-ready='1']")


def test_a_new_code_that_sorts_first_moves_no_key(page_as_coder):
    study, page = page_as_coder
    before = {"Cooperation 合作关系": "1", "互动陷阱": "2", "内卷化": "3", "合谋化": "4"}
    assert page.evaluate(KEYS) == before
    # First in tree order: with keys taken from the tree every key would have moved down one.
    make_code(study["project"], name="Aaa 新编码", color="#4e79a7")
    reload(page)
    assert page.evaluate(KEYS) == {**before, "Aaa 新编码": "5"}


def test_unpinning_frees_one_key_and_the_next_pin_takes_it_for_good(page_as_coder):
    study, page = page_as_coder
    make_code(study["project"], name="Aaa 新编码", color="#4e79a7")
    reload(page)
    page.get_by_role("button", name="Key 2: 互动陷阱 (pinned; press to unpin)", pressed=True).click()
    page.get_by_role("button", name="Key 5: Aaa 新编码", pressed=True).click()
    page.get_by_role("button", name="Pin to keys 1–9: Aaa 新编码", pressed=False).click()  # the first free key: 2
    expected = {"Cooperation 合作关系": "1", "互动陷阱": "·", "内卷化": "3", "合谋化": "4", "Aaa 新编码": "2"}
    assert page.evaluate(KEYS) == expected
    make_code(study["project"], name="Aab 又一个", color="#edc948")
    reload(page)
    # The coder's pins are kept; a code added after the coder pinned gets no key by itself.
    assert page.evaluate(KEYS) == {**expected, "Aab 又一个": "·"}
    start = TEXT.index("大家都一样")
    select_text(page, start, start + 5)
    page.keyboard.press("2")
    wait_for_saved_codings(page, 1)
    assert Coding.objects.get().code.name == "Aaa 新编码"


def test_a_tenth_pin_is_refused_with_a_message(page_as_coder):
    study, page = page_as_coder
    for i in range(6):
        make_code(study["project"], name=f"Z{i}", color="#bab0ac")
    reload(page)
    assert sorted(page.evaluate(KEYS).values()) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "·"]
    page.get_by_role("button", name="Pin to keys 1–9: Z5").click()
    assert page.locator("#ws-status").inner_text() == "All nine keys are taken: unpin a code first."
    assert page.evaluate(KEYS)["Z5"] == "·"
