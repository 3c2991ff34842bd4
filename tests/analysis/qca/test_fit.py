"""pof and superSubset: the identities between necessity and sufficiency, unions, multi-value
literals, and superSubset agreeing with pof on every combination it reports."""

import pytest

from analysis.qca import QCAError, errors, from_columns, necessity, pof, sufficiency, super_subset

FUZZY = from_columns(
    {
        "A": [0.9, 0.8, 0.3, 0.1, 0.7, 0.2, 0.6, 0.95],
        "B": [0.2, 0.9, 0.8, 0.4, 0.6, 0.1, 0.7, 0.85],
        "C": [0.7, 0.1, 0.6, 0.9, 0.3, 0.8, 0.2, 0.65],
        "Y": [0.8, 0.7, 0.4, 0.2, 0.6, 0.3, 0.55, 0.9],
    },
    cases=list("abcdefgh"),
)
MULTI = from_columns({"M": [0, 1, 2, 2, 1, 0], "B": [1, 0, 1, 1, 0, 0], "Y": [0, 1, 1, 1, 0, 0]})


def test_necessity_inclusion_is_sufficiency_coverage():
    nec = {row.term: row for row in necessity(FUZZY, "Y", ["A", "~B", "A*C"])}
    for term in ("A", "~B", "A*C"):
        (suf,) = sufficiency(FUZZY, "Y", term)
        assert nec[term].incl == pytest.approx(suf.cov)
        assert nec[term].cov == pytest.approx(suf.incl)


def test_expression_row_is_the_union_of_the_terms():
    rows = necessity(FUZZY, "Y", ["A", "B"])
    (union,) = necessity(FUZZY, "Y", ["A+B"])
    assert rows[-1].term == "expression"
    assert rows[-1].incl == pytest.approx(union.incl)
    assert rows[-1].cov == pytest.approx(union.cov)


def test_a_single_term_has_no_expression_row_and_no_unique_coverage():
    rows = sufficiency(FUZZY, "Y", "A*~C")
    assert [row.term for row in rows] == ["A*~C"]
    assert rows[0].cov_u is None


def test_unique_coverage_is_what_the_other_term_does_not_reach():
    a, b, whole = sufficiency(FUZZY, "Y", "A + B")
    assert whole.cov_u is None
    assert a.cov_u == pytest.approx(whole.cov - b.cov)
    assert b.cov_u == pytest.approx(whole.cov - a.cov)


def test_negated_outcome_is_one_minus_y():
    (direct,) = necessity(FUZZY, "~Y", ["A"])
    (flag,) = necessity(FUZZY, "Y", ["A"], neg_out=True)
    assert direct == flag


def test_multivalue_level_sets_are_unions_of_levels():
    (both,) = necessity(MULTI, "Y", ["M[1,2]"])
    (union,) = necessity(MULTI, "Y", ["M[1]+M[2]"])
    assert (both.incl, both.second, both.cov) == pytest.approx((union.incl, union.second, union.cov))


def test_term_names_are_the_users_text_without_spaces():
    rows = pof(FUZZY, "Y", ["A * ~B", "C"], relation="sufficiency")
    assert [row.term for row in rows] == ["A*~B", "C", "expression"]


@pytest.mark.parametrize("relation", ["necessity", "sufficiency"])
def test_super_subset_agrees_with_pof_on_what_it_reports(relation):
    rows = super_subset(FUZZY, "Y", relation=relation, incl_cut=0.7, cov_cut=0.5)
    assert rows
    for row in rows:
        expression = row.term.replace(" ", "")
        (check,) = pof(FUZZY, "Y", [expression], relation=relation)
        assert (row.incl, row.second, row.cov) == pytest.approx((check.incl, check.second, check.cov))
        assert row.incl >= 0.7 - 1e-8 and row.cov >= 0.5 - 1e-8


def test_super_subset_sufficiency_drops_supersets_of_what_it_found():
    rows = super_subset(FUZZY, "Y", relation="sufficiency", incl_cut=0.8)
    found = [set(row.term.split("*")) for row in rows]
    for i, literals in enumerate(found):
        assert not any(other < literals for j, other in enumerate(found) if j != i)


def test_super_subset_without_result_says_so():
    with pytest.raises(QCAError) as caught:
        super_subset(FUZZY, "Y", incl_cut=1, cov_cut=1)
    assert str(caught.value) == errors.NO_COMBINATIONS


@pytest.mark.parametrize(
    ("outcome", "terms", "message"),
    [
        ("Y", ["Z"], errors.UNKNOWN_COLUMN.format("Z")),
        ("Y", ["M"], errors.MULTIVALUE_NEEDS_LEVEL.format("M", "M")),
        ("Y", ["M[3]"], errors.LEVEL_OUT_OF_RANGE.format("M", 3)),
        ("Y", ["B*"], errors.BAD_EXPRESSION.format("B*", "an empty factor around *")),
        ("M", ["B"], errors.MULTIVALUE_OUTCOME.format("M", "M")),
    ],
)
def test_bad_terms_are_refused(outcome, terms, message):
    with pytest.raises(QCAError) as caught:
        necessity(MULTI, outcome, terms)
    assert str(caught.value) == message


def test_fuzzy_scores_outside_the_unit_interval_are_refused():
    data = from_columns({"A": [0.5, 1.2], "Y": [0, 1]})
    with pytest.raises(QCAError) as caught:
        necessity(data, "Y", ["A"])
    assert str(caught.value) == errors.FUZZY_OUT_OF_RANGE.format("A", "1.2")
