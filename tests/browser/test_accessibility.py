"""axe-core over the main pages of the loaded demo (issue 19.15): no serious or critical violations.

axe-core is vendored for the tests only (tests/browser/vendor/, MPL-2.0) and injected into each
page; the application never serves it. One test loads the demo once and visits every page, in
English and in a zh-CN browser, and reports all violations together.
"""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from analysis.models import QCAStudy
from coding.models import Code, Coding, Document, Project
from tests.browser.coding_helpers import select_text, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SERIOUS = {"serious", "critical"}

RUN_AXE = """async () => {
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary.slice(0, 160)),
    }));
}"""


STRIPES_UNNAMED = """() => [...document.querySelectorAll('.ws-stripe')].filter(
    (el) => el.getAttribute('role') !== 'img' || !el.getAttribute('aria-label')).length"""


def check(page, label, found):
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in SERIOUS:
            found.append({"page": label, **violation})


def demo_pages():
    project = Project.objects.get(name__contains="购买")
    document = Document.objects.filter(project=project, codings__isnull=False).distinct().first()
    study = QCAStudy.objects.get(project=project)
    run = study.runs.order_by("-id").first()
    code = Code.objects.filter(project=project, codings__isnull=False).first()
    case = document.case
    p = {"project_id": project.pk}
    return {
        "home": reverse("home"),
        "project": reverse("project-home", kwargs=p),
        "documents": reverse("project-documents", kwargs=p),
        "coding page": f"/projects/{project.pk}/documents/{document.pk}/",
        "codebook": reverse("codebook-page", kwargs=p),
        "code": reverse("codebook-code", kwargs={**p, "code_id": code.pk}),
        "cases": reverse("case-grid", kwargs=p),
        "case": reverse("case-detail", kwargs={**p, "case_id": case.pk}),
        "search": reverse("search-page", kwargs=p) + "?q=社区",
        "words": reverse("search-frequencies", kwargs=p),
        "analysis": reverse("analysis-home", kwargs=p),
        "matrix": reverse("matrix-page", kwargs={**p, "name": "case-code-matrix"}),
        "qca study": reverse("qca-study-page", kwargs={**p, "study_id": study.pk}),
        "qca run": reverse("qca-run-page", kwargs={**p, "study_id": study.pk, "run_id": run.pk}),
        "agreement": reverse("agreement-page", kwargs=p),
        "agreement document": reverse("agreement-document", kwargs={**p, "document_id": document.pk}),
        "qca studies": reverse("qca-study-list-page", kwargs=p),
        "passages": reverse("passages-page", kwargs=p),
        "dictionary": reverse("search-dictionary", kwargs=p),
        "codebook history": reverse("codebook-history-page", kwargs=p),
        "document edit": reverse("document-edit", kwargs={**p, "document_id": document.pk}),
        "document import": reverse("document-import-page", kwargs=p),
        "case import": reverse("case-import", kwargs=p),
        "members": reverse("project-members", kwargs=p),
        "settings": reverse("project-settings", kwargs=p),
        "activity": reverse("project-activity", kwargs=p),
    }


def test_the_main_pages_have_no_serious_or_critical_axe_violations(browser, live_server, plain_static_storage):
    call_command("load_demo", stdout=io.StringIO())
    assert Coding.objects.exists()
    owner = get_user_model().objects.get(memberships__role="owner", memberships__project__name__contains="购买")
    found = []
    for locale in ("en-US", "zh-CN"):
        context, page = sign_in(browser, live_server, owner, locale=locale)
        try:
            for name, url in demo_pages().items():
                page.goto(url)
                page.wait_for_load_state("networkidle")  # pages that fetch their data after load
                if name == "coding page":
                    page.wait_for_selector("#workspace[data-ready='1']")
                    # The detail panel, stripes and the picker are part of the page too.
                    page.locator(".ws-stripe").first.click()
                    page.wait_for_selector("#ws-detail:not([hidden])")
                page.add_script_tag(path=str(AXE))
                check(page, f"{name} ({locale})", found)
                if name == "coding page":
                    # Every stripe is named for screen readers, also those too narrow to show it.
                    assert page.evaluate(STRIPES_UNNAMED) == 0
                    # The picker, open under a selected passage.
                    select_text(page, 0, 4)
                    page.wait_for_selector("#ws-picker:not([hidden]) [role=option]")
                    check(page, f"code picker ({locale})", found)
        finally:
            context.close()
    report = "\n".join(
        f"{v['page']}: {v['impact']} {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"]) for v in found
    )
    assert not found, report
