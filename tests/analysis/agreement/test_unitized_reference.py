"""The unitized α family (|u|α, cu-α, Cu-α) against a deliberately naive reimplementation.

Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On the reliability of unitizing
textual continua: Further developments. Quality & Quantity, 50, 2347–2364.

No published worked example with data precise enough to rebuild (each coder's unit positions,
lengths and values) and its printed coefficients could be found (see docs/agreement.md, "How
these are checked"), so this file holds the next best thing, and says so: a CROSS-IMPLEMENTATION
check. `naive_unitized` below applies eqs. 1, 4, 6, 10 and 11 exactly as docs/agreement.md states
them, in exact rational arithmetic, the slow and obvious way: it paints every code point with each
coder's value, cuts each coder's continuum into sections (units and gaps), and pairs every section
of every coder with every section of every other coder. It shares no code with `sweep.py` /
`tallies.py` (not even `merge_intervals`), so a bug in the boundary sweeps, the bit masks, the
per-document m or the float bookkeeping shows up as a difference. What it cannot catch is a
misreading of the paper that both implementations share: both follow docs/agreement.md.
"""

import random
from collections import defaultdict
from fractions import Fraction

import pytest

from analysis.agreement.compute import (
    ALPHA_CU,
    ALPHA_CU_DOMAINS,
    ALPHA_UNITIZED_BINARY,
    Span,
    measure_agreement,
)

GAP = "∅"


def _runs(labels):
    """Maximal runs of equal labels: [(start, end, label)] covering the whole continuum."""
    runs, start = [], 0
    for x in range(1, len(labels) + 1):
        if x == len(labels) or labels[x] != labels[start]:
            runs.append((start, x, labels[start]))
            start = x
    return runs


def _overlap(g, h):
    return max(0, min(g[1], h[1]) - max(g[0], h[0]))


def naive_unitized(*, documents, coders, spans, coders_by_document=None, label, with_gaps):
    """One unitized α from eqs. 1 and 4 (|u|α: eq. 6; cu-α / Cu-α: eqs. 10, 11), by brute force.

    ``label(covering)`` gives a coder's value at a code point from the spans of theirs that cover
    it (None: not a unit there). With ``with_gaps`` (|u|α) the stretches between units are sections
    of value ∅ whose points count singly in eq. 4 (l, not l²); without (cu-α, Cu-α) gaps are left
    out and each unit g counts with its weight w_g = Σ_{j≠i} Σ_h |g ∩ h| / (m − 1).
    Returns (value, observed, expected, units) as Fractions, value None when D_e = 0.
    """
    o = defaultdict(Fraction)  # (c, k) -> o_ck, eq. 1
    margin = defaultdict(Fraction)  # c -> l_c, summed from the units' weights
    self_weight = defaultdict(Fraction)  # c -> Σ_g l_g² (units), Σ_g l_g (gap points), Σ_g w_g² (cu)
    units = 0
    for doc, length in documents.items():
        present = [c for c in coders if coders_by_document is None or c in coders_by_document.get(doc, ())]
        m = len(present)
        if m < 2:
            continue
        sections = {}
        for coder in present:
            mine = [s for s in spans if s.document == doc and s.coder == coder]
            labels = [label([s for s in mine if s.start <= x < s.end]) for x in range(length)]
            sections[coder] = [
                (s, e, GAP if v is None else v) for s, e, v in _runs(labels) if with_gaps or v is not None
            ]
        # Eq. 1 over pairs of sections: o_ck = 1/(m − 1) Σ_i Σ_{j≠i} Σ_g Σ_h |s_icg ∩ s_jkh|.
        here = defaultdict(Fraction)
        for i in present:
            for g in sections[i]:
                w = Fraction(0)
                for j in present:
                    if j == i:
                        continue
                    for h in sections[j]:
                        shared = Fraction(_overlap(g, h), m - 1)
                        here[(g[2], h[2])] += shared
                        w += shared
                length_g = g[1] - g[0]
                if with_gaps:
                    assert w == length_g  # the other coders' sections tile the continuum
                    self_weight[g[2]] += length_g if g[2] == GAP else length_g * length_g
                else:
                    self_weight[g[2]] += w * w
                margin[g[2]] += w
                if g[2] != GAP and (with_gaps or w > 0):
                    units += 1
        # ... and again point by point (every code point pairs with itself in each other coder):
        # the two readings of eq. 1 must give the same matrix.
        by_points = defaultdict(Fraction)
        for x in range(length):
            at = {c: next((v for s, e, v in sections[c] if s <= x < e), None) for c in present}
            for i in present:
                for j in present:
                    if i != j and at[i] is not None and at[j] is not None:
                        by_points[(at[i], at[j])] += Fraction(1, m - 1)
        assert {k: v for k, v in here.items() if v} == {k: v for k, v in by_points.items() if v}
        for key, value in here.items():
            o[key] += value
    values = sorted(margin, key=str)
    for c in values:  # l_c. = Σ_k o_ck: the weights and the coincidences tell the same lengths
        assert margin[c] == sum((o[(c, k)] for k in values), Fraction(0))
    total = sum(margin.values(), Fraction(0))  # l..
    if total == 0:
        return None, None, None, units
    denominator = total * total - sum(self_weight.values(), Fraction(0))
    if denominator == 0:
        return None, None, None, units
    # Eq. 4 (and eq. 11, the same with w_g² for l_g²): e_ck = l.. (l_c l_k − δ_ck S_c) / (l..² − Σ S).
    e = {
        (c, k): total * (margin[c] * margin[k] - (self_weight[c] if c == k else 0)) / denominator
        for c in values
        for k in values
    }
    observed = sum((v for (c, k), v in o.items() if c != k), Fraction(0)) / total
    expected = sum((v for (c, k), v in e.items() if c != k), Fraction(0)) / total
    if expected == 0:
        return None, observed, expected, units
    return 1 - observed / expected, observed, expected, units


def binary_label(categories):
    return lambda covering: True if any(s.category in categories for s in covering) else None


def value_label(category):
    def label(covering):
        found = frozenset(
            s.value if s.value is not None else s.category for s in covering if s.category == category
        )
        return found or None

    return label


def category_label(categories):
    def label(covering):
        return frozenset(s.category for s in covering if s.category in categories) or None

    return label


def assert_same(measure, naive, what):
    value, observed, expected, units = naive
    assert measure.units == units, what
    if value is None:
        assert measure.value is None, what
        return
    assert measure.value is not None, what
    assert measure.value == pytest.approx(float(value), abs=1e-12), what
    assert measure.observed == pytest.approx(float(observed), abs=1e-12), what
    assert measure.expected == pytest.approx(float(expected), abs=1e-12), what


CATEGORIES = ["X", "Y", "Z"]
VALUES = {"X": ["x1", "x2", "x3", None], "Y": ["y1", "y2"], "Z": [None]}  # Z: no sub-codes, no cu-α


def random_continua(rng):
    """Several documents, coders, categories and sub-codes; overlapping, touching, nested and
    copied-with-jitter units (so that α is neither ~0 nor 1), units at both ends, gaps, coders
    absent from some documents (each document keeps its own m)."""
    n_coders = rng.randint(2, 4)
    coders = [f"c{k}" for k in range(n_coders)]
    documents = {f"d{k}": rng.randint(15, 70) for k in range(rng.randint(1, 3))}
    spans = []

    def add(doc, coder, category, start, end, value):
        start, end = max(0, start), min(documents[doc], end)
        if start < end:
            spans.append(Span(doc, coder, category, start, end, value))

    for doc, length in documents.items():
        template = []
        for _ in range(rng.randint(1, 6)):
            category = rng.choice(CATEGORIES)
            start = rng.choice([0, rng.randrange(length)])
            template.append((category, start, start + rng.randint(1, 20), rng.choice(VALUES[category])))
        for coder in coders:
            for category, start, end, value in template:
                if rng.random() < 0.75:
                    jitter = 0 if rng.random() < 0.4 else rng.randint(-3, 3)
                    if rng.random() < 0.25:
                        value = rng.choice(VALUES[category])
                    add(doc, coder, category, start + jitter, end + rng.choice([0, 0, jitter, 2]), value)
            for _ in range(rng.randint(0, 4)):  # the coder's own units, some touching or overlapping
                category = rng.choice(CATEGORIES)
                start = rng.randrange(length)
                end = start + rng.randint(1, 15)
                add(doc, coder, category, start, end, rng.choice(VALUES[category]))
                if rng.random() < 0.4:
                    add(doc, coder, category, end, end + rng.randint(1, 8), rng.choice(VALUES[category]))
    coders_by_document = None
    if rng.random() < 0.5:
        coders_by_document = {
            doc: [c for c in coders if rng.random() < 0.8] or coders[:1] for doc in documents
        }
    return documents, coders, spans, coders_by_document


@pytest.mark.parametrize("seed", range(40))
def test_the_unitized_alpha_family_equals_a_naive_implementation_of_the_2016_equations(seed):
    rng = random.Random(9000 + seed)
    documents, coders, spans, coders_by_document = random_continua(rng)
    result = measure_agreement(
        documents=documents,
        coders=coders,
        spans=spans,
        categories=CATEGORIES,
        coders_by_document=coders_by_document,
    )
    common = {
        "documents": documents,
        "coders": coders,
        "spans": spans,
        "coders_by_document": coders_by_document,
    }
    for category in CATEGORIES:
        measures = result.per_category[category]
        naive = naive_unitized(**common, label=binary_label({category}), with_gaps=True)
        assert_same(measures[ALPHA_UNITIZED_BINARY], naive, (category, "|u|α"))
        used = {s.value if s.value is not None else s.category for s in spans if s.category == category}
        if len(used) < 2:  # documented: a category with one value has no cu-α
            assert measures[ALPHA_CU].value is None
        else:
            naive = naive_unitized(**common, label=value_label(category), with_gaps=False)
            assert_same(measures[ALPHA_CU], naive, (category, "cu-α"))
    naive = naive_unitized(**common, label=binary_label(set(CATEGORIES)), with_gaps=True)
    assert_same(result.overall[ALPHA_UNITIZED_BINARY], naive, "overall |u|α")
    naive = naive_unitized(**common, label=category_label(set(CATEGORIES)), with_gaps=False)
    assert_same(result.overall[ALPHA_CU_DOMAINS], naive, "Cu-α")


def test_the_random_continua_are_not_degenerate():
    # The comparison above means little if α were always undefined, 0 or 1: check the spread.
    seen = []
    for seed in range(40):
        documents, coders, spans, coders_by_document = random_continua(random.Random(9000 + seed))
        result = measure_agreement(
            documents=documents,
            coders=coders,
            spans=spans,
            categories=CATEGORIES,
            coders_by_document=coders_by_document,
        )
        seen += [m.value for m in (result.per_category["X"][ALPHA_CU], result.overall[ALPHA_CU_DOMAINS])]
        seen.append(result.per_category["X"][ALPHA_UNITIZED_BINARY].value)
    defined = [v for v in seen if v is not None]
    assert len(defined) > 0.8 * len(seen)
    assert sum(0.05 < v < 0.95 for v in defined) > len(defined) / 2
    assert any(v < 0 for v in defined)  # systematic disagreement happens too


def test_cu_alpha_and_Cu_alpha_of_a_three_coder_example_worked_by_hand():
    # One document of 10 code points, three coders (m − 1 = 2), values p and q (eqs. 10, 11):
    #   A: p [0,6)      B: p [0,4), q [4,6)      C: q [2,6)
    # Units and weights w_g = Σ_{j≠i} Σ_h |g ∩ h| / 2:
    #   A·p[0,6): (4 + 2 + 4)/2 = 5   B·p[0,4): (4 + 2)/2 = 3   B·q[4,6): (2 + 2)/2 = 2
    #   C·q[2,6): (4 + 2 + 2)/2 = 4
    # o_pp = (4 + 4)/2 = 4, o_pq = o_qp = (2 + 4 + 2)/2 = 4, o_qq = (2 + 2)/2 = 2;
    # l_p = 8 = 5 + 3, l_q = 6 = 2 + 4, l.. = 14, Σ w² = 25 + 9 + 4 + 16 = 54;
    # e_pq = l_p l_q / (l.. − Σw²/l..) = 48 / (71/7) = 336/71;
    # D_o = 8/14 = 4/7, D_e = 672/71 / 14 = 48/71, α = 1 − (4/7)/(48/71) = 13/84.
    documents = {1: 10}
    as_values = [
        Span(1, "A", "X", 0, 6, "p"),
        Span(1, "B", "X", 0, 4, "p"),
        Span(1, "B", "X", 4, 6, "q"),
        Span(1, "C", "X", 2, 6, "q"),
    ]
    result = measure_agreement(documents=documents, coders=["A", "B", "C"], spans=as_values, categories=["X"])
    cu = result.per_category["X"][ALPHA_CU]
    assert cu.value == pytest.approx(13 / 84, abs=1e-12)
    assert cu.observed == pytest.approx(4 / 7, abs=1e-12)
    assert cu.expected == pytest.approx(48 / 71, abs=1e-12)
    assert cu.units == 4
    # The same geometry with the values as categories: Cu-α across the categories is the same.
    as_categories = [
        Span(s.document, s.coder, "P" if s.value == "p" else "Q", s.start, s.end) for s in as_values
    ]
    result = measure_agreement(
        documents=documents, coders=["A", "B", "C"], spans=as_categories, categories=["P", "Q"]
    )
    assert result.overall[ALPHA_CU_DOMAINS].value == pytest.approx(13 / 84, abs=1e-12)
    naive = naive_unitized(
        documents=documents,
        coders=["A", "B", "C"],
        spans=as_values,
        label=value_label("X"),
        with_gaps=False,
    )
    assert naive[0] == Fraction(13, 84)
