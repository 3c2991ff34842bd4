"""Parameters of fit: necessity and sufficiency of given expressions (R's ``pof``) and the search
for necessary or sufficient combinations (R's ``superSubset``).

The sums run over the cases in data order, in the same order of operations as R's C code, so the
doubles agree with R's to the last bits rather than merely to 1e-6.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, product

from . import errors
from .data import Dataset
from .errors import QCAError
from .expression import (
    compact,
    expression_membership,
    format_cube,
    literal_membership,
    parse_expression,
    parse_literal,
    split_top,
)

NECESSITY = "necessity"
SUFFICIENCY = "sufficiency"
# R sets every parameter below this to zero (pof), and a stricter one for per-model tables.
ZERO_BELOW = 0.00001
ZERO_BELOW_MODEL = 0.0001
# R's tolerance for ">= cut-off" (sqrt of the machine epsilon).
TOLERANCE = math.sqrt(2.220446049250313e-16)


@dataclass(frozen=True)
class FitRow:
    """One line of a pof table. For necessity ``incl``/``ron``/``cov`` are inclN, RoN, covN; for
    sufficiency ``incl``/``pri``/``cov``/``cov_u`` are inclS, PRI, covS, covU (None is R's NA)."""

    term: str
    relation: str
    incl: float
    second: float  # RoN (necessity) or PRI (sufficiency)
    cov: float
    cov_u: float | None = None

    def to_json(self) -> dict:
        if self.relation == NECESSITY:
            return {
                "term": self.term,
                "inclN": json_number(self.incl),
                "RoN": json_number(self.second),
                "covN": json_number(self.cov),
            }
        return {
            "term": self.term,
            "inclS": json_number(self.incl),
            "PRI": json_number(self.second),
            "covS": json_number(self.cov),
            "covU": json_number(self.cov_u),
        }


def json_number(value: float | None) -> float | None:
    # JSON has no NaN; R's NaN and NA both become null.
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _div(a: float, b: float) -> float:
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def check_relation(relation: str) -> str:
    if relation in ("necessity", "nec"):
        return NECESSITY
    if relation in ("sufficiency", "suf"):
        return SUFFICIENCY
    raise QCAError(errors.RELATION.format(relation))


def outcome_membership(data: Dataset, outcome: str, *, neg_out: bool = False) -> tuple[str, list[float]]:
    """The outcome's scores and its bare name: ``Y``, ``~Y`` or a level set ``Y[2]``.

    A negation, by ``~`` or by ``neg_out``, is 1 - Y (R's truthTable applies it once either way).
    """
    literal = parse_literal(outcome)
    data.check_set(literal.name)
    if literal.levels is None and not data.is_fuzzy(literal.name) and data.noflevels(literal.name) > 2:
        raise QCAError(errors.MULTIVALUE_OUTCOME.format(literal.name, literal.name))
    scores = literal_membership(data, replace(literal, negated=False))
    if literal.negated or neg_out:
        scores = [1 - y for y in scores]
    return literal.name, scores


@dataclass(frozen=True)
class ConditionSets:
    """The conditions of an analysis, checked, with their scores, fuzziness and number of levels."""

    names: list[str]
    scores: list[list[float]]
    fuzzy: list[bool]
    noflevels: list[int]


def condition_sets(data: Dataset, outcome_name: str, conditions: Sequence[str] | None) -> ConditionSets:
    """R's default: every column but the outcome; the outcome itself may not be a condition."""
    if conditions is None:
        # Text columns (ids, notes, "-") cannot be sets; R would stop on them, here they are skipped.
        conditions = [c for c in data.columns if c != outcome_name and data.is_numeric(c)]
    conditions = list(conditions)
    if not conditions:
        raise QCAError(errors.NO_CONDITIONS)
    if outcome_name in conditions:
        raise QCAError(errors.OUTCOME_AMONG_CONDITIONS.format(outcome_name))
    return ConditionSets(
        names=conditions,
        scores=[data.check_set(c) for c in conditions],
        fuzzy=[data.is_fuzzy(c) for c in conditions],
        noflevels=[data.noflevels(c) for c in conditions],
    )


def pof_columns(
    columns: Sequence[Sequence[float]],
    names: Sequence[str],
    outcome: Sequence[float],
    relation: str,
    *,
    with_expression: bool,
    zero_below: float = ZERO_BELOW,
) -> list[FitRow]:
    """R's C_pof on membership columns plus their union; rows for each column, then the union.

    ``with_expression`` keeps the union's row (named "expression"), as R does when more than one
    term is given. covU is each term's coverage not shared with the other terms.
    """
    relation = check_relation(relation)
    union = [max(values) for values in zip(*columns, strict=True)]
    cols = [list(c) for c in columns] + [union]
    ncols = len(cols)
    nrows = len(outcome)
    sum_y = 0.0
    sum_x = [0.0] * ncols
    sum_neg_x = [0.0] * ncols
    sum_pmin = [0.0] * ncols
    sum_neg_pmin = [0.0] * ncols
    sum_pmin_negy = [0.0] * ncols
    pmin = [[0.0] * nrows for _ in range(ncols)]
    for r in range(nrows):
        y = outcome[r]
        sum_y += y
        for c in range(ncols):
            x = cols[c][r]
            sum_x[c] += x
            sum_neg_x[c] += 1 - x
            m = x if x < y else y
            pmin[c][r] = m
            sum_pmin[c] += m
            sum_neg_pmin[c] += 1 - m
            sum_pmin_negy[c] += m if m < (1 - y) else (1 - y)
    # Unique coverage: the part of each term's intersection with Y that no other term reaches.
    sum_min_max_ec = [0.0] * ncols
    for r in range(nrows):
        for c in range(ncols - 1):
            max_ec = 0.0
            for other in range(ncols - 1):
                if other != c and max_ec < pmin[other][r]:
                    max_ec = pmin[other][r]
            m = pmin[c][r]
            sum_min_max_ec[c] += m if m < max_ec else max_ec
    rows = []
    for c in range(ncols):
        if relation == NECESSITY:
            values = [
                _div(sum_pmin[c], sum_y),
                _div(sum_neg_x[c], sum_neg_pmin[c]),
                _div(sum_pmin[c], sum_x[c]),
            ]
            cov_u = None
        else:
            cov_s = _div(sum_pmin[c], sum_y)
            values = [
                _div(sum_pmin[c], sum_x[c]),
                _div(sum_pmin[c] - sum_pmin_negy[c], sum_x[c] - sum_pmin_negy[c]),
                cov_s,
            ]
            cov_u = cov_s - _div(sum_min_max_ec[c], sum_y)
            cov_u = 0.0 if cov_u < zero_below else cov_u
        values = [0.0 if v < zero_below else v for v in values]
        name = names[c] if c < len(names) else "expression"
        rows.append(FitRow(name, relation, values[0], values[1], values[2], cov_u))
    if relation == SUFFICIENCY:
        rows[-1] = _without_cov_u(rows[-1])
    if not with_expression:
        rows = rows[:-1]
        if len(rows) == 1 and relation == SUFFICIENCY:
            rows[0] = _without_cov_u(rows[0])
    return rows


def _without_cov_u(row: FitRow) -> FitRow:
    return FitRow(row.term, row.relation, row.incl, row.second, row.cov, None)


def pof(
    data: Dataset, outcome: str, terms: Sequence[str], *, relation: str = NECESSITY, neg_out: bool = False
) -> list[FitRow]:
    """Fit of each term (a product, or a sum of products) and of their union.

    ``terms`` are R expressions; ``pof("A + ~B*C")`` in R is ``terms=["A", "~B*C"]`` here.
    """
    relation = check_relation(relation)
    if not terms:
        raise QCAError(errors.EMPTY_EXPRESSION)
    _, y = outcome_membership(data, outcome, neg_out=neg_out)
    columns = [expression_membership(data, parse_expression(term)) for term in terms]
    names = [compact(term) for term in terms]
    return pof_columns(columns, names, y, relation, with_expression=len(terms) > 1)


def necessity(data: Dataset, outcome: str, terms: Sequence[str], *, neg_out: bool = False) -> list[FitRow]:
    return pof(data, outcome, terms, relation=NECESSITY, neg_out=neg_out)


def sufficiency(data: Dataset, outcome: str, expression: str, *, neg_out: bool = False) -> list[FitRow]:
    """Fit of an expression's disjuncts and of the whole expression (R's ``pof(..., "suf")``)."""
    return pof(data, outcome, split_top(expression, "+"), relation=SUFFICIENCY, neg_out=neg_out)


def split_terms(text: str) -> list[str]:
    """``"DEV, ~DEV, LIT*STB"`` to its terms; commas inside ``X[1,2]`` stay."""
    return [part.strip() for part in split_top(text, ",") if part.strip()]


def super_subset(
    data: Dataset,
    outcome: str,
    *,
    conditions: Sequence[str] | None = None,
    relation: str = NECESSITY,
    incl_cut: float = 1,
    cov_cut: float = 0,
    ron_cut: float = 0,
    pri_cut: float = 0,
    depth: int | None = None,
    neg_out: bool = False,
) -> list[FitRow]:
    """R's ``superSubset``: every conjunction (and, for necessity, disjunction) of condition levels
    that passes the cut-offs, smallest first, without the redundant supersets R drops."""
    relation = check_relation(relation)
    for name, value in (
        ("incl.cut", incl_cut),
        ("cov.cut", cov_cut),
        ("ron.cut", ron_cut),
        ("pri.cut", pri_cut),
    ):
        if not 0 <= value <= 1:
            raise QCAError(errors.CUTOFF_RANGE.format(name, value))
    outcome_name, y = outcome_membership(data, outcome, neg_out=neg_out)
    sets = condition_sets(data, outcome_name, conditions)
    conditions, scores, fuzzy, noflevels = sets.names, sets.scores, sets.fuzzy, sets.noflevels
    # R writes every literal with its level when a condition, or the outcome, is multi-value.
    mv = any(n > 2 for n in noflevels) or parse_literal(outcome).levels is not None
    nec = relation == NECESSITY
    incl_cut = incl_cut - TOLERANCE
    if cov_cut > 0:
        cov_cut = cov_cut - TOLERANCE
    nconds = len(conditions)
    depth = nconds if not depth or depth > nconds else depth
    sum_y = 0.0
    for value in y:
        sum_y += value
    ncases = len(y)

    def level_scores(c: int, level: int) -> list[float]:
        if fuzzy[c]:
            return [1 - x if level == 0 else x for x in scores[c]]
        return [1.0 if x == level else 0.0 for x in scores[c]]

    conj: list[tuple[dict[int, int], list[float]]] = []
    disj: list[tuple[dict[int, int], list[float]]] = []
    found_before_conj = found_before_disj = 0

    def is_redundant(found: list, limit: int, chosen: dict[int, int]) -> bool:
        # A combination is redundant when an earlier, smaller one uses a subset of its literals.
        return any(all(chosen.get(c) == v for c, v in literals.items()) for literals, _ in found[:limit])

    k = 1
    keep_going = True
    while k <= depth and keep_going:
        # R stops after three levels as soon as something was found and a level adds nothing new.
        if conj or disj:
            if k > 3:
                keep_going = False
        for chosen_conditions in combinations(range(nconds), k):
            for levels in product(*(range(noflevels[c]) for c in chosen_conditions)):
                chosen = dict(zip(chosen_conditions, levels, strict=True))
                columns = [level_scores(c, v) for c, v in chosen.items()]
                minx = [min(vals) for vals in zip(*columns, strict=True)]
                maxx = [max(vals) for vals in zip(*columns, strict=True)]
                s_min = s_max = s_min_y_min = s_min_y_max = 0.0
                s_1_min = s_1_max = s_1_min_y_min = s_1_min_y_max = 0.0
                pri_min = pri_max = 0.0
                for r in range(ncases):
                    lo, hi, yr = minx[r], maxx[r], y[r]
                    s_min += lo
                    s_max += hi
                    m_lo = lo if lo < yr else yr
                    m_hi = hi if hi < yr else yr
                    s_min_y_min += m_lo
                    s_min_y_max += m_hi
                    if nec:
                        s_1_min += 1 - lo
                        s_1_max += 1 - hi
                        s_1_min_y_min += 1 - m_lo
                        s_1_min_y_max += 1 - m_hi
                    else:
                        pri_min += m_lo if m_lo < 1 - yr else 1 - yr
                        pri_max += m_hi if m_hi < 1 - hi else 1 - hi
                v = [
                    _safe(s_min_y_min, s_min),
                    _safe(s_min_y_min, sum_y),
                    _safe(s_min_y_max, sum_y),
                    _safe(s_min_y_max, s_max),
                ]
                if nec:
                    v += [_safe(s_1_min, s_1_min_y_min), _safe(s_1_max, s_1_min_y_max)]
                else:
                    v += [
                        _safe(s_min_y_min - pri_min, s_min - pri_min),
                        _safe(s_min_y_max - pri_max, sum_y - pri_max),
                    ]
                incl_index, cov_index = (1, 0) if nec else (0, 1)
                if v[incl_index] >= incl_cut and v[cov_index] >= cov_cut:
                    if not nec and is_redundant(conj, found_before_conj, chosen):
                        continue
                    conj.append((chosen, [v[incl_index], v[4], v[cov_index]]))
                    keep_going = True
                elif nec and v[2] >= incl_cut and v[3] >= cov_cut:
                    if is_redundant(conj, found_before_conj, chosen) or is_redundant(
                        disj, found_before_disj, chosen
                    ):
                        continue
                    disj.append((chosen, [v[2], v[5], v[3]]))
                    keep_going = True
        found_before_conj, found_before_disj = len(conj), len(disj)
        k += 1

    def name(chosen: dict[int, int], joiner: str) -> str:
        cube = tuple(chosen.get(c, -1) for c in range(nconds))
        return format_cube(cube, conditions, mv=mv).replace("*", joiner)

    rows = [FitRow(name(chosen, "*"), relation, *values) for chosen, values in conj]
    rows += [FitRow(name(chosen, " + "), relation, *values) for chosen, values in disj]
    if not rows:
        raise QCAError(errors.NO_COMBINATIONS)
    rows = [row for row in rows if row.second >= (ron_cut if nec else pri_cut)]
    if not rows:
        raise QCAError(errors.NO_COMBINATIONS)
    return rows


def _safe(a: float, b: float) -> float:
    # R's C code: 0/0 counts as 0 here, unlike in pof.
    if a == 0 and b == 0:
        return 0.0
    return _div(a, b)
