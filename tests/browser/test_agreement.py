"""Intercoder agreement in a browser: pick two coders, read the table, open a disagreement, resolve
it into the consensus coder, and watch α against the consensus change.

The transcript arrived with \\r\\n line ends and holds 𠮷 and 😀 (one code point, two UTF-16 units
each): the passages the page highlights and the agreed span it sends must be the code points
Python sees."""

import re

import pytest
from django.contrib.auth import get_user_model

from analysis.agreement.selectors import consensus_username
from coding.models import Coding, Role
from coding.offsets import normalize_text
from coding.projects import services as project_services
from tests.browser.coding_helpers import sign_in
from tests.conftest import make_user
from tests.factories import make_code, make_coding, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAW = "问：你们怎么合作？\r\n答：𠮷祥社工站😀的项目，主要靠街道的合谋化安排。\r\n问：后来呢？\r\n答：慢慢出现内卷化，大家都一样了。"


def span(text, quote):
    start = text.index(quote)
    return start, start + len(quote)


def overall_u_alpha(page):
    return page.locator("tr.overall td").nth(4).locator(".value").inner_text()


def test_from_the_table_to_a_resolved_disagreement_and_a_changed_alpha(browser, live_server, plain_static_storage):
    owner, a, b = make_user("olga"), make_user("anna"), make_user("bert")
    project = project_services.project_create(name="一致性", owner=owner)
    for user in (a, b):
        project_services.membership_add(project=project, user=user, role=Role.CODER)
    text = normalize_text(RAW)
    assert "\r" not in text
    doc = make_document(project, owner, title="访谈一", text=text)
    collusion, involution = make_code(project, name="合谋化"), make_code(project, name="内卷化", order=1)
    a_x = span(text, "𠮷祥社工站😀的项目")
    b_x = span(text, "社工站😀的项目，主要")
    make_coding(doc, collusion, a, *a_x)
    make_coding(doc, involution, a, *span(text, "慢慢出现内卷化"))
    make_coding(doc, collusion, b, *b_x)
    context, page = sign_in(browser, live_server, owner)
    try:
        page.goto(f"/projects/{project.pk}/analysis/agreement/")
        page.check(f"input[name=coder][value='{a.pk}']")
        page.check(f"input[name=coder][value='{b.pk}']")
        page.get_by_role("button", name="Compute").click()
        page.wait_for_selector("#agreement-table")
        assert page.locator(f"tr[data-code='{collusion.pk}']").count() == 1
        page.get_by_role("link", name="访谈一").click()
        page.wait_for_url(re.compile(r"/agreement/documents/\d+/"))

        # The missing coding: B never coded 内卷化. Its highlight is exactly A's passage.
        page.locator("button.disagreement.kind-missing").click()
        assert "".join(page.locator("#agreement-text .focus").all_inner_texts()) == "慢慢出现内卷化"
        page.get_by_role("button", name="Keep A").click()
        page.wait_for_selector("button.disagreement.kind-missing.resolved")
        consensus = get_user_model().objects.get(username=consensus_username(project.pk))

        page.goto(f"/projects/{project.pk}/analysis/agreement/?coder={a.pk}&coder={consensus.pk}")
        before = overall_u_alpha(page)

        # The boundary disagreement spans both passages, astral characters included.
        page.goto(f"/projects/{project.pk}/analysis/agreement/documents/{doc.pk}/?coder_a={a.pk}&coder_b={b.pk}")
        page.locator("button.disagreement.kind-boundary").click()
        low, high = min(a_x[0], b_x[0]), max(a_x[1], b_x[1])
        assert "".join(page.locator("#agreement-text .focus").all_inner_texts()) == text[low:high]
        # Select from just after 𠮷 (two UTF-16 units into A's first segment) to the end of the
        # segment both coders share: the page must send code points.
        page.evaluate(
            """([first, second]) => {
                const from = document.querySelector(`#agreement-text span[data-start="${first}"]`).firstChild;
                const to = document.querySelector(`#agreement-text span[data-start="${second}"]`).firstChild;
                const range = document.createRange();
                range.setStart(from, 2);
                range.setEnd(to, to.textContent.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                document.getElementById("agreement-text").dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
            }""",
            [a_x[0], b_x[0]],
        )
        agreed = (a_x[0] + 1, a_x[1])
        assert page.locator("#agreed-span").inner_text().startswith(f"[{agreed[0]}, {agreed[1]})")
        page.select_option("#agreed-code", str(collusion.pk))
        page.get_by_role("button", name="Save agreed coding").click()
        page.wait_for_selector("button.disagreement.kind-boundary.resolved")
        made = Coding.objects.get(coder=consensus, code=collusion)
        assert (made.start, made.end, made.quote) == (*agreed, "祥社工站😀的项目")

        page.goto(f"/projects/{project.pk}/analysis/agreement/?coder={a.pk}&coder={consensus.pk}")
        after = overall_u_alpha(page)
        assert before != "–" and float(after) > float(before)  # nearer to A: α rises
    finally:
        context.close()
