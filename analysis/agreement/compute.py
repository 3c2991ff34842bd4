"""Intercoder agreement over coded text, in pure Python (no Django import).

The unit of text is the code point of the stored (NFC, ``\\n``-normalised) text, the same unit as
``Coding.start`` / ``Coding.end``. Every measure is computed from sorted, merged intervals by sweeps
over their boundaries (`sweep.py`), never by visiting characters one by one: an 80,000-character
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

from analysis.agreement.sweep import END, category_pass, matched_segments, valued_pass
from analysis.agreement.tallies import (
    BinaryUnitizedTally,
    CodingUnitizedTally,
    Measure,
    NominalTally,
    cohen_kappa_counts,
    mean_kappa,
    ratio_measure,
)

__all__ = [
    "Measure",
    "Span",
    "AgreementResult",
    "measure_agreement",
    "merge_intervals",
    "nominal_alpha",
    "cohen_kappa_counts",
]

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


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint intervals covering the same points; touching ones become one unit,
    because a coder who codes [0,5) and [5,9) with one code has marked one passage."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def nominal_alpha(reliability_data: Sequence[Sequence[Hashable | None]]) -> Measure:
    """Krippendorff's nominal α of a coders × units matrix; None marks a missing value."""
    tally = NominalTally()
    for column in zip(*reliability_data, strict=True):
        counts: dict[Hashable, int] = defaultdict(int)
        for v in column:
            if v is not None:
                counts[v] += 1
        tally.add_counts(counts)
    return tally.measure()


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Totals:
    """Sums over all documents that every category shares."""

    def __init__(self):
        self.documents = 0
        self.characters = 0
        self.coder_characters = 0  # Σ m·L: l.. of the unitized coefficients
        self.pair_characters = 0  # Σ C(m,2)·L: character pairs of one category
        self.length_by_present: dict[int, int] = defaultdict(int)  # present coders -> Σ L
        self.pieces_by_present: dict[int, int] = defaultdict(int)  # -> Σ boundary pieces covered
        self.binary_all = BinaryUnitizedTally()
        self.coding_all = CodingUnitizedTally()


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
    grows with the codings, not with the text or the number of coder pairs: a category nobody
    used in a document costs nothing there (everyone agrees on its absence, added at the end).
    """
    n = len(coders)
    coder_index = {c: i for i, c in enumerate(coders)}
    category_index = {c: k for k, c in enumerate(categories)}
    value_index: list[dict] = [{} for _ in categories]  # per category: value -> bit
    by_document: dict = defaultdict(list)
    for doc, coder, category, start, end, value in spans:  # Span or any 6-tuple in its order
        i = coder_index.get(coder)
        c = category_index.get(category)
        if i is None or c is None or doc not in documents:
            continue
        values = value_index[c]
        v = values.setdefault(category if value is None else value, len(values))
        by_document[doc].append((c, i, v, start, end))
    # cu-α needs two values in a category; a code taken without its subtree has one, so skip it.
    refined = [len(values) > 1 for values in value_index]

    n_cat = len(categories)
    bits = [1 << i for i in range(n)]
    masks, last_x, last_k = [0] * n_cat, [0] * n_cat, [0] * n_cat
    lengths: list[dict] = [{} for _ in categories]  # (present | covering) -> code points
    pieces: list[dict] = [{} for _ in categories]  # -> nominal-α units
    squares = [0] * n_cat  # Σ l² of the merged units
    unit_counts = [0] * n_cat
    seg_matched = [0] * n_cat
    seg_units = [0] * n_cat
    coding = [CodingUnitizedTally() for _ in categories]
    totals = _Totals()

    for doc, length in documents.items():
        if coders_by_document is not None:
            took_part = set(coders_by_document.get(doc, ()))
            present = [i for i, c in enumerate(coders) if c in took_part]
        else:
            present = list(range(n))
        m = len(present)
        if m < 2 or length <= 0:
            continue
        present_mask = sum(bits[i] for i in present)
        totals.documents += 1
        totals.characters += length
        totals.coder_characters += m * length
        totals.pair_characters += m * (m - 1) // 2 * length
        totals.length_by_present[present_mask] += length

        units: dict[int, list] = {}  # c * n + i -> that coder's intervals of that category
        valued: dict[tuple[int, int], list] = {}  # (c * n + i, value) -> intervals, refined only
        for c, i, v, s, e in by_document.get(doc, ()):
            if not present_mask >> i & 1:
                continue
            key = c * n + i
            found = units.get(key)
            if found is None:
                units[key] = [(s, e)]
            else:
                found.append((s, e))
            if refined[c]:
                valued.setdefault((key, v), []).append((s, e))
        events = []
        segments: dict[int, list] = defaultdict(list)  # category -> (start, end, coder)
        for key, intervals in units.items():
            c, i = divmod(key, n)
            if len(intervals) > 1:
                intervals = merge_intervals(intervals)
            unit_counts[c] += len(intervals)
            for s, e in intervals:
                squares[c] += (e - s) * (e - s)
                events.append((s, c, i))
                events.append((e, c, i))
                segments[c].append((s, e, i))
        events.sort()
        events.append(END)
        category_pass(events, present_mask << n, masks, last_x, last_k, lengths, pieces, bits)
        coverage = valued_pass(events, m, n, totals.coding_all)
        totals.pieces_by_present[present_mask] += coverage.pieces
        totals.binary_all.add(
            total=m * length,
            disagree=2 * coverage.split / (m - 1),
            unit_len=coverage.length,
            unit_squares=coverage.squares,
            units=coverage.units,
        )
        for c, found in segments.items():
            seg_units[c] += len(found) * (m - 1)
            if len({i for _, _, i in found}) > 1:
                found.sort()
                seg_matched[c] += matched_segments(found, threshold)
        if valued:
            by_category: dict[int, list] = defaultdict(list)
            for (key, v), intervals in valued.items():
                c, i = divmod(key, n)
                for s, e in merge_intervals(intervals) if len(intervals) > 1 else intervals:
                    by_category[c].append((s, v, i))
                    by_category[c].append((e, v, i))
            for c, found in by_category.items():
                found.sort()
                found.append(END)
                valued_pass(found, m, n, coding[c])

    return _result(
        coders=coders,
        categories=categories,
        totals=totals,
        lengths=lengths,
        pieces=pieces,
        squares=squares,
        unit_counts=unit_counts,
        seg_matched=seg_matched,
        seg_units=seg_units,
        coding=coding,
    )


def _category_sums(n, histogram, pieces, totals):
    """From one category's {present | covering: length} histogram: the pair tables for κ, the
    split pairs Σ f (m - f) / (m - 1) for |u|α and percent agreement, and the nominal tally."""
    low = (1 << n) - 1
    covered = 0  # Σ_i |A_i|
    split = 0.0  # Σ 2 f (m - f) / (m - 1) · length
    split_pairs = 0  # Σ f (m - f) · length: character pairs that disagree
    both: dict[tuple[int, int], int] = defaultdict(int)
    own: dict[tuple[int, int], int] = defaultdict(int)  # (i, j): |A_i| where j took part too
    nominal = NominalTally()
    touched: dict[int, int] = defaultdict(int)
    for key, length in histogram.items():
        present, mask = key >> n, key & low
        m, f = present.bit_count(), mask.bit_count()
        covered += f * length
        split_pairs += f * (m - f) * length
        split += 2 * f * (m - f) * length / (m - 1)
        coders_in = _bits(mask)
        others = _bits(present)
        for a in coders_in:
            for b in others:
                if b != a:
                    own[(a, b)] += length
        for x, a in enumerate(coders_in):
            for b in coders_in[x + 1 :]:
                both[(a, b)] += length
        r = pieces[key]
        nominal.add_binary(m, f, r)
        touched[present] += r
    for present, covered_pieces in totals.pieces_by_present.items():
        # Pieces someone coded with another category, where nobody used this one: all agree on 0.
        nominal.add_binary(present.bit_count(), 0, covered_pieces - touched.get(present, 0))
    tables = []
    pair_length: dict[tuple[int, int], int] = defaultdict(int)
    for present, length in totals.length_by_present.items():
        ids = _bits(present)
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                pair_length[(a, b)] += length
    for (a, b), length in sorted(pair_length.items()):
        shared, len_a, len_b = both.get((a, b), 0), own.get((a, b), 0), own.get((b, a), 0)
        tables.append((shared, len_a - shared, len_b - shared, length - len_a - len_b + shared))
    return covered, split, split_pairs, tables, nominal


def _result(*, coders, categories, totals, lengths, pieces, squares, unit_counts, seg_matched, seg_units, coding):
    n = len(coders)
    result = AgreementResult(coders=tuple(coders), documents=totals.documents, characters=totals.characters)
    characters = totals.characters
    overall_nominal = NominalTally()
    pooled: list[list[float]] = []
    all_split_pairs = 0
    for c, category in enumerate(categories):
        covered, split, split_pairs, tables, nominal = _category_sums(n, lengths[c], pieces[c], totals)
        all_split_pairs += split_pairs
        overall_nominal.merge(nominal)
        if not pooled:
            pooled = [[0.0] * 4 for _ in tables]
        for row, table in zip(pooled, tables, strict=True):
            for k in range(4):
                row[k] += table[k]
        binary = BinaryUnitizedTally()
        binary.add(
            total=totals.coder_characters,
            disagree=split,
            unit_len=covered,
            unit_squares=squares[c],
            units=unit_counts[c],
        )
        pairs = totals.pair_characters
        result.per_category[category] = {
            PERCENT_CHARACTERS: ratio_measure(pairs - split_pairs, pairs, characters),
            PERCENT_SEGMENTS: ratio_measure(seg_matched[c], seg_units[c], seg_units[c]),
            KAPPA: mean_kappa(tables, characters),
            ALPHA_NOMINAL: nominal.measure(),
            ALPHA_UNITIZED_BINARY: binary.measure(),
            ALPHA_CU: coding[c].measure(),
        }
    n_cat = len(categories)
    all_pairs = totals.pair_characters * n_cat
    total_segments = sum(seg_units)
    result.overall = {
        PERCENT_CHARACTERS: ratio_measure(all_pairs - all_split_pairs, all_pairs, characters * n_cat),
        PERCENT_SEGMENTS: ratio_measure(sum(seg_matched), total_segments, total_segments),
        KAPPA: mean_kappa(pooled, characters * n_cat),
        ALPHA_NOMINAL: overall_nominal.measure(),
        ALPHA_UNITIZED_BINARY: totals.binary_all.measure(),
        ALPHA_CU_DOMAINS: totals.coding_all.measure(),
    }
    return result
