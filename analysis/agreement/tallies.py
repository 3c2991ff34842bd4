"""The sums behind each chance-corrected coefficient, and the coefficient they give (pure Python).

A tally is filled document by document (by `sweep.py` and `compute.measure_agreement`) and turned
into a `Measure` at the end, so that documents simply add: units never cross documents, and each
document keeps its own number of coders m. The formulas are in docs/agreement.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One coefficient. ``value`` is None when undefined (no variation, or fewer than 2 coders).

    ``observed`` and ``expected`` are disagreements as fractions of the pairable total; for the
    chance-corrected coefficients value = 1 - observed / expected. Percent agreement is not
    corrected for chance, so its ``expected`` is None and value = 1 - observed.
    """

    value: float | None
    units: int
    observed: float | None
    expected: float | None

    def to_json(self):
        return {
            "value": self.value,
            "units": self.units,
            "observed": self.observed,
            "expected": self.expected,
        }


class NominalTally:
    """Krippendorff's nominal α (2011): D_o = Σ_u Σ_{c≠k} n_uc n_uk / (m_u - 1) / n,
    D_e = Σ_{c≠k} n_c n_k / (n (n - 1))."""

    __slots__ = ("units", "pairable", "disagreeing", "totals")

    def __init__(self):
        self.units = 0
        self.pairable = 0.0
        self.disagreeing = 0.0  # Σ_u Σ_{c≠k} n_uc n_uk / (m_u - 1)
        self.totals: dict[Hashable, float] = defaultdict(float)

    def add_counts(self, counts: Mapping[Hashable, int], times: int = 1):
        """Add ``times`` identical units whose values occur ``counts`` times."""
        m = sum(counts.values())
        if m < 2 or times <= 0:
            return
        self.units += times
        self.pairable += m * times
        same = sum(n * n for n in counts.values())
        self.disagreeing += times * (m * m - same) / (m - 1)
        for value, n in counts.items():
            self.totals[value] += n * times

    def add_binary(self, m: int, f: int, times: int):
        """``times`` units where f of the m coders gave 1 and the others 0 (add_counts, unrolled)."""
        if m < 2 or times <= 0:
            return
        self.units += times
        self.pairable += m * times
        self.disagreeing += times * 2 * f * (m - f) / (m - 1)
        self.totals[1] += f * times
        self.totals[0] += (m - f) * times

    def merge(self, other: NominalTally):
        self.units += other.units
        self.pairable += other.pairable
        self.disagreeing += other.disagreeing
        for value, n in other.totals.items():
            self.totals[value] += n

    def measure(self) -> Measure:
        n = self.pairable
        if n < 2:
            return Measure(None, self.units, None, None)
        observed = self.disagreeing / n
        expected = (n * n - sum(t * t for t in self.totals.values())) / (n * (n - 1))
        value = None if expected == 0 else 1 - observed / expected
        return Measure(value, self.units, observed, expected)


class BinaryUnitizedTally:
    """|u|α (Krippendorff et al. 2016, eqs. 1, 4, 6): coders' units against the gaps between them.

    A gap's points are single-point "units": they count l, not l², in the expected coincidences.
    """

    __slots__ = ("total", "disagree", "unit_len", "self_pairs", "units")

    def __init__(self):
        self.total = 0.0  # l.. = Σ_doc m·L
        self.disagree = 0.0  # o_{1∅} + o_{∅1} = Σ_doc 2 ∫ f (m - f) / (m - 1)
        self.unit_len = 0.0  # l_1 = Σ_i |U_i|; the gaps have l.. - l_1
        self.self_pairs = 0.0  # Σ_units l² + Σ_gaps l
        self.units = 0

    def add(self, *, total, disagree, unit_len, unit_squares, units):
        self.total += total
        self.disagree += disagree
        self.unit_len += unit_len
        self.self_pairs += unit_squares + (total - unit_len)
        self.units += units

    def measure(self) -> Measure:
        total = self.total
        if total <= 0:
            return Measure(None, self.units, None, None)
        gap_len = total - self.unit_len
        denominator = total * total - self.self_pairs
        expected_pairs = 2 * total * self.unit_len * gap_len / denominator if denominator > 0 else 0.0
        observed = self.disagree / total
        expected = expected_pairs / total
        value = None if expected <= 1e-15 else 1 - observed / expected
        return Measure(value, self.units, observed, expected)


class CodingUnitizedTally:
    """cu-α / Cu-α (eqs. 10, 11): agreement on the values where coders' valued units intersect.

    Filled by `sweep.valued_pass`; values are whatever keys it uses (sets of codes as bit masks).
    """

    __slots__ = ("total", "diagonal", "margins", "self_pairs", "units")

    def __init__(self):
        self.total = 0.0  # Σ_{c,k} o_ck
        self.diagonal = 0.0  # Σ_c o_cc
        self.margins: dict[Hashable, float] = defaultdict(float)  # l_c = Σ_{g of value c} w_g
        self.self_pairs: dict[Hashable, float] = defaultdict(float)  # Σ_{g of value c} w_g²
        self.units = 0

    def measure(self) -> Measure:
        total = self.total
        if total <= 0:
            return Measure(None, self.units, None, None)
        sum_self = sum(self.self_pairs.values())
        denominator = total - sum_self / total
        if denominator <= 0:
            return Measure(None, self.units, None, None)
        expected_diag = sum(
            (lc * lc - self.self_pairs.get(c, 0.0)) / denominator for c, lc in self.margins.items()
        )
        observed = (total - self.diagonal) / total
        expected = (total - expected_diag) / total
        value = None if expected <= 1e-12 else 1 - observed / expected
        return Measure(value, self.units, observed, expected)


def cohen_kappa_counts(both: float, only_a: float, only_b: float, neither: float) -> Measure:
    """Cohen's κ from a 2×2 table of characters (coded by both, only A, only B, neither)."""
    n = both + only_a + only_b + neither
    if n <= 0:
        return Measure(None, 0, None, None)
    p_o = (both + neither) / n
    a1, b1 = (both + only_a) / n, (both + only_b) / n
    p_e = a1 * b1 + (1 - a1) * (1 - b1)
    observed, expected = 1 - p_o, 1 - p_e
    value = None if expected <= 1e-15 else 1 - observed / expected
    return Measure(value, int(n), observed, expected)


def mean_kappa(tables, units: int) -> Measure:
    """Cohen's κ of each coder pair's 2×2 table, averaged over the pairs where it is defined:
    Light's κ (Light 1971); with two coders, simply Cohen's κ."""
    measures = [cohen_kappa_counts(*t) for t in tables]
    defined = [m for m in measures if m.value is not None]
    if not defined:
        return Measure(None, units, measures[0].observed if measures else None, None)
    k = len(defined)
    return Measure(
        sum(m.value for m in defined) / k,
        units,
        sum(m.observed for m in defined) / k,
        sum(m.expected for m in defined) / k,
    )


def ratio_measure(agree: float, total: float, units: int) -> Measure:
    if total <= 0:
        return Measure(None, units, None, None)
    return Measure(agree / total, units, 1 - agree / total, None)
