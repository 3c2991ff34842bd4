"""Intercoder agreement over coded text, in pure Python (no Django import).

The unit of text is the code point of the stored (NFC, ``\\n``-normalised) text, the same unit as
``Coding.start`` / ``Coding.end``. Every measure is computed from sorted, merged intervals with
sweeps over their boundaries, never by visiting characters one by one: a 80,000-character
transcript with 200 codings costs a few hundred steps, not 80,000.

Inputs are plain tuples (see ``Span``); ``measure_agreement`` returns, per category and overall,
one ``Measure`` for each coefficient with its number of units and its observed and expected
disagreement. The formulas and references are in docs/agreement.md.

Vocabulary:
- a *category* is what is compared: one code, or one code with its subtree (chosen upstream);
- a span's *value* refines its category for cu-α (the child code under the category it falls
  in); it defaults to the category itself;
- a coder *took part* in a document when listed in ``coders_by_document`` for it (by default every
  coder took part in every document); absent coders are missing data, not "coded nothing".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

PERCENT_CHARACTERS = "percent_characters"
PERCENT_SEGMENTS = "percent_segments"
KAPPA = "kappa"
ALPHA_NOMINAL = "alpha_nominal"
ALPHA_UNITIZED_BINARY = "alpha_u_binary"  # |u|α
ALPHA_CU = "alpha_cu"  # cu-α, per category: values are the category's sub-codes
ALPHA_CU_DOMAINS = "alpha_Cu"  # Cu-α, overall: values are the categories themselves

MEASURES = (
    PERCENT_CHARACTERS,
    PERCENT_SEGMENTS,
    KAPPA,
    ALPHA_NOMINAL,
    ALPHA_UNITIZED_BINARY,
    ALPHA_CU,
    ALPHA_CU_DOMAINS,
)


class Span(NamedTuple):
    """One coding: coder ``coder`` applied ``category`` (refined as ``value``) to [start, end).

    A named tuple rather than a dataclass: hundreds of thousands are made per table."""

    document: Hashable
    coder: Hashable
    category: Hashable
    start: int
    end: int
    value: Hashable = None


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


@dataclass
class AgreementResult:
    per_category: dict = field(default_factory=dict)  # category -> {measure name -> Measure}
    overall: dict = field(default_factory=dict)  # measure name -> Measure
    coders: tuple = ()
    documents: int = 0  # documents with at least two coders taking part
    characters: int = 0  # their total length

    def to_json(self):
        return {
            "coders": list(self.coders),
            "documents": self.documents,
            "characters": self.characters,
            "overall": {name: m.to_json() for name, m in self.overall.items()},
            "per_category": {
                str(cat): {name: m.to_json() for name, m in measures.items()}
                for cat, measures in self.per_category.items()
            },
        }


# ---------------------------------------------------------------------------------------------
# Intervals


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint intervals covering the same points; touching ones become one unit,
    because a coder who codes [0,5) and [5,9) with one code has marked one passage."""
    out: list[list[int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1][1] = end
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def covered_length(intervals: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in intervals)


def coverage_profile(unit_lists: Iterable[Sequence[tuple[int, int]]]) -> list[tuple[int, int, int]]:
    """(start, end, f) pieces where f = how many of the (each disjoint) lists cover the piece, f > 0."""
    delta: dict[int, int] = defaultdict(int)
    for units in unit_lists:
        for s, e in units:
            delta[s] += 1
            delta[e] -= 1
    pieces = []
    level = 0
    previous = None
    for x in sorted(delta):
        if level and previous is not None and x > previous:
            pieces.append((previous, x, level))
        level += delta[x]
        previous = x
    return pieces


# ---------------------------------------------------------------------------------------------
# Krippendorff's α from reliability data (used for the nominal α and tested against `krippendorff`)


class _NominalTally:
    """Sums for nominal α: D_o = Σ_u Σ_{c≠k} n_uc n_uk / (m_u - 1) / n, D_e = Σ_{c≠k} n_c n_k / (n(n-1))."""

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

    def merge(self, other: _NominalTally):
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


def nominal_alpha(reliability_data: Sequence[Sequence[Hashable | None]]) -> Measure:
    """Krippendorff's nominal α of a coders × units matrix; None marks a missing value."""
    tally = _NominalTally()
    for column in zip(*reliability_data, strict=True):
        counts: dict[Hashable, int] = defaultdict(int)
        for v in column:
            if v is not None:
                counts[v] += 1
        tally.add_counts(counts)
    return tally.measure()


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


# ---------------------------------------------------------------------------------------------
# The unitized α family (Krippendorff, Mathet, Bouvry & Widlöcher 2016)


class _BinaryUnitizedTally:
    """|u|α: each coder's units (any value) against the gaps between them, over the continua.

    Sums of the 2016 paper's eqs. (1), (4), (6) over concatenated documents; a gap's points are
    single-point "units" (they count l, not l², in the expected coincidences).
    """

    __slots__ = ("total", "disagree", "unit_len", "gap_len", "self_pairs", "units")

    def __init__(self):
        self.total = 0.0  # l.. = Σ_doc m·L
        self.disagree = 0.0  # o_{1∅} + o_{∅1}
        self.unit_len = 0.0  # l_1 = Σ_i |U_i|
        self.gap_len = 0.0  # l_∅
        self.self_pairs = 0.0  # Σ_units l² + Σ_gaps l
        self.units = 0

    def add_document(
        self,
        length: int,
        per_coder_units: Sequence[Sequence[tuple[int, int]]],
        split_pairs: float | None = None,
    ):
        """``split_pairs`` = ∫ f (m - f), f = coders covering a point, when the caller has it."""
        m = len(per_coder_units)
        if m < 2 or length <= 0:
            return
        self.total += m * length
        covered = 0
        for units in per_coder_units:
            c = covered_length(units)
            covered += c
            self.units += len(units)
            self.self_pairs += sum((e - s) ** 2 for s, e in units) + (length - c)
        self.unit_len += covered
        self.gap_len += m * length - covered
        # Σ over ordered coder pairs (i covers, j does not) = ∫ f (m - f); each pair /(m-1)
        if split_pairs is None:
            split_pairs = sum((e - s) * f * (m - f) for s, e, f in coverage_profile(per_coder_units))
        self.disagree += 2 * split_pairs / (m - 1)

    def measure(self) -> Measure:
        total = self.total
        if total <= 0:
            return Measure(None, self.units, None, None)
        denominator = total * total - self.self_pairs
        expected_pairs = 2 * total * self.unit_len * self.gap_len / denominator if denominator > 0 else 0.0
        observed = self.disagree / total
        expected = expected_pairs / total
        value = None if expected <= 1e-15 else 1 - observed / expected
        return Measure(value, self.units, observed, expected)


def combine_values(by_value: Mapping[Hashable, Sequence[tuple[int, int]]]) -> dict[frozenset, list]:
    """One coder's overlapping values as non-overlapping units valued by the *set* of values.

    The 2016 coefficients assume each coder gives a stretch at most one value. Coders here may
    code one passage with two codes; taking the combination as the value keeps the data nominal,
    makes identical codings agree perfectly, and changes nothing where codes do not overlap.
    """
    if len(by_value) <= 1:
        return {frozenset([v]): list(units) for v, units in by_value.items() if units}
    events: dict[int, list[tuple[Hashable, int]]] = defaultdict(list)
    for value, units in by_value.items():
        for s, e in units:
            events[s].append((value, 1))
            events[e].append((value, -1))
    out: dict[frozenset, list] = defaultdict(list)
    active: dict[Hashable, int] = defaultdict(int)
    previous = None
    for x in sorted(events):
        if active and previous is not None and x > previous:
            key = frozenset(active)
            pieces = out[key]
            if pieces and pieces[-1][1] == previous:
                pieces[-1] = (pieces[-1][0], x)
            else:
                pieces.append((previous, x))
        for value, step in events[x]:
            active[value] += step
            if not active[value]:
                del active[value]
        previous = x
    return dict(out)


class _CodingUnitizedTally:
    """cu-α / Cu-α: agreement on the values where coders' valued units intersect (eqs. 10, 11).

    Gaps are left out; a coder may give several values to one stretch (overlapping codes), so each
    position contributes every (value of i, value of j) pair of two different coders.
    """

    __slots__ = ("total", "diagonal", "margins", "self_pairs", "units")

    def __init__(self):
        self.total = 0.0  # Σ_{c,k} o_ck
        self.diagonal = 0.0  # Σ_c o_cc
        self.margins: dict[Hashable, float] = defaultdict(float)  # l_c
        self.self_pairs: dict[Hashable, float] = defaultdict(float)  # Σ_{g of value c} w_g²
        self.units = 0

    def add_document(self, per_coder_values: Sequence[Mapping[Hashable, Sequence[tuple[int, int]]]]):
        """``per_coder_values``: one {value: merged units} per coder taking part."""
        m = len(per_coder_values)
        if m < 2:
            return
        events: dict[int, list[tuple[int, Hashable, int, int]]] = defaultdict(list)
        for i, by_value in enumerate(per_coder_values):
            for value, units in by_value.items():
                for s, e in units:
                    events[s].append((i, value, 1, s))
                    events[e].append((i, value, -1, s))
        if not events:
            return
        scale = 1.0 / (m - 1)
        counts = [0] * m  # n_i: how many values coder i gives the current position
        seen_n = [0.0] * m  # ∫ n_i, brought up to date lazily at coder i's own events
        seen_at = [0] * m
        f: dict[Hashable, int] = defaultdict(int)  # f_c: how many coders give value c
        big_f = sum_n_sq = sum_f_sq = 0
        integral_f = 0.0  # ∫ F
        opened: dict[tuple[int, Hashable, int], tuple[float, float]] = {}
        previous = None
        for x in sorted(events):
            if previous is not None and big_f:
                d = x - previous
                # Σ over ordered pairs of different coders of their (value, value) pairs here.
                self.total += d * (big_f * big_f - sum_n_sq) * scale
                self.diagonal += d * (sum_f_sq - big_f) * scale
                integral_f += d * big_f
            previous = x
            batch = events[x]
            for i, value, step, start in batch:
                seen_n[i] += counts[i] * (x - seen_at[i])
                seen_at[i] = x
                if step < 0:
                    f_at_start, n_at_start = opened.pop((i, value, start))
                    # w_g = ∫_g (F - n_i) / (m-1): the unit's share of pairable coincidences; its
                    # own w_g² pairs cannot occur by chance and leave the expected coincidences.
                    width = ((integral_f - f_at_start) - (seen_n[i] - n_at_start)) * scale
                    self.margins[value] += width
                    self.self_pairs[value] += width * width
                    if width > 0:
                        self.units += 1
                    sum_n_sq += 1 - 2 * counts[i]
                    counts[i] -= 1
                    sum_f_sq += 1 - 2 * f[value]
                    f[value] -= 1
                    big_f -= 1
            for i, value, step, start in batch:
                if step > 0:
                    opened[(i, value, start)] = (integral_f, seen_n[i])
                    sum_n_sq += 2 * counts[i] + 1
                    counts[i] += 1
                    sum_f_sq += 2 * f[value] + 1
                    f[value] += 1
                    big_f += 1

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


# ---------------------------------------------------------------------------------------------
# Everything at once


def _active_pieces(unit_lists: Sequence[Sequence[tuple[int, int]]]):
    """(start, end, active coder indexes) for every stretch some list covers."""
    events: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, units in enumerate(unit_lists):
        for s, e in units:
            events[s].append((i, 1))
            events[e].append((i, -1))
    active: set[int] = set()
    previous = None
    for x in sorted(events):
        if active and previous is not None and x > previous:
            yield previous, x, active
        for i, step in events[x]:
            if step > 0:
                active.add(i)
            else:
                active.discard(i)
        previous = x


def _matched_segments(per_coder: Sequence[Sequence[tuple[int, int]]], threshold: float) -> int:
    """Σ over segments of how many other coders have a segment overlapping it by ≥ threshold
    of the two segments' joint extent (MAXQDA's segment agreement, every ordered coder pair)."""
    segments = sorted((s, e, i) for i, units in enumerate(per_coder) for s, e in units)
    found: set[tuple[int, int]] = set()  # (segment index, other coder)
    for a, (s, e, i) in enumerate(segments):
        for b in range(a + 1, len(segments)):
            ts, te, j = segments[b]
            if ts >= e:
                break
            if j == i:
                continue
            overlap = min(e, te) - ts
            if overlap > 0 and overlap >= threshold * (max(e, te) - s):
                found.add((a, j))
                found.add((b, i))
    return len(found)


def _kappa_over_pairs(pair_tables: Iterable[tuple[float, float, float, float]], units: int) -> Measure:
    """Cohen's κ of each pair's table (there is one pair: κ is given for exactly two coders)."""
    measures = [cohen_kappa_counts(*t) for t in pair_tables]
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


def _ratio_measure(agree: float, total: float, units: int) -> Measure:
    if total <= 0:
        return Measure(None, units, None, None)
    observed = 1 - agree / total
    return Measure(agree / total, units, observed, None)


def measure_agreement(
    *,
    documents: Mapping[Hashable, int],
    coders: Sequence[Hashable],
    spans: Iterable[Span],
    categories: Sequence[Hashable],
    threshold: float = 0.9,
    coders_by_document: Mapping[Hashable, Iterable[Hashable]] | None = None,
) -> AgreementResult:
    """Every measure, per category and overall, for the given coders over the given documents.

    ``documents`` maps each document to its length in code points; ``threshold`` is the share of
    two segments' joint extent their overlap must reach to count as the same segment. The work
    grows with the codings, not with the text: a category nobody used in a document adds only
    constant terms (everyone agrees on its absence there).
    """
    coder_index = {c: i for i, c in enumerate(coders)}
    category_set = set(categories)
    grouped: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list))))
    category_values: dict[Hashable, set] = defaultdict(set)
    for span in spans:
        if (
            span.document not in documents
            or span.coder not in coder_index
            or span.category not in category_set
        ):
            continue
        value = span.category if span.value is None else span.value
        grouped[span.document][span.category][span.coder][value].append((span.start, span.end))
        category_values[span.category].add(value)
    # cu-α needs two values in a category; a code taken without its subtree has one, so skip it.
    refined = {c for c, vs in category_values.items() if len(vs) > 1}

    pair_length: dict[tuple[int, int], float] = defaultdict(float)  # Σ L over documents both coded
    pairs_total = 0.0  # Σ C(m,2)·L: pairable character pairs of one category
    pc_adjust = defaultdict(float)
    seg_matched = defaultdict(int)
    seg_units = defaultdict(int)
    both: dict = defaultdict(lambda: defaultdict(float))  # category -> pair -> |A ∩ B|
    alone: dict = defaultdict(lambda: defaultdict(float))  # category -> (pair, side) -> |A|
    nominal = defaultdict(_NominalTally)
    binary = defaultdict(_BinaryUnitizedTally)
    coding = defaultdict(_CodingUnitizedTally)
    binary_all = _BinaryUnitizedTally()
    coding_all = _CodingUnitizedTally()
    n_documents = 0
    characters = 0

    # Cohen's κ compares two coders; with more, the table leaves it empty (α covers them).
    two_coders = len(coders) == 2
    for doc, length in documents.items():
        if coders_by_document is not None:
            took_part = set(coders_by_document.get(doc, ()))
            present = [c for c in coders if c in took_part]
        else:
            present = list(coders)
        m = len(present)
        if m < 2 or length <= 0:
            continue
        n_documents += 1
        characters += length
        npairs = m * (m - 1) // 2
        pairs_total += npairs * length
        ids = [coder_index[c] for c in present]
        if two_coders:
            pair_length[(ids[0], ids[1])] += length
        by_category = grouped.get(doc, {})
        # units[c][i]: coder i's merged units of category c, for the categories used here
        units: dict = {}
        values: dict = {}
        for c, by_coder in by_category.items():
            per_coder = [[] for _ in range(m)]
            per_coder_values = [{} for _ in range(m)]
            for i, coder in enumerate(present):
                by_value = by_coder.get(coder)
                if by_value:
                    if len(by_value) == 1:
                        ((v, iv),) = by_value.items()
                        per_coder[i] = merge_intervals(iv)
                        per_coder_values[i] = {v: per_coder[i]}
                    else:
                        per_coder_values[i] = {v: merge_intervals(iv) for v, iv in by_value.items()}
                        per_coder[i] = merge_intervals(iv for ivs in by_value.values() for iv in ivs)
            if any(per_coder):
                units[c] = per_coder
                values[c] = per_coder_values
        everyone = [u for per_coder in units.values() for u in per_coder]
        boundaries = sorted({x for u in everyone for iv in u for x in iv})
        position = {x: k for k, x in enumerate(boundaries)}
        # Units of the nominal α: the pieces between consecutive boundaries that someone coded.
        covered_pieces = sum(position[e] - position[s] for s, e, _ in _active_pieces(everyone))

        for c in categories:
            per_coder = units.get(c)
            if per_coder is None:
                nominal[c].add_counts({0: m}, times=covered_pieces)
                binary[c].add_document(length, [()] * m)
                continue
            lengths = [covered_length(u) for u in per_coder]
            pairs_covered = 0
            split_pairs = 0
            shared = both[c]
            for s, e, active in _active_pieces(per_coder):
                f = len(active)
                split_pairs += (e - s) * f * (m - f)
                if f > 1:
                    pairs_covered += (e - s) * f * (f - 1) // 2
                    if two_coders:
                        shared[(ids[0], ids[1])] += e - s
            pc_adjust[c] += 2 * pairs_covered - (m - 1) * sum(lengths)
            own = alone[c]
            coded = [i for i in range(m) if per_coder[i]]
            for i in coded:
                seg_units[c] += len(per_coder[i]) * (m - 1)
                if two_coders:
                    own[(ids[0], ids[1], i)] += lengths[i]
            if len(coded) > 1:
                seg_matched[c] += _matched_segments(per_coder, threshold)
            # Nominal α on boundary pieces: ranges of pieces with the same number of coders using c.
            delta: dict[int, int] = defaultdict(int)
            for per in per_coder:
                for s, e in per:
                    delta[position[s]] += 1
                    delta[position[e]] -= 1
            touched = 0
            level = 0
            previous = None
            for k in sorted(delta):
                if level:
                    r = k - previous
                    nominal[c].add_counts({1: level, 0: m - level}, times=r)
                    touched += r
                level += delta[k]
                previous = k
            nominal[c].add_counts({0: m}, times=covered_pieces - touched)
            binary[c].add_document(length, per_coder, split_pairs)
            if c in refined:
                coding[c].add_document([combine_values(v) for v in values[c]])
        binary_all.add_document(
            length,
            [merge_intervals(iv for per_coder in units.values() for iv in per_coder[i]) for i in range(m)],
        )
        coding_all.add_document(
            [
                combine_values({c: per_coder[i] for c, per_coder in units.items() if per_coder[i]})
                for i in range(m)
            ]
        )

    def pair_tables(c):
        for (a, b), n in pair_length.items():
            shared = both[c].get((a, b), 0.0)
            len_a = alone[c].get((a, b, 0), 0.0)
            len_b = alone[c].get((a, b, 1), 0.0)
            yield shared, len_a - shared, len_b - shared, n - len_a - len_b + shared

    result = AgreementResult(coders=tuple(coders), documents=n_documents, characters=characters)
    overall_nominal = _NominalTally()
    pooled: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for c in categories:
        overall_nominal.merge(nominal[c])
        tables = list(pair_tables(c))
        for pair, table in zip(pair_length, tables, strict=True):
            for k in range(4):
                pooled[pair][k] += table[k]
        result.per_category[c] = {
            PERCENT_CHARACTERS: _ratio_measure(pairs_total + pc_adjust[c], pairs_total, characters),
            PERCENT_SEGMENTS: _ratio_measure(seg_matched[c], seg_units[c], seg_units[c]),
            KAPPA: _kappa_over_pairs(tables, characters),
            ALPHA_NOMINAL: nominal[c].measure(),
            ALPHA_UNITIZED_BINARY: binary[c].measure(),
            ALPHA_CU: coding[c].measure(),
        }
    total_segments = sum(seg_units.values())
    n_categories = len(categories)
    result.overall = {
        PERCENT_CHARACTERS: _ratio_measure(
            pairs_total * n_categories + sum(pc_adjust.values()),
            pairs_total * n_categories,
            characters * n_categories,
        ),
        PERCENT_SEGMENTS: _ratio_measure(sum(seg_matched.values()), total_segments, total_segments),
        KAPPA: _kappa_over_pairs(pooled.values(), characters * n_categories),
        ALPHA_NOMINAL: overall_nominal.measure(),
        ALPHA_UNITIZED_BINARY: binary_all.measure(),
        ALPHA_CU_DOMAINS: coding_all.measure(),
    }
    return result
