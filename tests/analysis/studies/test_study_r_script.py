"""A study's exported run.R runs in R QCA 3.23, and R's results (the JSON it writes) equal the run's:
for each kind of run. No study, case or reason text can run as R code."""

import csv
import json
from pathlib import Path

import pytest

from analysis.models import SetRole, SetSource
from analysis.qca.rscript import compare_with_r
from analysis.studies import run_files, services
from analysis.studies import runs as qca_runs
from cases import services as case_services
from tests.factories import make_attribute, make_case
from tests.rtools import require_r, run_r

DATA = Path(__file__).resolve().parents[1] / "qca" / "reference" / "data"
LABELS = ["DEV", "URB", "LIT", "IND", "STB", "SURV"]
# Lipset's raw data calibrated in the app (fuzzy, direct method); SURV crisp at 0.
LR_CALIBRATION = {
    "DEV": ("fuzzy", [350, 550, 900]),
    "URB": ("fuzzy", [25, 50, 65]),
    "LIT": ("fuzzy", [50, 75, 90]),
    "IND": ("fuzzy", [20, 30, 40]),
    "STB": ("fuzzy", [5, 10, 15]),
    "SURV": ("crisp", [0]),
}


def make_study(project, owner, data, *, name="Lipset", calibration=None, expectations=None, **options):
    """Each column of a Lipset CSV becomes a number attribute of the cases, and a set of the study."""
    with open(DATA / f"{data}.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    attributes = {label: make_attribute(project, name=label, type="number") for label in LABELS}
    for row in rows:
        case = make_case(project, name=row["case"])
        for label in LABELS:
            case_services.attribute_value_set(case=case, attribute=attributes[label], value=row[label])
    study = services.study_create(project=project, name=name, created_by=owner)
    for label in LABELS:
        kind, thresholds = (calibration or {}).get(label, ("none", []))
        services.set_create(
            study=study,
            label=label,
            role=SetRole.OUTCOME if label == "SURV" else SetRole.CONDITION,
            source=SetSource.ATTRIBUTE,
            attribute=attributes[label],
            calibration=kind,
            thresholds=thresholds,
            expectation=(expectations or {}).get(label, "present"),
        )
    return services.study_update(study=study, **options) if options else study


KINDS = {
    "crisp": {"data": "LC", "incl_cut": 1},
    "crisp_exclude_conjunction": {
        "data": "LC",
        "incl_cut": 1,
        "exclude": "~DEV*URB",
        "dir_exp_conjunctions": "DEV*STB",
    },
    "crisp_binomial_test": {"data": "LC", "incl_cut": 0.6, "inf_test": 0.2},
    "crisp_below_ncut": {"data": "LC", "incl_cut": 0.8, "n_cut": 2},
    "fuzzy": {"data": "LF", "incl_cut": 0.8},
    "fuzzy_pi_sol_cons": {"data": "LF", "incl_cut": 0.75, "pi_cons": 0.8, "sol_cons": 0.85},
    "fuzzy_calibrated_in_the_app": {"data": "LR", "calibration": LR_CALIBRATION, "incl_cut": 0.8},
    "multi_value": {"data": "LM", "incl_cut": 1},
    "negated_outcome": {"data": "LF", "incl_cut": 0.8, "neg_out": True, "expectations": {"DEV": "absent"}},
    "hand_set_rows": {
        "data": "LC",
        "incl_cut": 1,
        "row_outputs": {
            "23": {"out": "1", "reason": 'Austria: "near miss"\nsee memo 社会'},
            "2": {"out": "0", "reason": "never observed: skipped"},
        },
    },
}


def _export_and_run(run, tmp_path):
    (tmp_path / "run.R").write_bytes(run_files.r_script(run))
    done = run_r(tmp_path / "run.R", cwd=tmp_path)
    return json.loads((tmp_path / "qualcase-results.json").read_text(encoding="utf-8")), done.stdout


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_exported_script_runs_in_r_and_gives_the_runs_results(kind, project, owner, tmp_path):
    require_r()
    options = dict(KINDS[kind])
    study = make_study(project, owner, options.pop("data"), **options)
    run = qca_runs.run_create(study=study, user=owner)
    assert run.results["minimizations"], run.results["errors"]
    r_results, printed = _export_and_run(run, tmp_path)
    assert compare_with_r(r_results, run_files.r_comparable(run)) == []
    assert set(r_results["minimizations"]) == set(run.results["minimizations"])
    assert "M1:" in printed  # the script prints R's solutions too


def test_each_kind_of_run_uses_its_options(project, owner):
    # What the R comparisons above rest on: each option did change the run.
    study = make_study(project, owner, "LC", incl_cut=0.8, n_cut=2, inf_test=0.1, exclude="4, 8")
    run = qca_runs.run_create(study=study, user=owner)
    rows = {row["id"]: row for row in run.results["truth_table"]["rows"]}
    assert any(row["OUT"] == "?" and row["cases"] for row in rows.values())
    assert rows[4]["excluded"] and rows[4]["OUT"] == "0"
    assert all("pval1" in row for row in rows.values() if row["OUT"] in "01" and not row.get("excluded"))
    assert run.results["truth_table"]["counts"]["observed_below_ncut"] >= 1


def test_a_hostile_study_name_and_reasons_do_not_run_as_r_code(project, owner, tmp_path):
    require_r()
    marker = Path("/tmp/x")
    before = marker.stat().st_mtime_ns if marker.exists() else None  # touch would create it or date it
    hostile = 's\nsystem("touch /tmp/x")\n#'
    study = make_study(
        project,
        owner,
        "LC",
        name=hostile,
        incl_cut=1,
        row_outputs={"23": {"out": "1", "reason": hostile}},
    )
    services.override_set(
        item=study.sets.get(label="DEV"), case=project.cases.get(name="GR"), value=1, reason=hostile, user=owner
    )
    local = tmp_path / "x"
    run = qca_runs.run_create(study=study, user=owner)
    script = run_files.r_script(run).decode()
    assert "\nsystem(" not in script and 'system(\\"touch /tmp/x\\")' in script
    r_results, _printed = _export_and_run(run, tmp_path)
    assert compare_with_r(r_results, run_files.r_comparable(run)) == []
    assert (marker.stat().st_mtime_ns if marker.exists() else None) == before and not local.exists()
