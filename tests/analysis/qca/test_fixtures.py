"""Every shared R fixture (QCA 3.23) reproduced: the same models, terms, PIs, and every fit figure
to 1e-6. The fixtures live beside the checkout in ``shared/qca/reference`` and are copied into
``tests/analysis/qca/reference``; without either the test is skipped locally and fails under CI.

Orders are not compared where R's order is an artefact of its algorithms (models, PIs, terms
within a model): the README of the fixtures says the sets are what count.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from analysis.qca import (
    calibrate,
    minimize_truth_table,
    necessity,
    read_csv,
    sufficiency,
    super_subset,
    truth_table,
)
from analysis.qca.expression import compact, split_top

# A copy of the shared fixtures lives in the repository (CI has no ../shared); the shared folder,
# when present, is preferred so that new fixtures there are checked at once.
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "qca" / "reference"
REFERENCE = SHARED if (SHARED / "cases").is_dir() else Path(__file__).resolve().parent / "reference"
CASES = sorted((REFERENCE / "cases").glob("*.json")) if (REFERENCE / "cases").is_dir() else []
TOLERANCE = 1e-6


def _no_fixtures():
    message = f"the shared R fixtures are not at {REFERENCE.resolve()}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_fixtures_are_present():
    if not CASES:
        _no_fixtures()


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _data(fixture: dict):
    data = fixture["data"]
    return read_csv(REFERENCE / data["csv"], case_col=data.get("case_column"))


def _close(actual, expected, where: str) -> None:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        assert actual is None or (isinstance(actual, float) and math.isnan(actual)), (
            f"{where}: {actual} != NA"
        )
        return
    assert actual is not None, f"{where}: NA != {expected}"
    assert abs(actual - expected) <= TOLERANCE, f"{where}: {actual} != {expected}"


def _same_row(actual: dict, expected: dict, where: str) -> None:
    for key, value in expected.items():
        assert key in actual, f"{where}: no {key}"
        if key == "term":
            assert compact(actual[key]) == compact(value), where
        elif isinstance(value, (int, float)) and not isinstance(value, bool) or value is None:
            _close(actual[key], value, f"{where} {key}")
        else:
            assert actual[key] == value, f"{where} {key}"


def _same_rows_by_term(actual: list[dict], expected: list[dict], where: str) -> None:
    by_term = {compact(row["term"]): row for row in actual}
    assert set(by_term) == {compact(row["term"]) for row in expected}, where
    for row in expected:
        _same_row(by_term[compact(row["term"])], row, f"{where} {row['term']}")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path):
    fixture = _load(path)
    check = {
        "calibrate": _check_calibrate,
        "necessity": _check_pof,
        "pof_sufficiency": _check_pof,
        "sufficiency": _check_sufficiency,
        "super_subset": _check_super_subset,
        "superSubset": _check_super_subset,
    }.get(fixture["kind"])
    assert check is not None, f"unknown fixture kind {fixture['kind']!r}"
    check(fixture)


def _check_calibrate(fixture: dict) -> None:
    options = fixture["options"]
    result = calibrate(
        fixture["x"],
        type=options["type"],
        thresholds=options["thresholds"],
        logistic=options.get("logistic", True),
        idm=options.get("idm", 0.95),
        below=options.get("below", 1),
        above=options.get("above", 1),
    )
    assert len(result) == len(fixture["result"])
    for i, (actual, expected) in enumerate(zip(result, fixture["result"], strict=True)):
        _close(actual, expected, f"case {i}")


def _check_pof(fixture: dict) -> None:
    options = fixture["options"]
    data = _data(fixture)
    terms = [term.strip() for term in split_top(options["setms"], "+")]
    neg_out = options.get("neg_out", options.get("neg.out", False))
    if options.get("relation", "necessity").startswith("nec"):
        rows = necessity(data, options["outcome"], terms, neg_out=neg_out)
    else:
        rows = sufficiency(data, options["outcome"], options["setms"], neg_out=neg_out)
    actual = [row.to_json() for row in rows]
    assert [compact(r["term"]) for r in actual] == [compact(r["term"]) for r in fixture["rows"]]
    for got, expected in zip(actual, fixture["rows"], strict=True):
        _same_row(got, expected, expected["term"])


def _check_super_subset(fixture: dict) -> None:
    options = fixture["options"]
    rows = super_subset(
        _data(fixture),
        options["outcome"],
        conditions=options.get("conditions") or None,
        relation=options.get("relation", "necessity"),
        incl_cut=options.get("incl.cut", 1),
        cov_cut=options.get("cov.cut", 0),
        ron_cut=options.get("ron.cut", 0),
        pri_cut=options.get("pri.cut", 0),
        depth=options.get("depth"),
        neg_out=options.get("neg_out", options.get("neg.out", False)),
    )
    _same_rows_by_term([row.to_json() for row in rows], fixture["rows"], "superSubset")


def _truth_table(fixture: dict):
    options = fixture["truth_table"]["options"]
    return truth_table(
        _data(fixture),
        options["outcome"],
        conditions=options.get("conditions") or None,
        neg_out=options.get("neg_out", False),
        incl_cut=options.get("incl.cut", [1]),
        n_cut=options.get("n.cut", 1),
        pri_cut=options.get("pri.cut", 0),
    )


def _check_sufficiency(fixture: dict) -> None:
    tt = _truth_table(fixture)
    expected = fixture["truth_table"]
    actual = tt.to_json()
    for key in ("conditions", "noflevels", "fuzzy_conditions", "multivalue", "n_configurations", "counts"):
        assert actual[key] == expected[key], key
    assert [row["id"] for row in actual["rows"]] == [row["id"] for row in expected["rows"]]
    for got, row in zip(actual["rows"], expected["rows"], strict=True):
        _same_row(got, row, f"truth table row {row['id']}")
    for minimization in fixture["minimizations"]:
        options = minimization["options"]
        result = minimize_truth_table(
            tt,
            include=options.get("include", ""),
            dir_exp=options.get("dir.exp"),
            all_sol=options.get("all.sol", False),
            row_dom=options.get("row.dom", False),
        ).to_json()
        _same_minimization(result, minimization, minimization.get("label", options.get("include")))


def _same_solution(actual: dict, expected: dict, where: str) -> None:
    """PIs, R's essential PIs, and the set of models with every fit figure."""
    if "n_prime_implicants_in_chart" in expected:
        assert actual["n_prime_implicants_in_chart"] == expected["n_prime_implicants_in_chart"], where
    pis = {compact(pi["term"]): pi for pi in actual["prime_implicants"]}
    assert set(pis) == {compact(pi["term"]) for pi in expected["prime_implicants"]}, f"{where}: PIs"
    for pi in expected["prime_implicants"]:
        got = pis[compact(pi["term"])]
        assert got["covers_rows"] == pi["covers_rows"], f"{where}: rows of {pi['term']}"
        assert got["literals"] == pi["literals"], f"{where}: literals of {pi['term']}"
    assert {compact(t) for t in actual["essential"]} == {compact(t) for t in expected["essential"]}, where
    assert actual["n_models"] == expected["n_models"], f"{where}: number of models"
    models = {frozenset(map(compact, m["terms"])): m for m in actual["models"]}
    assert set(models) == {frozenset(map(compact, m["terms"])) for m in expected["models"]}, (
        f"{where}: models"
    )
    for model in expected["models"]:
        got = models[frozenset(map(compact, model["terms"]))]
        label = f"{where} {model['expression']}"
        for key, value in model["fit"].items():
            _close(got["fit"][key], value, f"{label} fit {key}")
        _same_rows_by_term(got["terms_fit"], model["terms_fit"], f"{label} terms")
        if "simplifying_assumptions" in model:
            assert got["simplifying_assumptions"] == model["simplifying_assumptions"], f"{label} SA"


def _same_minimization(actual: dict, expected: dict, where: str) -> None:
    for key in ("explained_rows", "negatives", "numbers"):
        if key in expected:
            assert actual[key] == expected[key], f"{where}: {key}"
    assert {compact(t) for t in actual["initials"]} == {compact(t) for t in expected["initials"]}, where
    _same_solution(actual, expected, where)
    if "overall_terms_fit" in expected:
        _same_rows_by_term(actual["overall_terms_fit"], expected["overall_terms_fit"], f"{where} overall")
    if "intermediate" in expected:

        def key(entry):
            return frozenset(map(compact, entry["c_sol"])), frozenset(map(compact, entry["p_sol"]))

        entries = {key(entry): entry for entry in actual["intermediate"]}
        assert set(entries) == {key(entry) for entry in expected["intermediate"]}, f"{where}: C x P pairs"
        for entry in expected["intermediate"]:
            got = entries[key(entry)]
            label = f"{where} {entry['name']}"
            assert got["easy_counterfactuals"] == entry["easy_counterfactuals"], f"{label}: easy"
            assert got["difficult_counterfactuals"] == entry["difficult_counterfactuals"], (
                f"{label}: difficult"
            )
            _same_solution(got, entry, label)
    else:
        assert "intermediate" not in actual, where
