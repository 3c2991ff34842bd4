"""The QCA study API: roles, a whole flow from researcher scores to a run and its files, bad input."""

import pytest

from analysis.models import QCAStudy
from analysis.studies import errors, services
from analysis.studies.errors import NO_OUTCOME
from tests.factories import make_case, make_code, make_coding, make_document

BASE = "/api/projects/{}/qca-studies/"


@pytest.fixture
def scored(project, owner):
    """Four cases scored by hand: A and B crisp conditions, Y the outcome (Y = A)."""
    cases = [make_case(project, name=name) for name in ("c1", "c2", "c3", "c4")]
    study = services.study_create(project=project, name="Scores", created_by=owner, incl_cut=1)
    sets = {
        label: services.set_create(study=study, label=label, source="scores", role=role)
        for label, role in (("A", "condition"), ("B", "condition"), ("Y", "outcome"))
    }
    for case, (a, b, y) in zip(cases, [(1, 1, 1), (1, 0, 1), (0, 1, 0), (0, 0, 0)], strict=True):
        for label, value in (("A", a), ("B", b), ("Y", y)):
            services.score_set(item=sets[label], case=case, value=value, justification="访谈记录第3页")
    return study


@pytest.mark.parametrize(
    ("who", "method", "suffix", "expected"),
    [
        ("outsider", "get", "", 404),
        ("viewer", "get", "", 200),
        ("viewer", "post", "runs/", 403),
        ("coder", "post", "runs/", 201),
        ("coder", "patch", "", 403),
        ("editor", "patch", "", 200),
    ],
)
def test_who_may_read_run_and_change_a_study(who, method, suffix, expected, scored, api, request, project):
    client = api(request.getfixturevalue(who))
    url = f"{BASE.format(project.pk)}{scored.pk}/{suffix}"
    response = getattr(client, method)(
        url, {"description": "x"} if method == "patch" else None, format="json"
    )
    assert response.status_code == expected


def test_a_run_through_the_api_gives_the_solution_and_reproducible_files(scored, api, owner, project):
    client = api(owner)
    response = client.post(f"{BASE.format(project.pk)}{scored.pk}/runs/")
    assert response.status_code == 201
    run = response.json()
    conservative = run["results"]["minimizations"]["conservative"]["models"][0]
    assert conservative["expression"] == "A"
    assert conservative["fit"] == {"inclS": 1, "PRI": 1, "covS": 1}
    detail = client.get(f"{BASE.format(project.pk)}{scored.pk}/runs/{run['id']}/").json()
    assert detail["stale"] is False
    script = client.get(f"{BASE.format(project.pk)}{scored.pk}/runs/{run['id']}/files/run.R")
    assert script.status_code == 200
    assert b'    "case,A,B,Y",\n    "c1,1,1,1",\n    "c2,1,0,1",\n    "c3,0,1,0",\n    "c4,0,0,0"\n' in script.content
    results = client.get(f"{BASE.format(project.pk)}{scored.pk}/runs/{run['id']}/files/results.csv")
    lines = results.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "solution,model,term,consistency,PRI,raw coverage,unique coverage,cases"
    assert lines[1] == "conservative,M1,A,1.0,1.0,1.0,,c2; c1"  # cases by truth table row, as R prints them
    matrix = client.get(f"{BASE.format(project.pk)}{scored.pk}/runs/{run['id']}/files/matrix-r.csv")
    assert matrix.content.decode() == "case,A,B,Y\nc1,1,1,1\nc2,1,0,1\nc3,0,1,0\nc4,0,0,0\n"
    # A changed score makes the run stale.
    case = project.cases.get(name="c4")
    item = scored.sets.get(label="A")
    assert (
        client.put(
            f"{BASE.format(project.pk)}{scored.pk}/sets/{item.pk}/overrides/",
            {"case": case.pk, "value": 1, "reason": "Archive shows autonomy"},
            format="json",
        ).status_code
        == 200
    )
    assert client.get(f"{BASE.format(project.pk)}{scored.pk}/runs/{run['id']}/").json()["stale"] is True
    cells = client.get(f"{BASE.format(project.pk)}{scored.pk}/matrix/").json()["cells"]
    overridden = [cell for cell in cells if cell["override_reason"]]
    assert [(cell["case"], cell["membership"], cell["override_reason"]) for cell in overridden] == [
        (case.pk, 1.0, "Archive shows autonomy")
    ]


def test_a_code_set_cell_links_to_its_passages(project, owner, api, coder):
    code = make_code(project, name="政府支持")
    case = make_case(project, name="X")
    make_coding(make_document(project, owner, case=case), code, coder, 0, 2)
    study = services.study_create(project=project, name="Codes", created_by=owner)
    services.set_create(study=study, label="GOV", source="code", code=code)
    cells = api(owner).get(f"{BASE.format(project.pk)}{study.pk}/matrix/").json()["cells"]
    assert cells[0]["raw"] == 1
    assert (
        cells[0]["passages"]
        == f"/api/projects/{project.pk}/exports/passages.csv?code={code.pk}&case={case.pk}"
    )


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"label": "X", "source": "code"}, "code", errors.CODE_REQUIRED),
        (
            {"label": "X", "source": "nope"},
            "source",
            errors.UNKNOWN_CHOICE.format(choices="code, attribute, scores"),
        ),
        (
            {"label": "X", "source": "scores", "calibration": "fuzzy", "thresholds": [1]},
            "thresholds",
            errors.FUZZY_THRESHOLDS,
        ),
    ],
)
def test_bad_sets_get_a_400_naming_the_field_and_nothing_is_stored(
    project, owner, api, payload, field, message
):
    study = services.study_create(project=project, name="S", created_by=owner)
    response = api(owner).post(f"{BASE.format(project.pk)}{study.pk}/sets/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [str(message)]}
    assert not study.sets.exists()


def test_running_a_study_without_an_outcome_is_refused(project, owner, api):
    study = services.study_create(project=project, name="Empty", created_by=owner)
    response = api(owner).post(f"{BASE.format(project.pk)}{study.pk}/runs/")
    assert response.status_code == 400
    assert response.json() == {"outcome": [str(NO_OUTCOME)]}
    assert QCAStudy.objects.get(pk=study.pk).runs.count() == 0


def test_the_calibration_preview_shows_memberships_without_saving(project, owner, viewer, api):
    from cases import services as case_services
    from tests.factories import make_attribute

    size = make_attribute(project, name="size", type="number")
    for name, value in (("a", "10"), ("b", "50"), ("c", "90")):
        case_services.attribute_value_set(case=make_case(project, name=name), attribute=size, value=value)
    study = services.study_create(project=project, name="S", created_by=owner)
    item = services.set_create(study=study, label="BIG", source="attribute", attribute=size)
    url = f"{BASE.format(project.pk)}{study.pk}/sets/{item.pk}/preview/"
    data = api(viewer).post(url, {"calibration": "fuzzy", "thresholds": [10, 50, 90]}, format="json").json()
    assert [(row["name"], row["raw"], row["membership"], row["half"]) for row in data["rows"]] == [
        ("a", 10.0, 0.05, False),
        ("b", 50.0, 0.5, True),
        ("c", 90.0, 0.95, False),
    ]
    assert data["distribution"] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    crisp = api(viewer).post(url, {"calibration": "crisp", "thresholds": [60]}, format="json").json()
    assert [row["membership"] for row in crisp["rows"]] == [0, 0, 1]
    item.refresh_from_db()
    assert item.calibration == "none"
    bad = api(viewer).post(url, {"calibration": "fuzzy", "thresholds": [1]}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"thresholds": [str(errors.FUZZY_THRESHOLDS)]}
