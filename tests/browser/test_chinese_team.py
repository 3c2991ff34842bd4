"""What a Chinese research team meets in a zh-CN browser (issue 19): dates, speakers, buttons."""

import datetime

import pytest

from tests.browser.coding_helpers import make_study, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def study(live_server):
    return make_study()


@pytest.fixture
def open_as(browser, live_server, plain_static_storage):
    contexts = []

    def open_page(user, url, locale="zh-CN"):
        context, page = sign_in(browser, live_server, user, locale=locale)
        contexts.append(context)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_saving_the_edit_page_unchanged_keeps_the_interview_date(study, open_as):
    document = study["document"]
    document.interview_date = datetime.date(2023, 4, 15)
    document.save()
    page = open_as(study["owner"], f"/projects/{study['project'].pk}/documents/{document.pk}/edit/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("input[name=interview_date]").input_value() == "2023-04-15"
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(f"**/projects/{study['project'].pk}/documents/")
    document.refresh_from_db()
    assert document.interview_date == datetime.date(2023, 4, 15)
    assert page.errors == []
