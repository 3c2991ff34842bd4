"""Shared pieces of the coding-workspace browser tests: a small study and signed-in pages."""

from django.conf import settings
from django.test import Client

from coding.models import Role
from coding.projects import services as project_services
from tests.conftest import make_user
from tests.factories import make_code, make_document

# 𠮷 (U+20BB7) and 😀 are one code point each but two UTF-16 units: offsets after them shift.
TEXT = (
    "访谈编号：20160710YJ2\n"
    "问：你们和街道怎么合作？\n"
    "答：𠮷祥社工站😀的项目，主要靠街道的合谋化安排。\n"
    "问：后来呢？\n"
    "答：慢慢出现内卷化，大家都一样了。"
)


def sign_in(browser, live_server, user, locale="en-US"):
    """A page in a fresh context carrying the user's session cookie (no login form round trip)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale=locale)
    context.set_default_timeout(15_000)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    return context, context.new_page()


def make_study(text=TEXT):
    owner = make_user("zhang")
    coder = make_user("li")
    other = make_user("chen")
    viewer = make_user("zhao")
    project = project_services.project_create(name="政社互动", owner=owner)
    project_services.membership_add(project=project, user=coder, role=Role.CODER)
    project_services.membership_add(project=project, user=other, role=Role.CODER)
    project_services.membership_add(project=project, user=viewer, role=Role.VIEWER)
    trap = make_code(project, name="互动陷阱", color="#e15759")
    codes = {
        "trap": trap,
        "collusion": make_code(project, name="合谋化", parent=trap, color="#f28e2b"),
        "involution": make_code(project, name="内卷化", parent=trap, color="#76b7b2"),
        "cooperation": make_code(project, name="Cooperation 合作关系", color="#59a14f"),
    }
    document = make_document(project, owner, text=text, title="访谈一")
    return {
        "owner": owner,
        "coder": coder,
        "other": other,
        "viewer": viewer,
        "project": project,
        "codes": codes,
        "document": document,
        "url": f"/projects/{project.pk}/documents/{document.pk}/",
    }


def open_workspace(page, url):
    page.goto(url)
    page.wait_for_selector("#workspace[data-ready='1']")


def select_text(page, start, end):
    """Select [start, end) code points of the stored text in the page, as a mouse would."""
    page.evaluate(
        """([start, end]) => {
            const ps = window.qualcase.paragraphs;
            const locate = (offset) => {
                const p = ps.find((x) => x.start <= offset && offset <= x.end);
                // Walk the paragraph's text nodes to the UTF-16 position of the code point.
                let units = Array.from(p.text).slice(0, offset - p.start).join("").length;
                const walker = document.createTreeWalker(p.el, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode())) {
                    if (units <= node.length) return [node, units];
                    units -= node.length;
                }
                return [p.el, p.el.childNodes.length];
            };
            const range = document.createRange();
            range.setStart(...locate(start));
            range.setEnd(...locate(end));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [start, end],
    )
    page.locator("#ws-text").dispatch_event("mouseup")


def wait_for_saved_codings(page, count):
    """Wait until the page holds `count` codings the server has stored: a coding is drawn at once
    under a provisional id below zero and takes its real id when the save answers."""
    page.wait_for_function(
        "n => [...window.qualcase.codings.keys()].filter((id) => id > 0).length === n", arg=count
    )
