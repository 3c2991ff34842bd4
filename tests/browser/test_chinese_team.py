"""What a Chinese research team meets in a zh-CN browser (issue 19): dates, speakers, buttons."""

import datetime

import pytest

from tests.browser.coding_helpers import make_study
from tests.factories import make_coding, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def study(live_server):
    return make_study()




@pytest.fixture
def open_zh(open_as):
    def open_page(user, url, locale="zh-CN"):
        return open_as(user, url, locale=locale, workspace=False)

    return open_page


def test_saving_the_edit_page_unchanged_keeps_the_interview_date(study, open_zh):
    document = study["document"]
    document.interview_date = datetime.date(2023, 4, 15)
    document.save()
    page = open_zh(study["owner"], f"/projects/{study['project'].pk}/documents/{document.pk}/edit/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("input[name=interview_date]").input_value() == "2023-04-15"
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(f"**/projects/{study['project'].pk}/documents/")
    document.refresh_from_db()
    assert document.interview_date == datetime.date(2023, 4, 15)
    assert page.errors == []


def test_timestamped_lines_draw_the_speaker_in_bold_not_the_timestamp(study, open_zh):
    text = "[00:00:40] 访谈者：项目是哪一年开始的？\n[00:01:02] 刘科长：正式招标是2016年初。\n问：还有呢？"
    document = make_document(study["project"], study["owner"], text=text, title="刘科长访谈")
    page = open_zh(study["coder"], f"/projects/{study['project'].pk}/documents/{document.pk}/")
    page.wait_for_selector("#workspace[data-ready='1']")
    labels = page.locator(".ws-speaker").all_inner_texts()
    assert labels == ["访谈者：", "刘科长：", "问："]
    assert page.locator("p[data-p='1']").inner_text() == "[00:01:02] 刘科长：正式招标是2016年初。"
    assert page.errors == []


CONTRAST = """(element) => {
    const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = (value) => {
        const [r, g, b] = rgb(value).map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(element);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def test_the_delete_coding_button_text_is_readable_on_its_background(study, open_zh):
    make_coding(study["document"], study["codes"]["collusion"], study["coder"], start=20, end=23)
    page = open_zh(study["coder"], study["url"])
    page.wait_for_selector("#workspace[data-ready='1']")
    page.locator("mark.hl").first.click()
    button = page.locator("#ws-detail button.danger")
    assert button.inner_text() == "删除编码记录"
    assert button.evaluate(CONTRAST) >= 4.5  # WCAG AA for normal text


def test_a_zh_cn_browser_reads_the_refusal_page_and_a_case_page_in_chinese(study, open_zh):
    import re

    from cases.services import attribute_value_set
    from tests.factories import make_attribute, make_case

    project = study["project"]
    case = make_case(project, name="W区居家养老")
    attribute_value_set(case=case, attribute=make_attribute(project, name="公开招标", type="boolean"), value=True)
    page = open_zh(study["viewer"], f"/projects/{project.pk}/documents/{study['document'].pk}/edit/")
    main = page.locator("main").inner_text()
    assert "不允许" in main and re.search(r"[A-Za-z]{3,}", main) is None
    page.goto(f"/projects/{project.pk}/cases/{case.pk}/")
    assert page.get_by_role("row", name="公开招标").inner_text().split() == ["公开招标", "是"]


def test_case_names_stay_on_one_line_in_a_wide_case_grid_on_a_1366_screen(study, open_zh):
    from tests.factories import make_attribute, make_case

    project = study["project"]
    names = ["G区社区发展协调项目", "R区家庭综合服务中心", "W区居家养老服务中心"]
    for name in names:
        make_case(project, name=name)
    for index in range(8):
        make_attribute(project, name=f"属性{index} Attribute {index}")
    page = open_zh(study["owner"], f"/projects/{project.pk}/cases/")
    page.set_viewport_size({"width": 1366, "height": 768})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for name in names:
        link = page.locator("#case-grid tbody th a", has_text=name)
        assert link.evaluate("a => a.getClientRects().length") == 1, name
