"""The truth table, as R's ``QCA::truthTable``.

Each case falls in one configuration (fuzzy scores above 0.5 count as 1); row ids are 1-based
positions in the full table with the first condition varying slowest. For every observed row:
n (cases with membership above 0.5), raw consistency and PRI summed over *all* cases, and OUT:
"1" when incl >= incl.cut[0] and PRI >= pri.cut (with R's tolerance), "C" when incl falls between
the two consistency cut-offs, "0" otherwise. Observed rows with fewer than n.cut cases stay in the
table as "?" with their cases and figures, as R shows them; minimization treats them as remainders.

``exclude`` (row ids, or an expression whose configurations are excluded, R's ``findRows``) sets
rows to "0", so that they are never used as remainders. ``inf_test=("binom", alpha)`` replaces the
cut-off rule by R's one-sided binomial test of each row's consistency against incl.cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import errors
from .data import Dataset
from .errors import QCAError
from .expression import expression_cubes, parse_literal
from .fit import TOLERANCE, condition_sets, json_number, outcome_membership


@dataclass(frozen=True)
class TruthTableRow:
    id: int
    values: tuple[int, ...]
    out: str  # "1", "0", "C", or "?" for an observed row below n.cut
    n: int
    incl: float
    pri: float
    cases: list[str]
    excluded: bool = False  # set to "0" by ``exclude`` (n = 0 when not observed)
    pval: tuple[float, ...] | None = None  # binomial test: pval1 (and pval0 with two cut-offs)

    def to_json(self) -> dict:
        data = {
            "id": self.id,
            "values": list(self.values),
            "OUT": self.out,
            "n": self.n,
            "incl": json_number(self.incl),
            "PRI": json_number(self.pri),
            "cases": list(self.cases),
        }
        if self.excluded:
            data["excluded"] = True
        if self.pval is not None:
            data["pval1"] = json_number(self.pval[0])
            if len(self.pval) > 1:
                data["pval0"] = json_number(self.pval[1])
        return data


@dataclass(frozen=True)
class TruthTable:
    outcome: str
    neg_out: bool
    conditions: list[str]
    noflevels: list[int]
    fuzzy: list[bool]
    incl_cut: tuple[float, ...]
    n_cut: int
    pri_cut: float
    rows: list[TruthTableRow]  # every observed configuration and every excluded one, by id
    cases: list[str]
    scores: list[list[float]]  # per condition, per case
    y: list[float]  # outcome membership per case (already negated if asked)
    multivalue: bool
    exclude: tuple[int, ...] = ()
    inf_test: tuple[str, float] | None = None

    @property
    def n_configurations(self) -> int:
        return math.prod(self.noflevels)

    @property
    def table_rows(self) -> list[TruthTableRow]:
        """The rows R lists with an output value (not the remainders)."""
        return [row for row in self.rows if row.out != "?"]

    def with_outputs(self, outputs: dict[int, str]) -> TruthTable:
        """The table with outputs set by hand (R: ``tt$tt["5", "OUT"] <- "1"``) on listed rows."""
        if not outputs:
            return self
        known = {row.id for row in self.rows}
        for row_id, out in outputs.items():
            if int(row_id) not in known or str(out) not in ("0", "1", "C"):
                raise QCAError(errors.HAND_SET_ROW.format(row_id, out))
        wanted = {int(k): str(v) for k, v in outputs.items()}
        rows = [replace(row, out=wanted[row.id]) if row.id in wanted else row for row in self.rows]
        return replace(self, rows=rows)

    def counts(self) -> dict:
        # As R: rows below n.cut are observed (listed, with their cases) but minimized as remainders.
        observed = [row for row in self.rows if row.n > 0]
        counts = {
            "observed_rows": len(observed),
            "OUT1": sum(row.out == "1" for row in observed),
            "OUT0": sum(row.out == "0" for row in observed),
            "OUTC": sum(row.out == "C" for row in observed),
            "observed_below_ncut": sum(row.out == "?" for row in observed),
            "remainders": self.n_configurations - len(self.table_rows),
        }
        if self.exclude:
            counts["excluded"] = len(self.exclude)
        return counts

    def options(self) -> dict:
        return {
            "outcome": self.outcome,
            "neg_out": self.neg_out,
            "conditions": list(self.conditions),
            "incl.cut": list(self.incl_cut),
            "n.cut": self.n_cut,
            "pri.cut": self.pri_cut,
            "complete": False,
            "show.cases": True,
            "dcc": False,
            "exclude": list(self.exclude) or None,
            "inf.test": None if self.inf_test is None else f"{self.inf_test[0]}, {self.inf_test[1]:g}",
        }

    def to_json(self) -> dict:
        return {
            "options": self.options(),
            "conditions": list(self.conditions),
            "noflevels": list(self.noflevels),
            "fuzzy_conditions": list(self.fuzzy),
            "multivalue": self.multivalue,
            "n_configurations": self.n_configurations,
            "counts": self.counts(),
            "rows": [row.to_json() for row in self.rows],
        }


def check_incl_cut(incl_cut: float | Sequence[float]) -> tuple[float, ...]:
    cuts = (float(incl_cut),) if isinstance(incl_cut, int | float) else tuple(float(c) for c in incl_cut)
    if not 1 <= len(cuts) <= 2:
        raise QCAError(errors.INCL_CUT_COUNT)
    for cut in cuts:
        if not 0 <= cut <= 1:
            raise QCAError(errors.CUTOFF_RANGE.format("incl.cut", cut))
    if len(cuts) == 2 and cuts[1] > cuts[0]:
        raise QCAError(errors.INCL_CUT_COUNT)
    return cuts


def at_least(a: float, b: float) -> bool:
    """R's ``admisc::agteb``: a >= b up to the square root of the machine epsilon."""
    return a > b or abs(a - b) <= TOLERANCE


def truth_table(
    data: Dataset,
    outcome: str,
    *,
    conditions: Sequence[str] | None = None,
    neg_out: bool = False,
    incl_cut: float | Sequence[float] = 1,
    n_cut: int = 1,
    pri_cut: float = 0,
    exclude: Sequence[int] | str | None = None,
    inf_test: str | tuple[str, float] | None = None,
) -> TruthTable:
    cuts = check_incl_cut(incl_cut)
    test = parse_inf_test(inf_test)
    if isinstance(n_cut, bool) or int(n_cut) != n_cut or n_cut < 1:
        raise QCAError(errors.N_CUT_RANGE.format(n_cut))
    n_cut = int(n_cut)
    if not 0 <= pri_cut <= 1:
        raise QCAError(errors.CUTOFF_RANGE.format("pri.cut", pri_cut))
    outcome_name, y = outcome_membership(data, outcome, neg_out=neg_out)
    sets = condition_sets(data, outcome_name, conditions)
    conditions, scores, fuzzy, noflevels = sets.names, sets.scores, sets.fuzzy, sets.noflevels
    ncases = len(data.cases)

    # The configuration of each case; a fuzzy score counts as present above 0.5.
    line = []
    for i in range(ncases):
        index = 0
        for c in range(len(conditions)):
            x = scores[c][i]
            level = (1 if x > 0.5 else 0) if fuzzy[c] else int(x)
            index = index * noflevels[c] + level
        line.append(index + 1)
    # R leaves a case with a score of exactly 0.5 out of the case lists: it belongs to no corner.
    half = [
        any(fuzzy[c] and abs(scores[c][i] - 0.5) <= TOLERANCE for c in range(len(conditions)))
        for i in range(ncases)
    ]

    observed = sorted(set(line))
    stats = []
    for row_id in observed:
        values = _values(row_id, noflevels)
        n, incl, pri = _row_fit(values, scores, fuzzy, y)
        cases = [data.cases[i] for i in range(ncases) if line[i] == row_id and not half[i]]
        stats.append((row_id, values, n, incl, pri, cases))

    kept = [n >= n_cut for (_, _, n, _, _, _) in stats]
    if not any(kept):
        raise QCAError(errors.NO_CONFIGURATIONS)
    ic1 = cuts[0]
    ic0 = cuts[1] if len(cuts) > 1 else 1.0
    outs = ["?"] * len(stats)
    band = []
    for j, (_, _, _, incl, pri, _) in enumerate(stats):
        if kept[j]:
            outs[j] = "1" if at_least(incl, ic1) and at_least(pri, pri_cut) else "0"
            band.append(incl < ic1 and at_least(incl, ic0))
    # R marks contradictions with a logical index computed over the rows at or above n.cut but
    # applied to all observed rows, and R recycles a short logical index. Reproduced on purpose:
    # the results must be R's, and this only differs from the obvious reading when rows fall
    # below n.cut while two consistency cut-offs are given.
    for j in range(len(stats)):
        if band[j % len(band)]:
            outs[j] = "C"
    excluded = _excluded_rows(exclude, conditions, noflevels)
    by_id = {
        row_id: TruthTableRow(row_id, values, outs[j], n, incl, pri, cases, excluded=row_id in excluded)
        for j, (row_id, values, n, incl, pri, cases) in enumerate(stats)
    }
    for row_id in excluded:
        row = by_id.get(row_id)
        if row is None:
            by_id[row_id] = TruthTableRow(row_id, _values(row_id, noflevels), "0", 0, math.nan, math.nan, [], True)
        else:
            by_id[row_id] = replace(row, out="0")
    if test is not None:
        for row_id, row in by_id.items():
            if row.out != "?" and not row.excluded:
                by_id[row_id] = _binomial(row, cuts, test[1])
    rows = [by_id[row_id] for row_id in sorted(by_id)]
    multivalue = any(n > 2 for n in noflevels) or parse_literal(outcome).levels is not None
    return TruthTable(
        outcome=outcome,
        neg_out=neg_out,
        conditions=conditions,
        noflevels=noflevels,
        fuzzy=fuzzy,
        incl_cut=cuts,
        n_cut=n_cut,
        pri_cut=float(pri_cut),
        rows=rows,
        cases=list(data.cases),
        scores=scores,
        y=y,
        multivalue=multivalue,
        exclude=tuple(sorted(excluded)),
        inf_test=test,
    )


def parse_inf_test(inf_test: str | Sequence | None) -> tuple[str, float] | None:
    """R's ``inf.test = "binom"`` or ``"binom, 0.01"`` (alpha 0.05 by default)."""
    if inf_test is None or (isinstance(inf_test, str) and not inf_test.strip()):
        return None
    parts = [p.strip() for p in inf_test.split(",")] if isinstance(inf_test, str) else list(inf_test)
    if not parts or parts[0] != "binom" or len(parts) > 2:
        raise QCAError(errors.INF_TEST.format(inf_test))
    try:
        alpha = float(parts[1]) if len(parts) > 1 else 0.05
    except ValueError:
        raise QCAError(errors.INF_TEST.format(inf_test)) from None
    if not 0 < alpha < 1:
        raise QCAError(errors.INF_TEST.format(inf_test))
    return ("binom", alpha)


def binomial_greater(successes: int, n: int, p: float) -> float:
    """R's ``binom.test(x, n, p, alternative = "greater")$p.value``: P(X >= x)."""
    if successes <= 0:
        return 1.0
    return min(1.0, sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(successes, n + 1)))


def _binomial(row: TruthTableRow, cuts: tuple[float, ...], alpha: float) -> TruthTableRow:
    # R: successes = round(n * incl) (round half to even, as Python's round), p = the cut-off;
    # OUT 1 when significant above incl.cut[1], "C" when only above incl.cut[2]. PRI plays no part.
    successes = round(row.n * row.incl) if not math.isnan(row.incl) else 0
    pvals = tuple(binomial_greater(successes, row.n, cut) for cut in cuts)
    out = "0"
    if pvals[0] < alpha:
        out = "1"
    elif len(pvals) > 1 and pvals[1] < alpha:
        out = "C"
    return replace(row, out=out, pval=pvals)


def _excluded_rows(exclude, conditions: Sequence[str], noflevels: Sequence[int]) -> set[int]:
    """Row ids from R's ``exclude``: numbers, or an expression (every configuration it covers)."""
    if exclude is None:
        return set()
    total = math.prod(noflevels)
    if isinstance(exclude, str):
        if not exclude.strip():
            return set()
        if all(part.strip().isdigit() for part in exclude.split(",") if part.strip()):
            exclude = [int(part) for part in exclude.split(",") if part.strip()]
        else:
            cubes = expression_cubes(exclude, conditions, noflevels)
            ids = set()
            for row_id in range(1, total + 1):
                values = _values(row_id, noflevels)
                if any(all(v in allowed for v, allowed in zip(values, cube, strict=True)) for cube in cubes):
                    ids.add(row_id)
            return ids
    ids = set()
    for value in exclude:
        if isinstance(value, bool) or int(value) != value or value < 1:
            raise QCAError(errors.EXCLUDE_ROW.format(value))
        if value <= total:  # R drops ids beyond the table silently
            ids.add(int(value))
    return ids


def _values(row_id: int, noflevels: Sequence[int]) -> tuple[int, ...]:
    index = row_id - 1
    values = []
    for levels in reversed(noflevels):
        values.append(index % levels)
        index //= levels
    return tuple(reversed(values))


def _row_fit(values, scores, fuzzy, y) -> tuple[int, float, float]:
    """R's C_truthTable for one row: n, inclusion and PRI, summed over all cases in data order."""
    sum_x = sum_min = pri_sum = 0.0
    n = 0
    for i in range(len(y)):
        member = 1000.0
        for c, level in enumerate(values):
            x = scores[c][i]
            if fuzzy[c]:
                x = 1 - x if level == 0 else x
            else:
                x = 1.0 if x == level else 0.0
            if x < member:
                member = x
        sum_x += member
        m = member if member < y[i] else y[i]
        sum_min += m
        pri_sum += m if m < 1 - y[i] else 1 - y[i]
        n += member > 0.5
    incl = sum_min / sum_x if sum_x else math.nan
    pri = (sum_min - pri_sum) / (sum_x - pri_sum) if sum_x - pri_sum else math.nan
    return n, incl, pri
