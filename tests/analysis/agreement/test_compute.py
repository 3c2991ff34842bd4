"""The pure agreement measures against reference packages, hand-worked examples and properties."""

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.agreement.compute import (
    ALPHA_CU,
    ALPHA_CU_DOMAINS,
    ALPHA_NOMINAL,
    ALPHA_UNITIZED_BINARY,
    KAPPA,
    MEASURES,
    PERCENT_CHARACTERS,
    PERCENT_SEGMENTS,
    Span,
    measure_agreement,
    merge_intervals,
    nominal_alpha,
)


def random_spans(rng, documents, coders, categories, per_doc=6, max_len=40):
    spans = []
    for doc, length in documents.items():
        for coder in coders:
            for _ in range(rng.randint(0, per_doc)):
                s = rng.randrange(0, length - 1)
                e = min(length, s + rng.randint(1, max_len))
                spans.append(Span(doc, coder, rng.choice(categories), s, e))
    return spans


def character_vector(spans, documents, coder, category):
    """One 0/1 per character of every document, in document order: the reference's input."""
    out = []
    for doc, length in documents.items():
        row = [0] * length
        for sp in spans:
            if sp.document == doc and sp.coder == coder and sp.category == category:
                for k in range(sp.start, sp.end):
                    row[k] = 1
        out.extend(row)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_nominal_alpha_equals_the_krippendorff_package_on_random_data_with_missing_values(seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 4, size=(rng.integers(2, 6), rng.integers(5, 60))).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    ours = nominal_alpha([[None if np.isnan(v) else int(v) for v in row] for row in data])
    assert ours.value == pytest.approx(krippendorff.alpha(data, level_of_measurement="nominal"), abs=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_kappa_per_code_equals_scikit_learn_on_the_character_vectors(seed):
    rng = random.Random(seed)
    documents = {1: 120, 2: 80, 3: 200}
    spans = random_spans(rng, documents, ["a", "b"], ["X", "Y"])
    result = measure_agreement(documents=documents, coders=["a", "b"], spans=spans, categories=["X", "Y"])
    for cat in ["X", "Y"]:
        va = character_vector(spans, documents, "a", cat)
        vb = character_vector(spans, documents, "b", cat)
        kappa = result.per_category[cat][KAPPA]
        assert kappa.value == pytest.approx(cohen_kappa_score(va, vb), abs=1e-12)
        assert kappa.units == 400
        agreement = sum(x == y for x, y in zip(va, vb, strict=True)) / len(va)
        assert result.per_category[cat][PERCENT_CHARACTERS].value == pytest.approx(agreement, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_nominal_alpha_on_boundary_units_equals_the_package_on_the_same_units(seed):
    rng = random.Random(100 + seed)
    documents = {1: 150, 2: 90}
    coders = ["a", "b", "c"]
    spans = random_spans(rng, documents, coders, ["X", "Y"])
    result = measure_agreement(documents=documents, coders=coders, spans=spans, categories=["X", "Y"])
    for cat in ["X", "Y"]:
        columns = []
        for doc in documents:
            vectors = {
                c: character_vector([s for s in spans if s.document == doc], {doc: documents[doc]}, c, cat)
                for c in coders
            }
            anything = {
                c: character_vector([s for s in spans if s.document == doc], {doc: documents[doc]}, c, "X")
                for c in coders
            }
            anything_y = {
                c: character_vector([s for s in spans if s.document == doc], {doc: documents[doc]}, c, "Y")
                for c in coders
            }
            # The unit boundaries are those of each coder's merged units of any category.
            cuts = sorted(
                {
                    b
                    for c in coders
                    for k in ("X", "Y")
                    for iv in merge_intervals(
                        (s.start, s.end)
                        for s in spans
                        if s.document == doc and s.coder == c and s.category == k
                    )
                    for b in iv
                }
            )
            for left in cuts[:-1]:
                if any(anything[c][left] or anything_y[c][left] for c in coders):
                    columns.append([vectors[c][left] for c in coders])
        reference = krippendorff.alpha(np.array(columns, dtype=float).T, level_of_measurement="nominal")
        assert result.per_category[cat][ALPHA_NOMINAL].value == pytest.approx(reference, abs=1e-12)
        assert result.per_category[cat][ALPHA_NOMINAL].units == len(columns)


@pytest.mark.parametrize("seed", range(6))
def test_unitized_binary_alpha_of_one_character_units_is_the_nominal_alpha_of_the_characters(seed):
    # With every unit one code point long, l² = l and eq. (4) of Krippendorff et al. (2016) becomes
    # the ordinary expected coincidence n_c(n_k - δ)/(n - 1): |u|α must equal α on the characters.
    rng = random.Random(200 + seed)
    documents = {1: 60, 2: 40}
    coders = ["a", "b", "c"][: 2 + seed % 2]
    spans = []
    for doc, length in documents.items():
        for c in coders:
            for k in range(0, length, 2):  # isolated characters never merge into longer units
                if rng.random() < 0.4:
                    spans.append(Span(doc, c, "X", k, k + 1))
    result = measure_agreement(documents=documents, coders=coders, spans=spans, categories=["X"])
    data = np.array([character_vector(spans, documents, c, "X") for c in coders], dtype=float)
    reference = krippendorff.alpha(data, level_of_measurement="nominal")
    assert result.per_category["X"][ALPHA_UNITIZED_BINARY].value == pytest.approx(reference, abs=1e-12)
    assert result.overall[ALPHA_UNITIZED_BINARY].value == pytest.approx(reference, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_cu_alpha_of_one_character_units_is_the_nominal_alpha_where_both_coders_coded(seed):
    rng = random.Random(300 + seed)
    documents = {1: 80}
    spans = []
    for c in ["a", "b"]:
        for k in range(0, 80, 2):
            if rng.random() < 0.7:
                spans.append(Span(1, c, "X", k, k + 1, value=rng.choice("pqr")))
    result = measure_agreement(documents=documents, coders=["a", "b"], spans=spans, categories=["X"])
    value = {(s.coder, s.start): s.value for s in spans}
    columns = [
        [value[("a", k)], value[("b", k)]] for k in range(80) if ("a", k) in value and ("b", k) in value
    ]
    reference = nominal_alpha(list(zip(*columns, strict=True)))
    assert result.per_category["X"][ALPHA_CU].value == pytest.approx(reference.value, abs=1e-12)


def test_the_unitized_coefficients_of_a_hand_worked_example():
    # Two coders, one document of 10 code points (eqs. 1, 4, 6 of Krippendorff et al. 2016):
    # A codes [0,4) as p; B codes [2,6) as p and [6,8) as q.
    # |u|α: l.. = m·L = 20; o(unit, gap) = |A∩B̄| + |B∩Ā| = 2 + 4 = 6, o(gap, unit) the same;
    # l_unit = 4 + 6 = 10, l_gap = 6 + 4 = 10; units count l², gap points count 1 each.
    documents = {1: 10}
    spans = [Span(1, "A", "X", 0, 4, "p"), Span(1, "B", "X", 2, 6, "p"), Span(1, "B", "X", 6, 8, "q")]
    result = measure_agreement(documents=documents, coders=["A", "B"], spans=spans, categories=["X"])
    binary = result.per_category["X"][ALPHA_UNITIZED_BINARY]
    # B's p and q units touch, so for |u|α B has one unit [2,8) of length 6 and gaps of 2 and 2.
    self_pairs = 4**2 + 6 + 6**2 + 4
    e_disagree = 2 * 20 * 10 * 10 / (20**2 - self_pairs)
    assert binary.observed == pytest.approx(2 * (2 + 4) / 20)
    assert binary.expected == pytest.approx(e_disagree / 20)
    assert binary.value == pytest.approx(1 - 12 / e_disagree)
    assert binary.units == 2
    # cu-α: only [2,4) is coded by both, as p and p: full agreement where the units meet.
    cu = result.per_category["X"][ALPHA_CU]
    assert cu.observed == 0


def test_identical_codings_give_one_on_every_measure():
    rng = random.Random(7)
    documents = {1: 300, 2: 200}
    one = random_spans(rng, documents, ["a"], ["X", "Y"], per_doc=10)
    spans = one + [Span(s.document, "b", s.category, s.start, s.end, s.value) for s in one]
    spans += [Span(s.document, "c", s.category, s.start, s.end, s.value) for s in one]
    result = measure_agreement(
        documents=documents, coders=["a", "b", "c"], spans=spans, categories=["X", "Y"]
    )
    for name, m in result.overall.items():
        if name in (ALPHA_CU_DOMAINS, KAPPA) and m.value is None:  # κ: two coders only
            continue
        assert m.value == pytest.approx(1.0), name
    for cat in ["X", "Y"]:
        for name, m in result.per_category[cat].items():
            if name == ALPHA_CU or (name == KAPPA and m.value is None):  # undefined here
                continue
            assert m.value == pytest.approx(1.0), (cat, name)


@pytest.mark.parametrize("seed", range(4))
def test_swapping_coders_changes_nothing(seed):
    rng = random.Random(400 + seed)
    documents = {1: 200, 2: 150, 3: 90}
    spans = random_spans(rng, documents, ["a", "b", "c"], ["X", "Y", "Z"])
    spans = [Span(s.document, s.coder, s.category, s.start, s.end, rng.choice("pq")) for s in spans]
    first = measure_agreement(
        documents=documents, coders=["a", "b", "c"], spans=spans, categories=["X", "Y", "Z"]
    )
    second = measure_agreement(
        documents=documents, coders=["c", "a", "b"], spans=spans, categories=["X", "Y", "Z"]
    )
    for name in first.overall:
        assert first.overall[name].value == pytest.approx(second.overall[name].value), name
    for cat, measures in first.per_category.items():
        for name, m in measures.items():
            other = second.per_category[cat][name]
            assert (m.value is None) == (other.value is None)
            if m.value is not None:
                assert m.value == pytest.approx(other.value), (cat, name)
                assert m.observed == pytest.approx(other.observed)


def test_segments_match_when_their_overlap_reaches_the_threshold_of_their_joint_extent():
    documents = {1: 100}
    spans = [
        Span(1, "a", "X", 0, 10),
        Span(1, "b", "X", 1, 10),
        Span(1, "a", "X", 50, 60),
        Span(1, "b", "X", 55, 65),
    ]
    strict = measure_agreement(
        documents=documents, coders=["a", "b"], spans=spans, categories=["X"], threshold=0.9
    )
    loose = measure_agreement(
        documents=documents, coders=["a", "b"], spans=spans, categories=["X"], threshold=0.3
    )
    # 9/10 = 0.9 matches at 90 %; 5/15 only at ≤ 33 %.
    assert strict.per_category["X"][PERCENT_SEGMENTS].value == pytest.approx(2 / 4)
    assert loose.per_category["X"][PERCENT_SEGMENTS].value == pytest.approx(4 / 4)


def test_a_coder_who_did_not_take_part_in_a_document_is_missing_not_disagreeing():
    documents = {1: 50, 2: 50}
    spans = [Span(1, "a", "X", 0, 10), Span(1, "b", "X", 0, 10), Span(2, "a", "X", 0, 30)]
    result = measure_agreement(
        documents=documents,
        coders=["a", "b"],
        spans=spans,
        categories=["X"],
        coders_by_document={1: ["a", "b"], 2: ["a"]},
    )
    assert result.documents == 1
    assert result.per_category["X"][KAPPA].value == pytest.approx(1.0)


def test_every_measure_is_reported_with_units_and_disagreements():
    documents = {1: 40}
    spans = [Span(1, "a", "X", 0, 10), Span(1, "b", "X", 5, 20)]
    result = measure_agreement(documents=documents, coders=["a", "b"], spans=spans, categories=["X"])
    names = set(result.per_category["X"]) | set(result.overall)
    assert names == set(MEASURES)
    for m in result.overall.values():
        assert m.units > 0 and m.observed is not None


@pytest.mark.parametrize("seed", range(4))
def test_kappa_of_more_than_two_coders_is_the_mean_of_each_pair_s_cohen_kappa(seed):
    # Light's κ (Light 1971): Cohen's κ of every coder pair on the same character vectors, averaged.
    rng = random.Random(500 + seed)
    documents = {1: 150, 2: 90}
    coders = ["a", "b", "c", "d"]
    spans = random_spans(rng, documents, coders, ["X", "Y"])
    result = measure_agreement(documents=documents, coders=coders, spans=spans, categories=["X", "Y"])
    for cat in ["X", "Y"]:
        vectors = {c: character_vector(spans, documents, c, cat) for c in coders}
        pairwise = [
            cohen_kappa_score(vectors[a], vectors[b])
            for k, a in enumerate(coders)
            for b in coders[k + 1 :]
        ]
        assert result.per_category[cat][KAPPA].value == pytest.approx(sum(pairwise) / len(pairwise), abs=1e-12)


def test_kappa_pairs_only_count_documents_both_coders_took_part_in():
    documents = {1: 50, 2: 50}
    spans = [Span(1, "a", "X", 0, 10), Span(1, "b", "X", 0, 10), Span(2, "a", "X", 0, 30)]
    spans += [Span(2, "c", "X", 0, 20), Span(1, "c", "X", 40, 45)]
    result = measure_agreement(
        documents=documents,
        coders=["a", "b", "c"],
        spans=spans,
        categories=["X"],
        coders_by_document={1: ["a", "b", "c"], 2: ["a", "c"]},
    )
    # a-b: document 1 only, identical: κ = 1. a-c and b-c are computed on their own documents.
    va = [1] * 10 + [0] * 40 + [1] * 30 + [0] * 20
    vc = [0] * 40 + [1] * 5 + [0] * 5 + [1] * 20 + [0] * 30
    vb1 = [1] * 10 + [0] * 40
    expected = (1 + cohen_kappa_score(va, vc) + cohen_kappa_score(vb1, vc[:50])) / 3
    assert result.per_category["X"][KAPPA].value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.9, 1.0])
def test_segment_matches_equal_a_brute_force_over_every_pair_of_segments(threshold):
    rng = random.Random(int(threshold * 10) + 600)
    documents = {1: 400}
    coders = ["a", "b", "c"]
    spans = random_spans(rng, documents, coders, ["X"], per_doc=12, max_len=60)
    result = measure_agreement(
        documents=documents, coders=coders, spans=spans, categories=["X"], threshold=threshold
    )
    units = {c: merge_intervals((s.start, s.end) for s in spans if s.coder == c) for c in coders}
    matched = compared = 0
    for c in coders:
        for s, e in units[c]:
            for other in coders:
                if other == c:
                    continue
                compared += 1
                if any(
                    min(e, te) - max(s, ts) > 0
                    and min(e, te) - max(s, ts) >= threshold * (max(e, te) - min(s, ts))
                    for ts, te in units[other]
                ):
                    matched += 1
    measure = result.per_category["X"][PERCENT_SEGMENTS]
    assert measure.units == compared
    assert measure.value == pytest.approx(matched / compared)
