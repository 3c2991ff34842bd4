"""The coding workspace in a real browser: apply, edit, undo, team updates, roles, escaping."""

import pytest
from rest_framework.test import APIClient

from coding.codings import services as coding_services
from coding.models import Coding
from tests.browser.coding_helpers import TEXT, make_study, select_text, wait_for_saved_codings
from tests.factories import make_coding, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def study(live_server):
    return make_study()




def api_codings(study, user):
    client = APIClient()
    client.force_authenticate(user)
    answer = client.get(f"/api/projects/{study['project'].pk}/codings/", {"document": study["document"].pk})
    return answer.json()["results"]


def wait_for_codings(page, count):
    wait_for_saved_codings(page, count)


def test_a_selection_with_astral_characters_is_stored_with_exact_code_point_offsets(study, open_as):
    page = open_as(study["coder"], study["url"])
    # From the line break before 答 (trimmed away) to just after the emoji.
    start = TEXT.index("？\n答") + 1
    end = TEXT.index("😀") + 1
    select_text(page, start, end)
    page.locator(".ws-picker-input").fill("hmh")
    page.keyboard.press("Enter")
    wait_for_codings(page, 1)
    [coding] = api_codings(study, study["coder"])
    assert (coding["start"], coding["end"]) == (start + 1, end)
    assert coding["quote"] == "答：𠮷祥社工站😀"
    assert coding["code"] == study["codes"]["collusion"].pk
    # Drawn as flat marks and a stripe, no nesting.
    page.wait_for_selector(".ws-stripe")
    assert page.locator("mark.hl").first.inner_text() == "答："
    assert page.locator("mark mark").count() == 0
    assert page.errors == []


def test_overlapping_codings_are_cut_into_flat_segments(study, open_as):
    document, codes, coder = study["document"], study["codes"], study["coder"]
    a = TEXT.index("社工站")
    make_coding(document, codes["collusion"], coder, start=a, end=a + 8)
    make_coding(document, codes["involution"], coder, start=a + 4, end=a + 12)
    page = open_as(coder, study["url"])
    marks = page.locator("mark.hl")
    assert marks.count() == 3
    assert (
        marks.nth(1).get_attribute("data-c").split()
        == sorted([str(c.pk) for c in Coding.objects.all()], key=lambda x: int(x))
        or len(marks.nth(1).get_attribute("data-c").split()) == 2
    )
    assert page.locator(".ws-stripe").count() == 2
    assert page.locator("mark mark").count() == 0
    # Hovering lists both codes and their coder.
    marks.nth(1).hover()
    hover = page.locator("#ws-hover")
    assert "合谋化 — li" in hover.inner_text() and "内卷化 — li" in hover.inner_text()


def test_the_picker_finds_codes_by_pinyin_initials_and_applies_several(study, open_as):
    page = open_as(study["coder"], study["url"])
    start = TEXT.index("内卷化")
    select_text(page, start, start + 3)
    picker = page.locator(".ws-picker-input")
    picker.fill("njh")
    options = page.locator(".ws-picker-list [role=option]")
    assert options.first.locator(".ws-name").inner_text() == "内卷化"
    page.keyboard.press("Enter")
    wait_for_codings(page, 1)
    picker.fill("cooper")
    page.keyboard.press("Enter")
    wait_for_codings(page, 2)
    names = {c.code.name for c in Coding.objects.select_related("code")}
    assert names == {"内卷化", "Cooperation 合作关系"}


def test_an_owner_creates_an_in_vivo_code_from_the_selection(study, open_as):
    page = open_as(study["owner"], study["url"])
    start = TEXT.index("社工站")
    select_text(page, start, start + 3)
    page.locator(".ws-invivo").click()
    wait_for_codings(page, 1)
    coding = Coding.objects.select_related("code").get()
    assert coding.code.name == "社工站" and coding.quote == "社工站"


def test_a_coder_edits_bounds_memo_and_deletes_with_undo_and_redo(study, open_as):
    document, codes, coder = study["document"], study["codes"], study["coder"]
    a = TEXT.index("街道的合谋化")
    coding = make_coding(document, codes["collusion"], coder, start=a + 3, end=a + 6)
    page = open_as(coder, study["url"])
    page.locator("mark.hl").first.click()
    detail = page.locator("#ws-detail")
    detail.get_by_role("button", name="Start one character earlier").click()
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).start === {a + 2}")
    coding.refresh_from_db()
    assert (coding.start, coding.end, coding.quote) == (a + 2, a + 6, "的合谋化")

    detail.locator(".ws-code-select").select_option(str(codes["involution"].pk))
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).code === {codes['involution'].pk}")
    coding.refresh_from_db()
    assert coding.code == codes["involution"]
    page.get_by_role("button", name="Undo").click()
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).code === {codes['collusion'].pk}")

    detail.locator("textarea").fill("利益媾通的典型表述 <b>bold?</b>")
    detail.get_by_role("button", name="Save memo").click()
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).memo !== ''")
    coding.refresh_from_db()
    assert coding.memo == "利益媾通的典型表述 <b>bold?</b>"

    page.keyboard.press("Control+z")  # undo the memo
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).memo === ''")
    page.keyboard.press("Control+Shift+z")  # redo it
    page.wait_for_function(f"window.qualcase.codings.get({coding.pk}).memo !== ''")

    detail.get_by_role("button", name="Delete coding").click()
    wait_for_codings(page, 0)
    assert not Coding.objects.exists()
    page.keyboard.press("Control+z")  # bring it back (as a new row)
    wait_for_codings(page, 1)
    restored = Coding.objects.get()
    assert (restored.start, restored.end, restored.memo) == (a + 2, a + 6, "利益媾通的典型表述 <b>bold?</b>")
    page.get_by_role("button", name="Redo").click()  # redo the deletion
    wait_for_codings(page, 0)
    page.get_by_role("button", name="Undo").click()
    wait_for_codings(page, 1)
    # The memo change made before the deletion follows the re-created coding.
    page.get_by_role("button", name="Undo").click()
    page.wait_for_function("[...window.qualcase.codings.values()][0]?.memo === ''")
    assert Coding.objects.get().memo == ""
    assert page.errors == []


def test_a_second_session_sees_a_new_coding_and_a_deletion_without_reloading(study, open_as):
    first = open_as(study["coder"], study["url"])
    second = open_as(study["other"], study["url"])
    start = TEXT.index("后来呢")
    select_text(first, start, start + 3)
    first.locator(".ws-picker-input").fill("hmh")
    first.keyboard.press("Enter")
    wait_for_codings(first, 1)
    untouched = second.locator("p[data-p='0']").element_handle()
    second.wait_for_selector("mark.hl", timeout=6_000)
    assert second.locator("mark.hl").inner_text() == "后来呢"
    # Only the touched chunk was redrawn: other paragraphs are the same elements.
    assert second.evaluate("p => p.isConnected", untouched)
    # Deleted as a teammate deletes (through the service that logs it for open pages).
    coding_services.coding_delete(coding=Coding.objects.get())
    second.wait_for_selector("mark.hl", state="detached", timeout=6_000)


def test_a_viewer_sees_codings_but_cannot_code(study, open_as):
    document, codes, coder = study["document"], study["codes"], study["coder"]
    a = TEXT.index("内卷化")
    make_coding(document, codes["involution"], coder, start=a, end=a + 3, memo="看得见")
    page = open_as(study["viewer"], study["url"])
    assert page.locator("#ws-text").get_attribute("contenteditable") is None
    select_text(page, a - 4, a)
    # The picker would open a tick after mouseup: let that tick pass before looking.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    assert page.locator("#ws-picker").is_hidden()
    page.locator("mark.hl").click()
    detail = page.locator("#ws-detail")
    assert "看得见" in detail.inner_text()
    assert detail.locator("button", has_text="Delete coding").count() == 0
    assert detail.locator("textarea").count() == 0
    assert page.locator("#ws-undo").is_hidden()


def test_a_keyboard_only_flow_selects_and_codes(study, open_as):
    page = open_as(study["coder"], study["url"])
    page.locator("#ws-text").focus()
    page.keyboard.press("ArrowDown")  # line 2: 问：你们和街道怎么合作？
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.locator(".ws-picker-input").wait_for()
    page.keyboard.type("hmh")
    page.keyboard.press("Enter")
    wait_for_codings(page, 1)
    coding = Coding.objects.get()
    assert coding.quote == "你们和街"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "ws-text"
    # The new coding is selected: Delete removes it, Ctrl+Z brings it back.
    assert page.evaluate("window.qualcase.selectedId") == coding.pk
    page.keyboard.press("Delete")
    wait_for_codings(page, 0)
    page.keyboard.press("Control+z")
    wait_for_codings(page, 1)
    assert Coding.objects.get().quote == "你们和街"


def test_pinned_keys_apply_codes_to_the_selection(study, open_as):
    page = open_as(study["coder"], study["url"])
    start = TEXT.index("大家都一样")
    select_text(page, start, start + 5)
    # Default pins follow the codebook: Cooperation 合作关系, 互动陷阱, 内卷化, 合谋化.
    page.keyboard.press("3")
    wait_for_codings(page, 1)
    assert Coding.objects.get().code == study["codes"]["involution"]


def test_hostile_text_and_memos_show_as_text(study, open_as, live_server):
    hostile = '问：<script>window.pwned=1</script><img src=x onerror="window.pwned=2">\n答：好的'
    document = make_document(study["project"], study["owner"], text=hostile, title="<i>hostile</i>")
    make_coding(
        document,
        study["codes"]["collusion"],
        study["coder"],
        start=2,
        end=10,
        memo='<img src=y onerror="window.pwned=3">',
    )
    url = f"/projects/{study['project'].pk}/documents/{document.pk}/"
    page = open_as(study["viewer"], url)
    assert "<script>window.pwned=1</script>" in page.locator("#ws-text").inner_text()
    assert page.locator("#ws-text img, #ws-text script").count() == 0
    page.locator("mark.hl").click()
    assert 'onerror="window.pwned=3"' in page.locator("#ws-detail").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text() == "<i>hostile</i>"


def test_the_offsets_module_converts_utf16_positions_to_code_points(study, open_as, live_server):
    page = open_as(study["coder"], study["url"])
    result = page.evaluate(
        """async () => {
            const o = await import("/static/js/offsets.js");
            const s = "a𠮷b😀\\nc";  // stored text after \\r\\n became \\n
            return {
                length: o.codePointLength(s),
                after_emoji: o.toCodePoint(s, 6),
                inside_start: o.toCodePoint(s, 2, "start"),
                inside_end: o.toCodePoint(s, 2, "end"),
                to16: o.toUtf16(s, 4),
                many: o.toUtf16Many(s, [0, 1, 2, 3, 4, 6]),
                trimmed: o.trimSpan(Array.from(" \\u3000x𠮷\\n "), 0, 6),
            };
        }"""
    )
    assert result == {
        "length": 6,
        "after_emoji": 4,
        "inside_start": 1,
        "inside_end": 2,
        "to16": 6,
        "many": [0, 1, 3, 4, 6, 8],
        "trimmed": [2, 4],
    }


def test_a_teammates_coding_redraws_only_the_chunk_it_touches(study, open_as):
    paragraphs = [f"答：第{n}段，" + "社区服务项目的评估主要看台账。" * 25 for n in range(40)]
    text = "\n".join(paragraphs)
    document = make_document(study["project"], study["owner"], text=text, title="长访谈")
    page = open_as(study["coder"], f"/projects/{study['project'].pk}/documents/{document.pk}/")
    assert page.evaluate("window.qualcase.chunks.length") > 5
    page.wait_for_function("window.qualcase.chunks[0].drawn")
    draws = page.evaluate("window.qualcase.draws")
    start = text.index("第1段")
    make_coding(document, study["codes"]["collusion"], study["other"], start=start, end=start + 3)
    page.wait_for_selector("mark.hl", timeout=6_000)
    assert page.evaluate("window.qualcase.draws") == draws + 1
    assert page.locator("mark.hl").inner_text() == "第1段"


def test_the_segments_module_cuts_overlaps_flat(study, open_as):
    page = open_as(study["coder"], study["url"])
    pieces = page.evaluate(
        """async () => {
            const s = await import("/static/js/segments.js");
            return s.cutSegments(0, 10, [{id: 1, start: 2, end: 6}, {id: 2, start: 4, end: 12}], [1]);
        }"""
    )
    assert pieces == [
        {"start": 0, "end": 1, "ids": []},
        {"start": 1, "end": 2, "ids": []},
        {"start": 2, "end": 4, "ids": [1]},
        {"start": 4, "end": 6, "ids": [1, 2]},
        {"start": 6, "end": 10, "ids": [2]},
    ]


def test_a_selection_ending_inside_a_surrogate_pair_takes_the_whole_character(study, open_as):
    page = open_as(study["coder"], study["url"])
    line = TEXT.split("\n")[2]  # 答：𠮷祥社工站😀的项目…
    page.evaluate(
        """() => {
            const p = window.qualcase.paragraphs[2].el;
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const nodes = [];
            let node;
            while ((node = walker.nextNode())) nodes.push(node);
            const text = nodes.find((n) => n.data.includes("😀"));
            const emoji = text.data.indexOf("😀");
            const range = document.createRange();
            // From between the halves of 𠮷 to between the halves of 😀.
            range.setStart(text, text.data.indexOf("𠮷") + 1);
            range.setEnd(text, emoji + 1);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    page.locator("#ws-text").dispatch_event("mouseup")
    page.locator(".ws-picker-input").fill("njh")
    page.keyboard.press("Enter")
    wait_for_codings(page, 1)
    coding = Coding.objects.get()
    assert coding.quote == "𠮷祥社工站😀"
    assert coding.start == TEXT.index(line) + line.index("𠮷")


def test_a_coder_reads_but_cannot_change_a_teammates_coding_and_sees_recent_codes(study, open_as):
    document, codes = study["document"], study["codes"]
    a = TEXT.index("内卷化")
    make_coding(document, codes["involution"], study["other"], start=a, end=a + 3)
    page = open_as(study["coder"], study["url"])
    page.locator("mark.hl").click()
    detail = page.locator("#ws-detail")
    assert "chen" in detail.inner_text()
    assert detail.locator("textarea").count() == 0
    # Apply a code once: it heads the picker's recent codes the next time.
    start = TEXT.index("后来呢")
    select_text(page, start, start + 3)
    page.locator(".ws-picker-input").fill("hmh")
    page.keyboard.press("Enter")
    wait_for_codings(page, 2)
    # The team poll can bring the new coding before the POST's answer has updated the recent
    # codes; the status line is written after that bookkeeping.
    page.wait_for_function("() => document.getElementById('ws-status').textContent.startsWith('Applied')")
    page.keyboard.press("Escape")
    page.locator("#ws-picker").wait_for(state="hidden")
    select_text(page, start, start + 2)
    # The picker opens a tick after mouseup; until then the hidden list still shows the old query.
    page.locator("#ws-picker").wait_for(state="visible")
    first = page.locator(".ws-picker-list li").nth(0)
    assert first.inner_text() == "Recent"
    assert page.locator(".ws-picker-list [role=option] .ws-name").first.inner_text() == "合谋化"
