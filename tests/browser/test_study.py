"""The QCA main flow in a browser: conditions from codes, calibrate with a live preview, run, read the
truth table and the minimization, open a cell's passages."""

import re

import pytest

from analysis.models import QCAStudy
from cases import services as case_services
from coding.projects import services as project_services
from tests.browser.coding_helpers import sign_in
from tests.conftest import make_user
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_codes_to_a_solution_and_back_to_the_passages(browser, live_server, plain_static_storage):
    owner = make_user("olivia")
    project = project_services.project_create(name="政社互动研究", owner=owner)
    auto, good = make_code(project, name="社会组织自主性"), make_code(project, name="购买成效")
    size = make_attribute(project, name="size", type="number")
    for index, (name, coded) in enumerate((("c1", True), ("c2", True), ("c3", False), ("c4", False))):
        case = make_case(project, name=name)
        case_services.attribute_value_set(case=case, attribute=size, value=str(10 + 40 * index))
        document = make_document(
            project, owner, title=f"访谈{name}", text="自主决策，项目成效明显。", case=case
        )
        if coded:
            make_coding(document, auto, owner, 0, 4)
            make_coding(document, good, owner, 5, 11)
    context, page = sign_in(browser, live_server, owner)
    try:
        page.goto(f"/projects/{project.pk}/analysis/qca/")
        page.fill("input[name=name]", "购买服务")
        page.get_by_role("button", name="Create a study").click()
        page.wait_for_url(re.compile(r"/qca/\d+/$"))
        study = QCAStudy.objects.get(name="购买服务")
        for label, role, code in (("AUTO", "condition", auto), ("GOOD", "outcome", good)):
            if page.locator("#add-set").get_attribute("open") is None:
                page.locator("#add-set summary").click()
            form = page.locator("#add-set form")
            form.locator("input[name=label]").fill(label)
            form.locator("select[name=role]").select_option(role)
            form.locator("select[name=source]").select_option("code")
            form.locator("select[name=code]").select_option(str(code.pk))
            form.locator("select[name=expectation]").select_option("present")
            form.locator("button[type=submit]").click()
            page.wait_for_load_state()
        assert study.sets.count() == 2
        # A size condition, calibrated with the live preview before saving.
        page.locator("#add-set summary").click()
        form = page.locator("#add-set form")
        form.locator("input[name=label]").fill("SIZE")
        form.locator("select[name=source]").select_option("attribute")
        form.locator("select[name=attribute]").select_option(str(size.pk))
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        row = page.locator("tr.calibrate-row").nth(2)
        row.locator("summary").first.click()
        row.locator("select[name=calibration]").select_option("fuzzy")
        row.locator("input[name=thresholds]").fill("10, 50, 130")
        row.locator(".preview td.half").wait_for()
        assert row.locator(".preview td.half").count() == 1  # c2 (50) sits on the crossover
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        # Run, then read the truth table and the solutions.
        page.get_by_role("button", name="Run the analysis").click()
        # The browser keeps the study page's #fragment across the redirect.
        page.wait_for_url(re.compile(r"/runs/\d+/"))
        assert page.locator("table.truth-table tbody tr").count() >= 2
        assert page.get_by_text("AUTO*SIZE → GOOD").count() + page.get_by_text("AUTO → GOOD").count() >= 1
        assert page.locator("svg.xy-plot").count() == 1
        # Back on the study, a code cell opens its passages.
        page.goto(f"/projects/{project.pk}/analysis/qca/{study.pk}/")
        page.locator("table.qca-matrix a").first.click()
        page.wait_for_url(re.compile(r"/analysis/passages/\?code="))
        assert page.get_by_text("自主决策").count() >= 1
    finally:
        context.close()
