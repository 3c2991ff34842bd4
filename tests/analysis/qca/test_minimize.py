"""The minimizer against R's QCA 3.23 reference results (shared fixtures)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis.qca.minimize import Cube, intermediate_cubes, minimize_cubes, row_id

REFERENCE_DIR = Path("/work/shared/qca/reference/cases")


def _sufficiency_fixtures() -> list[Path]:
    if not REFERENCE_DIR.is_dir():
        return []
    paths = []
    for path in sorted(REFERENCE_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            if json.load(handle).get("kind") == "sufficiency":
                paths.append(path)
    return paths


FIXTURES = _sufficiency_fixtures()
pytestmark = pytest.mark.skipif(not FIXTURES, reason="R reference fixtures not available")

_MV_LITERAL = re.compile(r"^(?P<name>[^\[\]~]+)\[(?P<levels>[0-9, ]+)\]$")


def parse_term(text: str, conditions: list[str]) -> Cube:
    """``DEV[2]*URB[0]`` (multi-value) or ``A*~B`` (crisp) as a cube."""
    term = [-1] * len(conditions)
    for literal in text.split("*"):
        literal = literal.strip()
        match = _MV_LITERAL.match(literal)
        if match:
            name, level = match["name"], int(match["levels"])
        elif literal.startswith("~"):
            name, level = literal[1:], 0
        else:
            name, level = literal, 1
        term[conditions.index(name)] = level
    return tuple(term)


def parse_dir_exp(text: str, conditions: list[str], noflevels: list[int]) -> list[frozenset[int] | None]:
    """R's ``dir.exp`` string (``DEV[1,2], ~URB, LIT``; ``-`` for none) as sets of levels."""
    expected: list[frozenset[int] | None] = [None] * len(conditions)
    depth = 0
    parts, current = [], ""
    for ch in text:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    for part in (p.strip() for p in parts):
        if not part or part == "-":
            continue
        match = _MV_LITERAL.match(part)
        if match:
            levels = frozenset(int(v) for v in match["levels"].split(","))
            name = match["name"]
        elif part.startswith("~"):
            name, levels = part[1:], frozenset({0})
        else:
            name, levels = part, frozenset({noflevels[conditions.index(part)] - 1})
        i = conditions.index(name)
        expected[i] = levels if expected[i] is None else expected[i] | levels
    return expected


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _inputs(tt: dict, include: str):
    """Positives, negatives and don't cares from the observed truth-table rows, as R builds them."""
    include_set = {part.strip() for part in include.split(",") if part.strip()}
    positives, negatives, dont_cares = [], [], []
    for row in tt["rows"]:
        config = tuple(row["values"])
        if row["OUT"] == "1":
            positives.append(config)
        elif row["OUT"] == "C" and "C" in include_set:
            dont_cares.append(config)
        else:
            negatives.append(config)
    return positives, negatives, dont_cares


def _terms(texts, conditions) -> set[Cube]:
    return {parse_term(t, conditions) for t in texts}


def _models(models, conditions) -> set[frozenset[Cube]]:
    return {frozenset(_terms(m["terms"], conditions)) for m in models}


def _check_solution(solution, expected: dict, conditions, noflevels, positives, *, with_assumptions: bool):
    assert set(solution.prime_implicants) == _terms(
        (p["term"] for p in expected["prime_implicants"]), conditions
    )
    for p in expected["prime_implicants"]:
        cube = parse_term(p["term"], conditions)
        covered_rows = {row_id(noflevels, positives[i]) for i in solution.pi_covers[cube]}
        assert covered_rows == set(p["covers_rows"]), p["term"]
    assert set(solution.essential) == _terms(expected["essential"], conditions)
    assert {frozenset(m) for m in solution.models} == _models(expected["models"], conditions)
    assert len(solution.models) == len(expected["models"])
    if with_assumptions:
        by_model = {
            frozenset(m): [row_id(noflevels, c) for c in sa]
            for m, sa in zip(solution.models, solution.simplifying_assumptions, strict=True)
        }
        for m in expected["models"]:
            key = frozenset(_terms(m["terms"], conditions))
            assert by_model[key] == m["simplifying_assumptions"]["row_ids"], m["name"]


def _cases():
    for path in FIXTURES:
        data = _load(path)
        for index, minimization in enumerate(data["minimizations"]):
            yield pytest.param(path, index, id=f"{path.stem}-{minimization['label']}")


@pytest.mark.parametrize(("path", "index"), list(_cases()))
def test_minimization_matches_r(path: Path, index: int):
    data = _load(path)
    tt = data["truth_table"]
    conditions, noflevels = tt["conditions"], tt["noflevels"]
    minimization = data["minimizations"][index]
    options = minimization["options"]
    include = options.get("include") or ""
    positives, negatives, dont_cares = _inputs(tt, include)
    assert sorted(row_id(noflevels, p) for p in positives) == minimization["explained_rows"]
    use_remainders = "?" in include
    if not use_remainders:
        # A conservative run treats every non-explained observed row as a negative.
        assert sorted(row_id(noflevels, n) for n in negatives) == minimization["negatives"]
    flags = {"row_dom": bool(options.get("row.dom")), "all_sol": bool(options.get("all.sol"))}

    if options.get("dir.exp"):
        dir_exp = parse_dir_exp(options["dir.exp"], conditions, noflevels)
        _, solution, intermediates = intermediate_cubes(
            noflevels, positives, negatives, dir_exp=dir_exp, dont_cares=dont_cares, **flags
        )
    else:
        solution = minimize_cubes(
            noflevels, positives, negatives, use_remainders=use_remainders, dont_cares=dont_cares, **flags
        )
        intermediates = None
    _check_solution(solution, minimization, conditions, noflevels, positives, with_assumptions=True)

    if intermediates is None:
        return
    conservative = minimize_cubes(
        noflevels, positives, negatives, use_remainders=False, dont_cares=dont_cares, **flags
    )
    expected_pairs = minimization["intermediate"]
    assert len(intermediates) == len(expected_pairs)
    for got, expected in zip(intermediates, expected_pairs, strict=True):
        c_model = conservative.models[got.conservative_model]
        p_model = solution.models[got.parsimonious_model]
        # R's own order of models may differ from ours, so pairs are matched by their content.
        assert set(c_model) == _terms(expected["c_sol"], conditions), expected["name"]
        assert set(p_model) == _terms(expected["p_sol"], conditions), expected["name"]
        assert [row_id(noflevels, c) for c in got.easy_counterfactuals] == (
            expected["easy_counterfactuals"]["row_ids"]
        )
        assert [row_id(noflevels, c) for c in got.difficult_counterfactuals] == (
            expected["difficult_counterfactuals"]["row_ids"]
        )
        _check_solution(got.solution, expected, conditions, noflevels, positives, with_assumptions=False)


def test_row_id_first_condition_slowest():
    assert row_id([3, 2, 2, 2, 2], (0, 0, 0, 0, 0)) == 1
    assert row_id([3, 2, 2, 2, 2], (2, 1, 1, 1, 1)) == 48
    assert row_id([2, 2, 2], (1, 0, 1)) == 6


def test_parse_dir_exp_multivalue():
    conditions = ["DEV", "URB", "LIT"]
    assert parse_dir_exp("DEV[1,2], ~URB, LIT", conditions, [3, 2, 2]) == [
        frozenset({1, 2}),
        frozenset({0}),
        frozenset({1}),
    ]
    assert parse_dir_exp("-, URB, -", conditions, [3, 2, 2]) == [None, frozenset({1}), None]


@pytest.mark.parametrize(("path", "index"), list(_cases()))
def test_order_of_implicants_and_models_matches_r(path: Path, index: int):
    """Beyond set equality: prime implicants and models come out in R's own order."""
    data = _load(path)
    tt = data["truth_table"]
    conditions, noflevels = tt["conditions"], tt["noflevels"]
    minimization = data["minimizations"][index]
    options = minimization["options"]
    include = options.get("include") or ""
    positives, negatives, dont_cares = _inputs(tt, include)
    flags = {"row_dom": bool(options.get("row.dom")), "all_sol": bool(options.get("all.sol"))}
    pairs = []
    if options.get("dir.exp"):
        dir_exp = parse_dir_exp(options["dir.exp"], conditions, noflevels)
        _, solution, intermediates = intermediate_cubes(
            noflevels, positives, negatives, dir_exp=dir_exp, dont_cares=dont_cares, **flags
        )
        pairs = list(zip(intermediates, minimization["intermediate"], strict=True))
    else:
        solution = minimize_cubes(
            noflevels, positives, negatives, use_remainders="?" in include, dont_cares=dont_cares, **flags
        )

    def ordered(expected):
        pis = [parse_term(p["term"], conditions) for p in expected["prime_implicants"]]
        models = [[parse_term(t, conditions) for t in m["terms"]] for m in expected["models"]]
        return pis, models

    assert (solution.prime_implicants, solution.models) == ordered(minimization)
    for got, expected in pairs:
        assert (got.solution.prime_implicants, got.solution.models) == ordered(expected), expected["name"]
