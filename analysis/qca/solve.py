"""From a truth table to R's ``minimize()`` output: the glue around the exact minimizer.

The minimizer (``minimize.py``) works on cubes; this module chooses which truth-table rows are
positives, negatives and don't-cares as R does, then writes the result the way R reports it:
term strings, the PI chart, R's "essential" (PIs in every model), every model with its fit from
R's ``pof`` (overall when there is one model, per model when there are several), the simplifying
assumptions, and one intermediate entry per conservative x parsimonious pair.

How R chooses the rows (``minimize.R``): the rows explained are those with OUT = 1. Rows whose OUT
is in ``include`` ("C") may be used but need not be covered; "?" lets the remainders be used.
Every other observed row is a negative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product

from . import errors
from .errors import QCAError
from .expression import cube_literals, cube_membership, format_cube, parse_dir_exp_all, split_top
from .fit import SUFFICIENCY, ZERO_BELOW, ZERO_BELOW_MODEL, FitRow, json_number, pof_columns
from .minimize import (
    Constraints,
    Cube,
    NoConsistentSolution,
    Solution,
    intermediate_cubes,
    minimize_cubes,
    row_id,
)
from .truthtable import TruthTable

# R skips the simplifying assumptions when 3^k would overflow a 32-bit integer.
_MAX_CONDITIONS_FOR_SA = 19


@dataclass(frozen=True)
class TermFit:
    term: str
    incl: float
    pri: float
    cov: float
    cov_u: float | None
    cases: str | None = None  # present in R's overall table, absent in per-model tables

    def to_json(self) -> dict:
        data = {
            "term": self.term,
            "inclS": json_number(self.incl),
            "PRI": json_number(self.pri),
            "covS": json_number(self.cov),
            "covU": json_number(self.cov_u),
        }
        if self.cases is not None:
            data["cases"] = self.cases
        return data


@dataclass(frozen=True)
class Model:
    name: str
    terms: list[Cube]
    term_strings: list[str]
    conditions: list[str]
    fit: dict[str, float]
    terms_fit: list[TermFit]
    simplifying_assumptions: list[Cube] | None = None
    noflevels: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {
            "name": self.name,
            "terms": list(self.term_strings),
            "expression": " + ".join(self.term_strings),
            "literals": [cube_literals(cube, self.conditions) for cube in self.terms],
            "fit": {k: json_number(v) for k, v in self.fit.items()},
            "terms_fit": [t.to_json() for t in self.terms_fit],
        }
        if self.simplifying_assumptions is not None:
            data["simplifying_assumptions"] = _rows_json(self.simplifying_assumptions, self.noflevels)
        return data


@dataclass(frozen=True)
class PrimeImplicant:
    cube: Cube
    term: str
    covers_rows: list[int]
    conditions: list[str]

    def to_json(self) -> dict:
        return {
            "term": self.term,
            "literals": cube_literals(self.cube, self.conditions),
            "covers_rows": list(self.covers_rows),
        }


@dataclass(frozen=True)
class Intermediate:
    name: str
    c_sol: list[str]
    p_sol: list[str]
    easy_counterfactuals: list[Cube]
    difficult_counterfactuals: list[Cube]
    prime_implicants: list[PrimeImplicant]
    essential: list[str]
    models: list[Model]
    noflevels: list[int]

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "c_sol": list(self.c_sol),
            "p_sol": list(self.p_sol),
            "easy_counterfactuals": _rows_json(self.easy_counterfactuals, self.noflevels),
            "difficult_counterfactuals": _rows_json(self.difficult_counterfactuals, self.noflevels),
            "essential": list(self.essential),
            "prime_implicants": [pi.to_json() for pi in self.prime_implicants],
            "n_models": len(self.models),
            "models": [m.to_json() for m in self.models],
        }


@dataclass(frozen=True)
class Minimization:
    options: dict
    explained_rows: list[int]
    initials: list[str]
    negatives: list[int]
    prime_implicants: list[PrimeImplicant]
    essential: list[str]
    models: list[Model]
    numbers: dict[str, int]
    overall_terms_fit: list[TermFit] | None
    intermediate: list[Intermediate] | None

    def to_json(self) -> dict:
        data = {
            "options": dict(self.options),
            "explained_rows": list(self.explained_rows),
            "initials": list(self.initials),
            "negatives": list(self.negatives),
            "n_prime_implicants_in_chart": len(self.prime_implicants),
            "prime_implicants": [pi.to_json() for pi in self.prime_implicants],
            "essential": list(self.essential),
            "n_models": len(self.models),
            "models": [m.to_json() for m in self.models],
            "numbers": dict(self.numbers),
        }
        if self.overall_terms_fit is not None:
            data["overall_terms_fit"] = [t.to_json() for t in self.overall_terms_fit]
        if self.intermediate is not None:
            data["intermediate"] = [i.to_json() for i in self.intermediate]
        return data


def _rows_json(cubes: Sequence[Cube], noflevels: Sequence[int]) -> dict:
    ordered = sorted(cubes, key=lambda c: row_id(noflevels, c))
    return {
        "count": len(ordered),
        "row_ids": [row_id(noflevels, c) for c in ordered],
        "rows": [list(c) for c in ordered],
    }


def parse_include(include: str | Sequence[str]) -> set[str]:
    items = split_top(include, ",") if isinstance(include, str) else list(include)
    chosen = {item.strip() for item in items if item.strip()}
    if not chosen <= {"?", "C"}:
        raise QCAError(errors.INCLUDE_VALUES.format(include))
    return chosen


def pi_order(cube: Cube) -> tuple:
    """R's order of prime implicants: fewer literals first, then condition by condition, a
    condition's lower levels before higher ones and before its absence."""
    return (sum(v >= 0 for v in cube), tuple(v if v >= 0 else math.inf for v in cube))


def minimize(
    tt: TruthTable,
    *,
    include: str | Sequence[str] = "",
    dir_exp: str | None = None,
    all_sol: bool = False,
    row_dom: bool = False,
    pi_cons: float = 0,
    sol_cons: float = 0,
    sol_cov: float = 1,
) -> Minimization:
    """R's ``minimize()`` on a truth table. ``pi_cons``/``sol_cons`` (with ``sol_cov``, R's default
    1) are R's constraints on the inclusion of prime implicants and of solutions."""
    for name, value in (("pi.cons", pi_cons), ("sol.cons", sol_cons), ("sol.cov", sol_cov)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise QCAError(errors.CONS_RANGE.format(name, value))
    included = parse_include(include)
    use_remainders = "?" in included
    if dir_exp is not None and not dir_exp.strip():
        dir_exp = None
    if dir_exp is not None and not use_remainders:
        raise QCAError(errors.DIR_EXP_WITHOUT_REMAINDERS)
    rows = tt.table_rows
    explained = [row for row in rows if row.out == "1"]
    if not explained:
        raise QCAError(errors.NOTHING_TO_EXPLAIN)
    dont_cares = [row for row in rows if row.out == "C" and "C" in included]
    negatives = [row for row in rows if row.out == "0" or (row.out == "C" and "C" not in included)]
    if use_remainders and not negatives:
        raise QCAError(errors.ALL_CONFIGURATIONS_USED)
    positives = [row.values for row in explained]
    noflevels = list(tt.noflevels)
    constraints = None
    if pi_cons > 0 or sol_cons > 0:
        constraints = _constraints(tt, pi_cons, sol_cons, sol_cov)
    kwargs = {
        "dont_cares": [row.values for row in dont_cares],
        "row_dom": row_dom,
        "all_sol": all_sol,
        "constraints": constraints,
    }
    writer = _Writer(tt, explained)

    intermediate = None
    try:
        if dir_exp is None:
            top = minimize_cubes(
                noflevels,
                positives,
                [row.values for row in negatives],
                use_remainders=use_remainders,
                **kwargs,
            )
        else:
            expected, conjunctions = parse_dir_exp_all(dir_exp, tt.conditions, noflevels)
            conservative, top, pairs = intermediate_cubes(
                noflevels,
                positives,
                [row.values for row in negatives],
                dir_exp=expected,
                dir_conjunctions=conjunctions,
                **kwargs,
            )
            intermediate = [writer.intermediate(pair, conservative, top) for pair in pairs]
    except NoConsistentSolution:
        raise QCAError(errors.NO_CONSISTENT_SOLUTION) from None

    chart = writer.chart(top)
    models, overall = writer.models(top, with_assumptions=True)
    return Minimization(
        options={
            "include": ", ".join(sorted(included, key="?C".index)),
            "dir.exp": dir_exp,
            "row.dom": row_dom,
            "all.sol": all_sol,
            "pi.cons": pi_cons,
            "sol.cons": sol_cons,
            "method": "CCubes",
        },
        explained_rows=[row.id for row in explained],
        initials=[writer.term(row.values) for row in explained],
        negatives=sorted(row.id for row in negatives),
        prime_implicants=chart,
        essential=[writer.term(c) for c in sorted(top.essential, key=pi_order)],
        models=models,
        numbers=_numbers(tt),
        overall_terms_fit=overall if len(models) > 1 else None,
        intermediate=intermediate,
    )


def _constraints(tt: TruthTable, pi_cons: float, sol_cons: float, sol_cov: float) -> Constraints:
    """Inclusion of a term and of a union of terms on the truth table's data (R's C consistency)."""
    y = tt.y
    sum_y = sum(y)

    def term_incl(cube: Cube) -> float:
        x = cube_membership(cube, tt.scores, tt.fuzzy)
        sum_x = sum(x)
        sum_xy = sum(a if a < b else b for a, b in zip(x, y, strict=True))
        return sum_xy / sum_x if sum_x else math.nan

    def solution_fit(cubes: Sequence[Cube]) -> tuple[float, float]:
        columns = [cube_membership(cube, tt.scores, tt.fuzzy) for cube in cubes]
        x = [max(values) for values in zip(*columns, strict=True)]
        sum_x = sum(x)
        sum_xy = sum(a if a < b else b for a, b in zip(x, y, strict=True))
        return (sum_xy / sum_x if sum_x else math.nan, sum_xy / sum_y if sum_y else math.nan)

    return Constraints(pi_cons, sol_cons, sol_cov, term_incl, solution_fit)


def _numbers(tt: TruthTable) -> dict[str, int]:
    counts = {out: sum(row.n for row in tt.table_rows if row.out == out) for out in ("1", "0", "C")}
    return {"OUT1": counts["1"], "OUT0": counts["0"], "OUTC": counts["C"], "Total": sum(counts.values())}


class _Writer:
    """Turns minimizer output into R's reporting, for one truth table."""

    def __init__(self, tt: TruthTable, explained):
        self.tt = tt
        self.explained = explained
        self.mv = tt.multivalue
        # R's case list of each explained row, the unit of the "cases" column in the fit tables.
        self.row_cases = [",".join(row.cases) for row in explained]

    def term(self, cube: Cube) -> str:
        return format_cube(cube, self.tt.conditions, mv=self.mv)

    def covers(self, cube: Cube) -> list[int]:
        return [i for i, row in enumerate(self.explained) if _covers(cube, row.values)]

    def chart(self, solution: Solution) -> list[PrimeImplicant]:
        return [
            PrimeImplicant(
                cube,
                self.term(cube),
                # The minimizer already knows what each PI covers (indices into the explained rows).
                [self.explained[i].id for i in sorted(solution.pi_covers[cube])],
                list(self.tt.conditions),
            )
            for cube in sorted(solution.prime_implicants, key=pi_order)
        ]

    def _fit(self, cubes: Sequence[Cube], zero_below: float) -> tuple[list[FitRow], FitRow]:
        columns = [cube_membership(cube, self.tt.scores, self.tt.fuzzy) for cube in cubes]
        rows = pof_columns(
            columns,
            [self.term(c) for c in cubes],
            self.tt.y,
            SUFFICIENCY,
            with_expression=True,
            zero_below=zero_below,
        )
        terms, whole = rows[:-1], rows[-1]
        if len(terms) == 1:  # R: a single term has no unique coverage
            terms = [FitRow(terms[0].term, SUFFICIENCY, terms[0].incl, terms[0].second, terms[0].cov, None)]
        return terms, whole

    def models(self, solution: Solution, *, with_assumptions: bool) -> tuple[list[Model], list[TermFit]]:
        ordered = [sorted(model, key=pi_order) for model in solution.models]
        in_models = {cube for model in ordered for cube in model}
        reduced = [cube for cube in sorted(solution.prime_implicants, key=pi_order) if cube in in_models]
        # R's overall table: every PI used by some model, with the cases of the rows it covers.
        overall_rows, overall_whole = self._fit(reduced, ZERO_BELOW)
        overall = [
            TermFit(
                r.term,
                r.incl,
                r.second,
                r.cov,
                r.cov_u,
                "; ".join(self.row_cases[i] for i in self.covers(cube)),
            )
            for cube, r in zip(reduced, overall_rows, strict=True)
        ]
        by_term = {t.term: t for t in overall}
        models = []
        for number, model in enumerate(ordered, start=1):
            if len(ordered) == 1:
                whole, terms_fit = overall_whole, [by_term[self.term(c)] for c in model]
            else:
                rows, whole = self._fit(model, ZERO_BELOW_MODEL)
                terms_fit = [TermFit(r.term, r.incl, r.second, r.cov, r.cov_u) for r in rows]
            models.append(
                Model(
                    name=f"M{number}",
                    terms=model,
                    term_strings=[self.term(c) for c in model],
                    conditions=list(self.tt.conditions),
                    fit={"inclS": whole.incl, "PRI": whole.second, "covS": whole.cov},
                    terms_fit=terms_fit,
                    simplifying_assumptions=self.assumptions(model) if with_assumptions else None,
                    noflevels=list(self.tt.noflevels),
                )
            )
        return models, overall

    def assumptions(self, model: Sequence[Cube]) -> list[Cube] | None:
        """R's simplifying assumptions: every configuration a model covers, less the rows explained."""
        noflevels = self.tt.noflevels
        if len(noflevels) > _MAX_CONDITIONS_FOR_SA:
            return None
        explained = {row.values for row in self.explained}
        covered: set[Cube] = set()
        for cube in model:
            ranges = [range(n) if v < 0 else (v,) for v, n in zip(cube, noflevels, strict=True)]
            covered.update(product(*ranges))
        return sorted(covered - explained, key=lambda c: row_id(noflevels, c))

    def intermediate(self, pair, conservative: Solution, parsimonious: Solution) -> Intermediate:
        solution = pair.solution
        models, _ = self.models(solution, with_assumptions=False)
        return Intermediate(
            name=f"C{pair.conservative_model + 1}P{pair.parsimonious_model + 1}",
            c_sol=[self.term(c) for c in sorted(conservative.models[pair.conservative_model], key=pi_order)],
            p_sol=[self.term(c) for c in sorted(parsimonious.models[pair.parsimonious_model], key=pi_order)],
            easy_counterfactuals=list(pair.easy_counterfactuals),
            difficult_counterfactuals=list(pair.difficult_counterfactuals),
            prime_implicants=self.chart(solution),
            essential=[self.term(c) for c in sorted(solution.essential, key=pi_order)],
            models=models,
            noflevels=list(self.tt.noflevels),
        )


def _covers(cube: Cube, config: Sequence[int]) -> bool:
    return all(v < 0 or v == c for v, c in zip(cube, config, strict=True))
