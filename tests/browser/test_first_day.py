"""A research team's first day, in a real browser, on a fresh database (issue 15):
setup link → administrator → project → invitation link for a coder → a new user accepts it,
codes a passage, and sees it in the project."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from coding.models import Coding, Membership
from tests.browser.coding_helpers import wait_for_saved_codings
from tests.coding.import_files import TRANSCRIPT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT_MS = 15_000


def test_first_day_from_the_setup_link_to_a_coded_passage(page, browser, live_server):
    assert not get_user_model().objects.exists()
    out = StringIO()
    call_command("setup_link", "--base-url", live_server.url, stdout=out)
    setup_url = re.search(r"http://\S+/setup/\S+/", out.getvalue()).group(0)

    # 1-2. The link makes the administrator, who lands on the home page.
    page.goto(setup_url)
    page.fill("#setup-form input[name=username]", "ada")
    page.fill("#setup-form input[name=email]", "ada@uni.edu.cn")
    page.fill("#setup-form input[name=password]", "a-long-admin-password-1")
    page.click("#setup-form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    assert get_user_model().objects.get(username="ada").is_superuser
    assert page.goto(setup_url).status == 404

    # 3. A project from the home page, a transcript and a code.
    page.goto("/")
    page.fill("#new-project-form input[name=name]", "城中村研究")
    page.click("#new-project-form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    project_url = page.url
    page.click("text=Import documents")
    page.set_input_files(
        "input[type=file]",
        [{"name": "20160710YJ2.txt", "mimeType": "text/plain", "buffer": TRANSCRIPT.encode("gb18030")}],
    )
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-results tbody tr")
    page.goto(project_url + "codebook/")
    page.fill("#code-create input[name=name]", "合谋化")
    page.click("#code-create button[type=submit]")
    page.wait_for_selector("text=合谋化")

    # 4. An invitation link for a coder.
    page.goto(project_url)
    page.click("text=Invitations")
    page.select_option("#invite-form select[name=role]", "coder")
    page.click("#invite-form button[type=submit]")
    link = page.input_value("#invitation-link")
    assert "/invitations/" in link

    # 5. A newcomer (another browser, no account; sign-up is invitation only) accepts it...
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    newcomer = context.new_page()
    try:
        newcomer.goto(link)
        newcomer.fill("#invitation-signup input[name=username]", "lan")
        newcomer.fill("#invitation-signup input[name=password]", "a-long-coder-password-2")
        newcomer.click("#invitation-signup button[type=submit]")
        newcomer.wait_for_url(re.compile(r"/projects/\d+/$"))
        assert Membership.objects.get(user__username="lan").role == "coder"

        # ...codes a passage on the coding page...
        newcomer.click("table.documents a")
        newcomer.wait_for_selector("#workspace[data-ready='1']")
        newcomer.evaluate(
            """() => {
                const p = window.qualcase.paragraphs.find((x) => x.text.length > 4);
                const node = document.createTreeWalker(p.el, NodeFilter.SHOW_TEXT).nextNode();
                const range = document.createRange();
                range.setStart(node, 0);
                range.setEnd(node, 4);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
            }"""
        )
        newcomer.locator("#ws-text").dispatch_event("mouseup")
        newcomer.locator(".ws-picker-input").fill("hmh")
        newcomer.keyboard.press("Enter")
        wait_for_saved_codings(newcomer, 1)
        coding = Coding.objects.get()
        assert coding.coder.username == "lan" and coding.code.name == "合谋化"

        # ...and sees it in the project.
        newcomer.goto(project_url)
        assert "lan 1" in newcomer.locator("table.documents").inner_text()
    finally:
        context.close()

    # The owner sees who joined, through which invitation, in the activity list.
    page.goto(project_url + "activity/")
    activity = page.locator("#activity").inner_text()
    assert "joined" in activity and "lan" in activity and "invited" in activity
