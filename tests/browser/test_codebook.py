"""The codebook in a real browser: two editors save the same code; the page filters as one types."""

import pytest

from coding.models import Code, Role
from coding.projects import services as project_services
from tests.browser.coding_helpers import sign_in
from tests.conftest import make_user
from tests.factories import make_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    owner, editor = make_user("olivia"), make_user("edward")
    project = project_services.project_create(name="政社互动研究", owner=owner)
    project_services.membership_add(project=project, user=editor, role=Role.EDITOR)
    top = make_code(project, name="互动陷阱")
    code = make_code(project, name="合谋化", parent=top, definition="利益媾通")
    make_code(project, name="资源依赖")
    return project, owner, editor, code


def test_the_second_of_two_editors_sees_the_first_ones_change(
    browser, live_server, plain_static_storage, team
):
    project, owner, editor, code = team
    url = f"/projects/{project.pk}/codebook/{code.pk}/"
    first_context, first = sign_in(browser, live_server, owner)
    second_context, second = sign_in(browser, live_server, editor)
    try:
        first.goto(url)
        second.goto(url)
        first.fill("#code-edit textarea[name=definition]", "甲：政府与社会组织的利益交换")
        first.click("#code-edit button[type=submit]")
        first.wait_for_selector(".messages li")
        second.fill("#code-edit textarea[name=definition]", "乙：我的定义")
        second.click("#code-edit button[type=submit]")
        conflict = second.wait_for_selector("#their-change")
        assert "甲：政府与社会组织的利益交换" in conflict.text_content()
        # What the second editor typed is kept, ready to save on top of the first one's change.
        assert second.input_value("#code-edit textarea[name=definition]") == "乙：我的定义"
        second.click("#code-edit button[type=submit]")
        second.wait_for_selector(".messages li:not(.error)")
    finally:
        first_context.close()
        second_context.close()
    code.refresh_from_db()
    assert code.definition == "乙：我的定义" and code.version == 3


def test_the_codebook_filters_as_one_types_and_creates_a_code(
    browser, live_server, plain_static_storage, team
):
    project, owner, _editor, _code = team
    context, page = sign_in(browser, live_server, owner)
    try:
        page.goto(f"/projects/{project.pk}/codebook/")
        page.fill("#codebook-search", "媾通")
        assert page.locator("#codebook tr[data-name='资源依赖']").is_hidden()
        assert page.locator("#codebook tr[data-name='互动陷阱']").is_visible()
        page.fill("#code-create input[name=name]", "内卷化")
        page.select_option("#code-create select[name=parent]", label="互动陷阱")
        page.click("#code-create button[type=submit]")
        page.wait_for_selector("#codebook tr[data-name='内卷化']")
    finally:
        context.close()
    assert Code.objects.get(name="内卷化").parent.name == "互动陷阱"


def test_dragging_a_code_onto_another_moves_it_under_it(browser, live_server, plain_static_storage, team):
    project, owner, _editor, _code = team
    context, page = sign_in(browser, live_server, owner)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(f"/projects/{project.pk}/codebook/")
        page.drag_and_drop("#codebook tr[data-name='资源依赖']", "#codebook tr[data-name='合谋化']")
        page.wait_for_selector(".messages li")
    finally:
        context.close()
    assert Code.objects.get(name="资源依赖").parent.name == "合谋化"
