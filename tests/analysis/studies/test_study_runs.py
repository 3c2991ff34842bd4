"""Studies and runs against R: a study whose matrix is the Lipset crisp data (LC) gives R's models."""

import csv
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from analysis.models import Calibration, CodeMeasure, CoderScope, SetRole, SetSource
from analysis.studies import errors, run_files, selectors, services, xyplot
from analysis.studies import runs as qca_runs
from cases import services as case_services
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

REFERENCE = Path("/work/shared/qca/reference")
LC_FIXTURE = REFERENCE / "cases" / "LC_SURV_default.json"

pytestmark = pytest.mark.skipif(not LC_FIXTURE.exists(), reason="shared R fixtures not available")


@pytest.fixture
def lc_study(project, owner):
    """Each LC column is a number attribute; the study takes them as they are (already crisp)."""
    with open(REFERENCE / "data" / "LC.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = ["DEV", "URB", "LIT", "IND", "STB", "SURV"]
    attributes = {label: make_attribute(project, name=label, type="number") for label in labels}
    for row in rows:
        case = make_case(project, name=row["case"])
        for label in labels:
            case_services.attribute_value_set(case=case, attribute=attributes[label], value=row[label])
    study = services.study_create(project=project, name="Lipset", created_by=owner, incl_cut=1)
    for label in labels:
        services.set_create(
            study=study,
            label=label,
            role=SetRole.OUTCOME if label == "SURV" else SetRole.CONDITION,
            source=SetSource.ATTRIBUTE,
            attribute=attributes[label],
            expectation="present",
        )
    return study


def test_a_run_of_the_lipset_study_gives_rs_truth_table_and_models(lc_study, owner):
    expected = json.loads(LC_FIXTURE.read_text(encoding="utf-8"))
    run = qca_runs.run_create(study=lc_study, user=owner)
    table = run.results["truth_table"]
    # The app orders cases by name, R by the CSV's rows: compare each row's cases as a set.
    assert [(row["id"], row["OUT"], row["n"], sorted(row["cases"])) for row in table["rows"]] == [
        (row["id"], row["OUT"], row["n"], sorted(row["cases"])) for row in expected["truth_table"]["rows"]
    ]
    for minimization in expected["minimizations"]:
        ours = run.results["minimizations"][minimization["label"]]
        assert [m["expression"] for m in ours["models"]] == [m["expression"] for m in minimization["models"]]
        assert [m["fit"] for m in ours["models"]] == [m["fit"] for m in minimization["models"]]
        assert ours["models"][0]["terms_fit"] == minimization["models"][0]["terms_fit"]
    assert run.results["minimizations"]["conservative"]["models"][0]["expression"] == (
        "DEV*~URB*LIT*STB + DEV*LIT*IND*STB"
    )
    assert run.engine_version == qca_runs.ENGINE_VERSION
    assert run.snapshot["matrix"]["SURV"][:3] == [0.0, 1.0, 1.0]


def test_a_run_turns_stale_when_an_attribute_changes_and_the_rerun_shows_what_moved(lc_study, owner, project):
    first = qca_runs.run_create(study=lc_study, user=owner)
    assert not qca_runs.run_is_stale(
        run=first, current_hash=selectors.study_matrix(study=lc_study).input_hash(lc_study)
    )
    # Austria survives: row 23 (DEV*~URB*LIT*IND*~STB) now explains the outcome.
    surv = project.attributes.get(name="SURV")
    case_services.attribute_value_set(case=project.cases.get(name="AU"), attribute=surv, value="1")
    assert qca_runs.run_is_stale(
        run=first, current_hash=selectors.study_matrix(study=lc_study).input_hash(lc_study)
    )
    second = qca_runs.run_create(study=lc_study, user=owner)
    diff = qca_runs.run_diff(old=first, new=second)
    assert {"row": 23, "before": "0", "after": "1"} in diff["rows"]
    assert [change["solution"] for change in diff["solutions"]] == [
        "conservative",
        "parsimonious",
        "intermediate",
    ]


def test_a_hand_set_truth_table_row_and_an_override_are_kept_with_their_reasons(lc_study, owner, project):
    services.study_update(study=lc_study, row_outputs={"23": {"out": "1", "reason": "Austria is a near miss"}})
    item = lc_study.sets.get(label="DEV")
    services.override_set(
        item=item, case=project.cases.get(name="GR"), value=1, reason="Per the archive", user=owner
    )
    run = qca_runs.run_create(study=lc_study, user=owner)
    assert run.results["truth_table"]["manual"] == {
        "23": {"computed": "0", "out": "1", "reason": "Austria is a near miss"}
    }
    assert run.snapshot["overrides"] == [
        {"set": "DEV", "case": "GR", "value": 1.0, "reason": "Per the archive"}
    ]
    script = run_files.r_script(run).decode()
    assert 'tt$tt["23", "OUT"] <- "1"' in script
    assert "# row 23: Austria is a near miss" in script
    assert "# GR set by hand" not in script and "# DEV of GR set by hand to 1.0: Per the archive" in script


def test_the_r_script_rebuilds_the_data_and_makes_the_calls_of_the_run(lc_study, owner):
    run = qca_runs.run_create(study=lc_study, user=owner)
    script = run_files.r_script(run).decode()
    assert "library(QCA); library(jsonlite)" in script
    assert '    "case,DEV,URB,LIT,IND,STB,SURV",\n    "AU,1,0,1,1,0,0",\n' in script
    assert (
        'tt <- truthTable(data, outcome = "SURV", conditions = c("DEV", "URB", "LIT", "IND", "STB"), '
        "incl.cut = 1, n.cut = 1, pri.cut = 0, show.cases = TRUE)"
    ) in script
    assert 'nec <- pof("DEV + ~DEV + URB + ~URB + LIT + ~LIT + IND + ~IND + STB + ~STB", outcome = "SURV"' in script
    assert 'solutions[["conservative"]] <- minimize(tt, include = "", details = TRUE)' in script
    assert 'solutions[["parsimonious"]] <- minimize(tt, include = "?", details = TRUE)' in script
    assert 'minimize(tt, include = "?", dir.exp = "DEV, URB, LIT, IND, STB", details = TRUE)' in script
    csv_text = run_files.matrix_csv_r(run).decode()
    assert csv_text.splitlines()[:2] == ["case,DEV,URB,LIT,IND,STB,SURV", "AU,1,0,1,1,0,0"]
    assert run_files.matrix_csv_fsqca(run).decode().startswith("caseid,DEV,")


def test_fuzzy_calibration_flags_cases_at_the_crossover(project, owner):
    size = make_attribute(project, name="size", type="number")
    for name, value in (("a", "10"), ("b", "50"), ("c", "90")):
        case_services.attribute_value_set(case=make_case(project, name=name), attribute=size, value=value)
    study = services.study_create(project=project, name="Fuzzy", created_by=owner)
    item = services.set_create(
        study=study,
        label="BIG",
        source=SetSource.ATTRIBUTE,
        attribute=size,
        calibration=Calibration.FUZZY,
        thresholds=[10, 50, 90],
    )
    matrix = selectors.study_matrix(study=study)
    cells = [matrix.cells[(item.pk, case_id)] for case_id, _name in matrix.cases]
    assert [cell.membership for cell in cells] == [0.05, 0.5, 0.95]  # R: the anchors sit at 0.05, 0.5, 0.95
    assert [cell.half for cell in cells] == [False, True, False]
    assert matrix.distribution(item) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_code_sets_measure_presence_per_thousand_characters_and_agreement(
    project, owner, coder, second_coder
):
    code = make_code(project, name="政府支持")
    x, y = make_case(project, name="X"), make_case(project, name="Y")
    d1 = make_document(project, owner, title="d1", text="一" * 500, case=x)
    d2 = make_document(project, owner, title="d2", text="二" * 2000, case=y)
    make_coding(d1, code, coder, 0, 5)
    make_coding(d1, code, second_coder, 0, 5)
    make_coding(d2, code, coder, 0, 5)
    make_coding(d2, code, coder, 10, 15)
    study = services.study_create(project=project, name="Codes", created_by=owner)
    per_thousand = services.set_create(
        study=study, label="GOV", source=SetSource.CODE, code=code, measure=CodeMeasure.PER_THOUSAND
    )
    agreed = services.set_create(
        study=study, label="GOV_AGREED", source=SetSource.CODE, code=code, coder_scope=CoderScope.AGREEMENT
    )
    matrix = selectors.study_matrix(study=study)
    assert matrix.cells[(per_thousand.pk, x.pk)].raw == 4.0  # 2 codings in 500 characters
    assert matrix.cells[(per_thousand.pk, y.pk)].raw == 1.0  # 2 in 2,000
    # Y was coded by one coder only, who saw the code: agreement holds in both.
    assert [matrix.cells[(agreed.pk, case.pk)].raw for case in (x, y)] == [1, 1]
    assert (
        selectors.cell_passages_query(study=study, item=agreed, case_id=x.pk) == f"code={code.pk}&case={x.pk}"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"label": "1X"}, "label", errors.BAD_LABEL),
        ({"calibration": Calibration.FUZZY, "thresholds": [1, 2]}, "thresholds", errors.FUZZY_THRESHOLDS),
        ({"calibration": Calibration.CRISP, "thresholds": [3, 1]}, "thresholds", errors.CRISP_THRESHOLDS),
        ({"calibration": Calibration.TABLE, "value_table": {"a": 2}}, "value_table", errors.TABLE_VALUES),
    ],
)
def test_bad_sets_are_refused_naming_the_field(project, owner, fields, field, message):
    study = services.study_create(project=project, name="Bad", created_by=owner)
    with pytest.raises(ValidationError) as caught:
        services.set_create(study=study, **{"label": "X", "source": SetSource.SCORES, **fields})
    assert caught.value.message_dict == {field: [str(message)]}
    assert not study.sets.exists()


def test_an_override_needs_a_reason(project, owner):
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="X", source=SetSource.SCORES)
    with pytest.raises(ValidationError) as caught:
        services.override_set(item=item, case=make_case(project), value=1, reason=" ", user=owner)
    assert caught.value.message_dict == {"reason": [str(errors.REASON_REQUIRED)]}


def test_the_xy_plot_of_a_solution_and_of_a_negated_condition(lc_study, owner):
    run = qca_runs.run_create(study=lc_study, user=owner)
    points = xyplot.xy_points(run, solution="parsimonious")  # DEV*STB
    assert ("AU", 0.0, 0.0) in points and ("FI", 1.0, 1.0) in points
    negated = xyplot.xy_points(run, condition="DEV", negated=True, negated_outcome=True)
    assert ("AU", 0.0, 1.0) in negated
    svg = xyplot.xy_svg(points, x_label="DEV*STB", y_label="SURV<")
    assert svg.startswith("<svg") and "SURV&lt;" in svg and svg.count("<circle") == 18


def test_deleting_a_code_used_by_a_study_leaves_the_set_broken_not_the_codebook(project, owner):
    code = make_code(project, name="政府支持")
    make_case(project, name="X")
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="GOV", source=SetSource.CODE, code=code)
    code.delete()
    matrix = selectors.study_matrix(study=study)
    assert matrix.errors == {item.pk: str(errors.SOURCE_DELETED)}


def test_the_data_matrix_takes_a_fixed_number_of_queries(lc_study, django_assert_num_queries):
    # Cases, sets, overrides, then one query per attribute set (6 here).
    with django_assert_num_queries(9):
        selectors.study_matrix(study=lc_study)


def test_category_and_boolean_attributes_calibrate_through_a_value_table(project, owner):
    district = make_attribute(project, name="district", type="category", choices=["东区", "西区", "北区"])
    funded = make_attribute(project, name="funded", type="boolean")
    for name, place, yes in (("a", "东区", "true"), ("b", "西区", "false"), ("c", "北区", "true")):
        case = make_case(project, name=name)
        case_services.attribute_value_set(case=case, attribute=district, value=place)
        case_services.attribute_value_set(case=case, attribute=funded, value=yes)
    study = services.study_create(project=project, name="S", created_by=owner)
    place = services.set_create(
        study=study,
        label="EAST",
        source=SetSource.ATTRIBUTE,
        attribute=district,
        calibration=Calibration.TABLE,
        value_table={"东区": 1, "西区": 0.33},
    )
    money = services.set_create(study=study, label="FUNDED", source=SetSource.ATTRIBUTE, attribute=funded)
    matrix = selectors.study_matrix(study=study)
    assert [matrix.cells[(money.pk, case_id)].membership for case_id, _name in matrix.cases] == [
        1.0,
        0.0,
        1.0,
    ]
    assert matrix.errors == {place.pk: str(errors.MISSING_IN_TABLE.format(value="北区"))}
    services.set_update(item=place, value_table={"东区": 1, "西区": 0.33, "北区": 0})
    matrix = selectors.study_matrix(study=study)
    assert [matrix.cells[(place.pk, case_id)].membership for case_id, _name in matrix.cases] == [
        1.0,
        0.33,
        0.0,
    ]
