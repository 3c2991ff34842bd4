"""R's other options in studies (exclude, inf.test, pi.cons, sol.cons, dir.exp on conjunctions,
negated outcome) through the API and the page; the run page's truth table with ? rows, the
necessity table's explained "expression" row, the XY plot and the robustness grid."""

import pytest
from django.utils.html import escape

from analysis.studies import errors, robustness, run_files, xyplot
from analysis.studies import runs as qca_runs
from tests.analysis.studies.test_study_r_script import LR_CALIBRATION, make_study

BASE = "/api/projects/{}/qca-studies/"
OPTIONS = {
    "neg_out": True,
    "exclude": "~DEV*URB",
    "inf_test": 0.05,
    "pi_cons": 0.8,
    "sol_cons": 0.85,
    "dir_exp_conjunctions": "DEV*STB",
}


@pytest.fixture
def lc(project, owner):
    return make_study(project, owner, "LC", incl_cut=0.8, n_cut=2)


@pytest.mark.parametrize(
    ("who", "expected"), [("outsider", 404), ("viewer", 403), ("coder", 403), ("editor", 200)]
)
def test_only_editors_change_the_options(who, expected, lc, api, request, project):
    response = api(request.getfixturevalue(who)).patch(
        f"{BASE.format(project.pk)}{lc.pk}/", {"exclude": "4"}, format="json"
    )
    assert response.status_code == expected
    lc.refresh_from_db()
    assert lc.exclude == ("4" if expected == 200 else "")


def test_the_api_sets_and_shows_every_option(lc, api, owner, project):
    response = api(owner).patch(f"{BASE.format(project.pk)}{lc.pk}/", OPTIONS, format="json")
    assert response.status_code == 200, response.json()
    assert {name: response.json()[name] for name in OPTIONS} == OPTIONS
    detail = api(owner).get(f"{BASE.format(project.pk)}{lc.pk}/").json()
    assert detail["dir_exp_conjunctions"] == "DEV*STB"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"exclude": "~NOPE*URB"}, "exclude", errors.BAD_EXCLUDE.format(error=errors.UNKNOWN_LABEL.format(label="NOPE"))),
        ({"exclude": "DEV*("}, "exclude", None),
        ({"inf_test": 1.5}, "inf_test", errors.INF_TEST_RANGE),
        ({"pi_cons": 2}, "pi_cons", errors.CONS_RANGE),
        ({"sol_cons": -1}, "sol_cons", errors.CONS_RANGE),
    ],
)
def test_bad_options_are_refused_naming_the_field_and_nothing_changes(lc, api, owner, project, fields, field, message):
    response = api(owner).patch(f"{BASE.format(project.pk)}{lc.pk}/", {**fields, "n_cut": 3}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body
    if message is not None:
        assert body[field] == [str(message)]
    lc.refresh_from_db()
    assert (lc.n_cut, lc.exclude, lc.inf_test, lc.pi_cons, lc.sol_cons) == (2, "", None, 0, 0)


def test_the_options_form_saves_every_option_and_viewers_get_403(client, lc, project, owner, viewer):
    page = f"/projects/{project.pk}/analysis/qca/{lc.pk}/"
    form = {"action": "options", "incl_cut": "0.8", "n_cut": "2", "pri_cut": "0", "neg_out": "1"}
    form.update({"exclude": "4, 8", "inf_test": "0.05", "pi_cons": "0.8", "sol_cons": "0.9"})
    form["dir_exp_conjunctions"] = "dev*STB"  # lower case: R's negation, ~DEV*STB
    client.force_login(viewer)
    assert client.post(page, form).status_code == 403
    client.force_login(owner)
    assert client.post(page, form).status_code == 302
    lc.refresh_from_db()
    assert (lc.neg_out, lc.exclude, lc.inf_test, lc.pi_cons, lc.sol_cons) == (True, "4, 8", 0.05, 0.8, 0.9)
    assert lc.dir_exp_conjunctions == "dev*STB"
    html = client.get(page).content.decode()
    assert 'name="exclude" value="4, 8"' in html


def test_the_binomial_test_on_fuzzy_data_is_refused_with_a_clear_message(project, owner):
    study = make_study(project, owner, "LF", incl_cut=0.8, inf_test=0.05)
    with pytest.raises(Exception) as caught:
        qca_runs.run_create(study=study, user=owner)
    assert str(errors.INF_TEST_CRISP) in str(caught.value)
    assert not study.runs.exists()


def test_the_run_page_lists_rows_below_n_cut_and_explains_the_expression_row(client, lc, project, owner):
    run = qca_runs.run_create(study=lc, user=owner)
    below = [row for row in run.results["truth_table"]["rows"] if row["OUT"] == "?"]
    assert below and all(row["cases"] and row["n"] == 1 for row in below)
    client.force_login(owner)
    html = client.get(
        f"/projects/{project.pk}/analysis/qca/{lc.pk}/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert 'class="below-ncut"' in html
    assert escape(", ".join(below[0]["cases"])) in html
    assert "并集（上面各项之并，R 输出中名为 expression）" in html and "逻辑或" in html
    assert "低于频数阈值" in html
    csv_lines = list(run_files.truth_table_rows(run))
    assert csv_lines[0][:2] == ["row", "DEV"]
    assert any(line[6] == "?" and line[-3] for line in csv_lines[1:])  # OUT ?, with its cases
    api_file = client.get(f"/api/projects/{project.pk}/qca-studies/{lc.pk}/runs/{run.pk}/files/truth-table.csv")
    assert api_file.status_code == 200 and "?" in api_file.content.decode("utf-8-sig")


def test_the_crisp_xy_plot_stacks_cases_with_counts_hover_and_quadrants(lc, owner):
    run = qca_runs.run_create(study=lc, user=owner)
    points = xyplot.xy_points(run, condition="DEV")
    svg = xyplot.xy_svg(points, x_label="DEV", y_label="SURV")
    corners = {}
    for _case, x, y in points:
        corners[(x, y)] = corners.get((x, y), 0) + 1
    # One dot per case, no two at the same place; each corner labelled with its number of cases.
    assert svg.count("<circle") == len(points) == 18
    spots = [part.split('"')[0:4:2] for part in svg.split('<circle cx="')[1:]]
    assert len({tuple(spot) for spot in spots}) == 18
    for count in corners.values():
        if count > 1:
            assert f">{count} cases<" in svg
    assert "<title>FI: X = 1, Y = 1</title>" in svg
    assert "Noto Sans CJK SC" in svg
    quadrants = xyplot.xy_quadrants(points)
    assert sum(len(cases) for cases in quadrants.values()) == 18
    assert {item["case"] for item in quadrants["deviant_consistency"]} == {
        case for case, x, y in points if x == 1 and y == 0
    }


def test_chinese_case_names_are_escaped_and_stacked(lc, owner):
    points = [("社会组织<甲>", 1.0, 1.0), ("乙", 1.0, 1.0), ("丙", 0.2, 0.7)]
    svg = xyplot.xy_svg(points, x_label="政府支持", y_label="成效")
    assert "社会组织&lt;甲&gt;" in svg and "<甲>" not in svg
    assert ">2 cases<" in svg and ">丙<" in svg


def test_robustness_is_stored_in_the_run_and_shown(client, project, owner, django_capture_on_commit_callbacks):
    study = make_study(project, owner, "LR", calibration=LR_CALIBRATION, incl_cut=0.8)
    # The grid is a background job: it runs (in-process in tests) once the run is committed.
    with django_capture_on_commit_callbacks(execute=True):
        run = qca_runs.run_create(study=study, user=owner)
    run.refresh_from_db()
    found = run.snapshot["robustness"]
    kinds = [variant["kind"] for variant in found["variants"]]
    assert kinds.count("incl_cut") == 4 and kinds.count("n_cut") == 1
    # Three anchors of five fuzzy sets, and SURV's one cut point, each moved both ways.
    assert kinds.count("anchor") == 2 * (3 * 5 + 1)
    parsimonious = found["terms"]["parsimonious"]
    assert parsimonious and all(0 <= term["survived"] <= term["of"] == found["total"] for term in parsimonious)
    # A variant moved by hand gives the same solutions as the grid stored.
    variant = next(v for v in found["variants"] if v["kind"] == "incl_cut" and v["to"] == 0.9)
    again = qca_runs.analyse_data(
        run_files.run_data(run),
        outcome="SURV",
        conditions=run.snapshot["conditions"],
        options={**run.snapshot["options"], "incl_cut": 0.9},
        with_necessity=False,
    )
    assert variant["solutions"] == robustness._solutions(again)
    client.force_login(owner)
    html = client.get(
        f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "稳健性" in html and "<meter" in html
    detail = client.get(f"/api/projects/{project.pk}/qca-studies/{study.pk}/runs/{run.pk}/").json()
    assert detail["snapshot"]["robustness"]["total"] == found["total"]


def test_the_robustness_grid_is_left_to_the_worker_and_the_page_says_so(
    client, project, owner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    study = make_study(project, owner, "LR", calibration=LR_CALIBRATION, incl_cut=0.8)
    with django_capture_on_commit_callbacks(execute=True):
        run = qca_runs.run_create(study=study, user=owner)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().task_path == "analysis.studies.tasks.robustness_task"
    assert run.snapshot["robustness"]["status"] == qca_runs.ROBUSTNESS_PENDING
    client.force_login(owner)
    page = client.get(f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{run.pk}/").content.decode()
    assert "data-reload-while-pending" in page

    # The worker runs it (here by hand); a second run of the same task changes nothing.
    qca_runs.run_robustness(run_id=run.pk)
    run.refresh_from_db()
    grid = run.snapshot["robustness"]
    assert grid["total"] > 0
    qca_runs.run_robustness(run_id=run.pk)
    run.refresh_from_db()
    assert run.snapshot["robustness"] == grid
    assert "data-reload-while-pending" not in client.get(
        f"/projects/{project.pk}/analysis/qca/{study.pk}/runs/{run.pk}/"
    ).content.decode()


def test_a_grid_whose_task_was_lost_is_queued_again(project, owner, settings, django_capture_on_commit_callbacks):
    from jobs import recovery

    study = make_study(project, owner, "LR", calibration=LR_CALIBRATION, incl_cut=0.8)
    with django_capture_on_commit_callbacks(execute=False):  # the task never reaches the queue
        run = qca_runs.run_create(study=study, user=owner)
    assert recovery.recover_all() == 0  # just queued: not lost yet
    settings.QUALCASE_JOB_STALLED_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover_all() == 1
    run.refresh_from_db()
    assert run.snapshot["robustness"]["total"] > 0


def test_the_worker_finds_waiting_grids_by_an_indexed_flag_not_by_reading_every_run(
    project, owner, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    study = make_study(project, owner, "LR", calibration=LR_CALIBRATION, incl_cut=0.8)
    with django_capture_on_commit_callbacks(execute=False):
        run = qca_runs.run_create(study=study, user=owner)
    assert run.robustness_pending
    qca_runs.run_robustness(run_id=run.pk)
    run.refresh_from_db()
    assert not run.robustness_pending and run.snapshot["robustness"]["total"] > 0
    settings.QUALCASE_JOB_STALLED_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert qca_runs.robustness_recover() == 0
    [lookup] = queries.captured_queries
    where = lookup["sql"].split("WHERE", 1)[1]
    assert "robustness_pending" in where and "snapshot" not in where
