"""Dragging the bounds of a selected coding on the coding page (issue 19.13)."""

import pytest

from coding.models import Coding
from tests.browser.coding_helpers import TEXT, make_study, open_workspace, sign_in
from tests.factories import make_coding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The middle of the character at a code point position, in viewport coordinates.
CHAR_CENTRE = """(position) => {
    const p = window.qualcase.paragraphs.find((x) => x.start <= position && position < x.end);
    let units = Array.from(p.text).slice(0, position - p.start).join("").length;
    const walker = document.createTreeWalker(p.el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (units < node.length) {
            const range = document.createRange();
            range.setStart(node, units);
            range.setEnd(node, units + 1);
            const r = range.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2, r.width];
        }
        units -= node.length;
    }
}"""


@pytest.fixture
def study(live_server):
    return make_study()


def open_as(browser, live_server, user, url):
    context, page = sign_in(browser, live_server, user)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    open_workspace(page, url)
    return context, page


def drag(page, handle, to):
    box = page.locator(handle).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(to[0], to[1], steps=8)
    page.mouse.up()


def test_dragging_the_end_handle_moves_the_end_to_where_it_is_dropped(study, browser, live_server, plain_static_storage):
    start = TEXT.index("慢慢出现")
    coding = make_coding(study["document"], study["codes"]["involution"], study["coder"], start=start, end=start + 4)
    context, page = open_as(browser, live_server, study["coder"], study["url"])
    page.evaluate("id => window.qualcase.selectCoding(id)", coding.pk)
    page.wait_for_selector(".ws-handle-end:not([hidden])")
    # Drop on the right half of 化: the end goes after it.
    x, y, width = page.evaluate(CHAR_CENTRE, TEXT.index("化，"))
    drag(page, ".ws-handle-end", (x + width / 4, y))
    page.wait_for_function("([id, end]) => window.qualcase.codings.get(id).end !== end", arg=[coding.pk, start + 4])
    coding.refresh_from_db()
    assert (coding.start, coding.end) == (start, TEXT.index("化，") + 1)
    assert coding.quote == "慢慢出现内卷化"
    # The picker did not open for the drag, and Ctrl+Z puts the end back.
    assert page.locator("#ws-picker").is_hidden()
    page.locator("#ws-text").focus()
    page.keyboard.press("Control+z")
    page.wait_for_function("([id, end]) => window.qualcase.codings.get(id).end === end", arg=[coding.pk, start + 4])
    assert page.errors == []
    context.close()


def test_the_start_handle_crosses_an_astral_character_and_stops_before_the_end(study, browser, live_server, plain_static_storage):
    # 祥社工站😀的: the start is dragged to the left onto 𠮷 (two UTF-16 units, one code point).
    start = TEXT.index("社工站")
    coding = make_coding(study["document"], study["codes"]["collusion"], study["coder"], start=start, end=start + 3)
    context, page = open_as(browser, live_server, study["coder"], study["url"])
    page.evaluate("id => window.qualcase.selectCoding(id)", coding.pk)
    page.wait_for_selector(".ws-handle-start:not([hidden])")
    x, y, width = page.evaluate(CHAR_CENTRE, TEXT.index("𠮷"))
    drag(page, ".ws-handle-start", (x - width / 4, y))
    page.wait_for_function("([id, s]) => window.qualcase.codings.get(id).start !== s", arg=[coding.pk, start])
    coding.refresh_from_db()
    assert (coding.start, coding.quote) == (TEXT.index("𠮷"), "𠮷祥社工站")
    # Dragged past the end, the start stops one character before it.
    x, y, width = page.evaluate(CHAR_CENTRE, TEXT.index("的项目"))
    drag(page, ".ws-handle-start", (x, y))
    page.wait_for_function("([id, s]) => window.qualcase.codings.get(id).start !== s", arg=[coding.pk, coding.start])
    coding.refresh_from_db()
    assert (coding.start, coding.end) == (coding.end - 1, start + 3)
    assert page.errors == []
    context.close()


def test_a_viewer_gets_no_handles(study, browser, live_server, plain_static_storage):
    coding = make_coding(study["document"], study["codes"]["involution"], study["coder"], start=3, end=6)
    context, page = open_as(browser, live_server, study["viewer"], study["url"])
    page.evaluate("id => window.qualcase.selectCoding(id)", coding.pk)
    page.wait_for_selector("#ws-detail:not([hidden])")
    assert page.locator(".ws-handle:not([hidden])").count() == 0
    assert Coding.objects.get().end == 6
    context.close()
