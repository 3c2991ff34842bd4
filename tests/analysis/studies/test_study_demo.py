"""The demo study, from its coded interviews to a QCA: the app's run equals the engine on the same matrix."""

import io

import pytest
from django.core.management import call_command

from analysis.qca import from_columns, minimize_truth_table, truth_table
from analysis.studies import runs as qca_runs
from analysis.studies import services
from coding.models import Code, Project

CONDITIONS = {
    "AUTO": "社会组织自主性 SO autonomy",
    "GOV": "政府支持 Government support",
    "COOP": "政社合作 Government–SO cooperation",
    "MARKET": "市场竞争 Market competition",
}
OUTCOME = ("EFFECT", "购买成效 Effectiveness")


@pytest.fixture
def demo_study(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    project = Project.objects.get()
    owner = project.memberships.get(role="owner").user
    study = services.study_create(project=project, name="购买服务成效", created_by=owner, incl_cut=0.8)
    for label, name in [*CONDITIONS.items(), OUTCOME]:
        services.set_create(
            study=study,
            label=label,
            role="outcome" if label == OUTCOME[0] else "condition",
            source="code",
            code=Code.objects.get(project=project, name=name),
            measure="presence",
            expectation="present",
        )
    return study, owner


def test_the_demo_study_runs_as_the_engine_does_on_its_matrix(demo_study):
    study, owner = demo_study
    run = qca_runs.run_create(study=study, user=owner)
    matrix = run.snapshot["matrix"]
    # Presence of the outcome code in each of the 12 cases (in name order).
    assert matrix["EFFECT"] == [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0]
    data = from_columns(matrix, cases=run.snapshot["cases"])
    tt = truth_table(data, "EFFECT", conditions=list(CONDITIONS), incl_cut=0.8)
    expected = minimize_truth_table(tt, include="").to_json()
    conservative = run.results["minimizations"]["conservative"]
    assert conservative == expected
    assert [model["expression"] for model in conservative["models"]] == ["AUTO*GOV"]
    assert conservative["models"][0]["fit"] == {"inclS": 1, "PRI": 1, "covS": 1}
    assert set(run.results["minimizations"]) == {"conservative", "parsimonious", "intermediate"}
