"""QCA study pages: build a study from a code in the browser's forms, run it, read the run."""

import pytest
from django.utils.html import escape

from analysis.models import QCAStudy
from analysis.studies import errors, services
from analysis.studies import runs as qca_runs
from tests.factories import make_case, make_code, make_coding, make_document


@pytest.fixture
def coded(project, owner, coder):
    """Two codes over four cases: AUTO is coded in c1 and c2, GOOD (the outcome) in c1 and c2."""
    auto, good = make_code(project, name="社会组织自主性"), make_code(project, name="购买成效")
    for name, coded_in in (("c1", True), ("c2", True), ("c3", False), ("c4", False)):
        document = make_document(project, owner, title=name, case=make_case(project, name=name))
        if coded_in:
            make_coding(document, auto, coder, 0, 2)
            make_coding(document, good, coder, 2, 4)
    return auto, good


def test_an_editor_builds_and_runs_a_study_from_codes(client, project, owner, coded):
    auto, good = coded
    client.force_login(owner)
    base = f"/projects/{project.pk}/analysis/qca/"
    response = client.post(base, {"name": "购买服务"})
    study = QCAStudy.objects.get(project=project, name="购买服务")
    assert response.status_code == 302
    page = f"{base}{study.pk}/"
    for label, role, code in (("AUTO", "condition", auto), ("GOOD", "outcome", good)):
        response = client.post(
            page,
            {
                "action": "add-set",
                "label": label,
                "role": role,
                "source": "code",
                "code": code.pk,
                "measure": "presence",
                "calibration": "none",
                "expectation": "present",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
    html = client.get(page).content.decode()
    assert f"/projects/{project.pk}/analysis/passages/?code={auto.pk}&amp;case=" in html
    response = client.post(page, {"action": "run"})
    run = study.runs.get()
    assert response.url == f"{page}runs/{run.pk}/"
    assert run.results["minimizations"]["conservative"]["models"][0]["expression"] == "AUTO"
    html = client.get(response.url).content.decode()
    assert "AUTO → GOOD" in html
    assert "<svg" in html and "c1" in html


def test_an_override_without_a_reason_is_refused_and_shown(client, project, owner, coded):
    auto, _good = coded
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="AUTO", source="code", code=auto)
    client.force_login(owner)
    case = project.cases.get(name="c3")
    response = client.post(
        f"/projects/{project.pk}/analysis/qca/{study.pk}/",
        {"action": "override", "set": item.pk, "case": case.pk, "value": "1", "note": ""},
    )
    assert response.status_code == 200
    assert str(errors.REASON_REQUIRED) in response.content.decode()
    assert not item.overrides.exists()


def test_a_stale_run_says_so(client, project, owner, coder, coded):
    auto, good = coded
    study = services.study_create(project=project, name="S", created_by=owner, incl_cut=1)
    services.set_create(study=study, label="AUTO", source="code", code=auto)
    services.set_create(study=study, label="GOOD", source="code", code=good, role="outcome")
    run = qca_runs.run_create(study=study, user=owner)
    make_coding(project.documents.get(title="c3"), good, coder, 0, 2)
    client.force_login(owner)
    html = client.get(f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{run.pk}/").content.decode()
    assert "This run is stale" in html


def test_viewers_see_but_cannot_change_and_outsiders_get_404(client, project, owner, viewer, outsider):
    study = services.study_create(project=project, name="S", created_by=owner)
    page = f"/projects/{project.pk}/analysis/qca/{study.pk}/"
    client.force_login(viewer)
    assert client.get(page).status_code == 200
    assert client.post(page, {"action": "add-set", "label": "X", "source": "scores"}).status_code == 403
    client.force_login(outsider)
    assert client.get(page).status_code == 404


def test_the_calibrate_form_saves_the_calibration_and_expectation(client, project, owner, coded):
    auto, _good = coded
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="AUTO", source="code", code=auto, measure="count")
    client.force_login(owner)
    page = f"/projects/{project.pk}/analysis/qca/{study.pk}/"
    assert 'data-preview="/api/projects/' in client.get(page).content.decode()
    response = client.post(
        page,
        {
            "action": "calibrate",
            "set": item.pk,
            "calibration": "crisp",
            "thresholds": "1",
            "expectation": "absent",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.calibration, item.thresholds, item.expectation) == ("crisp", [1.0], "absent")


def test_a_truth_table_row_set_by_hand_needs_a_reason_and_shows_on_the_next_run(
    client, project, owner, coded
):
    auto, good = coded
    study = services.study_create(project=project, name="S", created_by=owner, incl_cut=1)
    services.set_create(study=study, label="AUTO", source="code", code=auto)
    services.set_create(study=study, label="GOOD", source="code", code=good, role="outcome")
    client.force_login(owner)
    page = f"/projects/{project.pk}/analysis/qca/{study.pk}/"
    refused = client.post(page, {"action": "row-output", "row": "1", "out": "1", "note": ""})
    assert escape(str(errors.ROW_OUTPUT)) in refused.content.decode()
    client.post(page, {"action": "row-output", "row": "1", "out": "1", "note": "两个案例事后被证实有效"})
    study.refresh_from_db()
    run = qca_runs.run_create(study=study, user=owner)
    assert run.results["truth_table"]["manual"] == {
        "1": {"computed": "0", "out": "1", "reason": "两个案例事后被证实有效"}
    }
    html = client.get(f"{page}runs/{run.pk}/").content.decode()
    assert "✎ 两个案例事后被证实有效" in html


def test_the_set_form_changes_the_source_too(client, project, owner, coded):
    auto, good = coded
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="AUTO", source="code", code=auto)
    client.force_login(owner)
    response = client.post(
        f"/projects/{project.pk}/analysis/qca/{study.pk}/",
        {
            "action": "calibrate",
            "set": item.pk,
            "label": "GOOD",
            "role": "condition",
            "source": "code",
            "code": good.pk,
            "measure": "count",
            "coder_scope": "any",
            "calibration": "crisp",
            "thresholds": "1",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.label, item.code_id, item.measure, item.calibration) == ("GOOD", good.pk, "count", "crisp")


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"n_cut": "两"}, errors.N_CUT), ({"incl_cut": "1.5"}, errors.CUT_RANGE)],
)
def test_bad_cut_offs_are_refused_and_nothing_changes(client, project, owner, fields, message):
    study = services.study_create(project=project, name="S", created_by=owner)
    client.force_login(owner)
    response = client.post(
        f"/projects/{project.pk}/analysis/qca/{study.pk}/",
        {"action": "options", "incl_cut": "0.8", "n_cut": "1", "pri_cut": "0", **fields},
    )
    assert escape(str(message)) in response.content.decode()
    study.refresh_from_db()
    assert (study.incl_cut, study.n_cut) == (0.8, 1)


def test_the_change_list_names_solutions_in_the_interface_language(client, project, owner, coder, coded):
    from django.utils import translation

    auto, good = coded
    study = services.study_create(project=project, name="S", created_by=owner, incl_cut=1)
    services.set_create(study=study, label="AUTO", source="code", code=auto)
    services.set_create(study=study, label="GOOD", source="code", code=good, role="outcome")
    first = qca_runs.run_create(study=study, user=owner)
    make_coding(project.documents.get(title="c3"), auto, coder, 0, 2)  # AUTO is no longer sufficient
    run = qca_runs.run_create(study=study, user=owner)
    client.force_login(owner)
    with translation.override("en"):  # the middleware leaves zh-Hans active in this thread otherwise
        html = client.get(
            f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).content.decode()
    changes = html[html.index("<h2>与上次运行相比的变化</h2>") :].split("</ul>")[0]
    assert "<li>复杂解: AUTO → —</li>" in changes
    assert "conservative" not in changes and "parsimonious" not in changes
    with translation.override("en"):
        html = client.get(
            f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{first.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).content.decode()
    # “Term” of a solution is not the dictionary's 词条; the necessity union row is named in Chinese.
    assert "<th>项</th>" in html and "<th>词条</th>" not in html
    assert "<th>并集（上面各项之并，R 输出中名为 expression）</th>" in html
