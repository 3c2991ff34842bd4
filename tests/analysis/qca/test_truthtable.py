"""The truth table: R's row ids, n, consistency, the output values from the cut-offs."""

import pytest

from analysis.qca import QCAError, errors, from_columns, sufficiency, truth_table
from analysis.qca.minimize import row_id

CRISP = from_columns(
    {
        "A": [1, 1, 1, 0, 0, 0, 1, 1, 0, 1],
        "B": [0, 0, 1, 1, 0, 0, 1, 0, 1, 1],
        "C": [1, 1, 0, 0, 1, 0, 0, 1, 1, 0],
        "Y": [1, 1, 1, 0, 0, 0, 0, 0, 1, 1],
    },
    cases=[f"k{i}" for i in range(10)],
)
FUZZY = from_columns(
    {
        "A": [0.9, 0.8, 0.3, 0.1, 0.7, 0.2, 0.6, 0.5],
        "B": [0.2, 0.9, 0.8, 0.4, 0.6, 0.1, 0.7, 0.85],
        "Y": [0.8, 0.7, 0.4, 0.2, 0.6, 0.3, 0.55, 0.9],
    },
    cases=list("abcdefgh"),
)


def test_rows_carry_rs_ids_and_every_case_once():
    tt = truth_table(CRISP, "Y")
    assert [row.id for row in tt.rows] == sorted(row.id for row in tt.rows)
    for row in tt.rows:
        assert row.id == row_id(tt.noflevels, row.values)
        assert row.n == len(row.cases)
    assert sorted(case for row in tt.rows for case in row.cases) == sorted(CRISP.cases)


def test_row_consistency_is_the_sufficiency_of_its_configuration():
    tt = truth_table(FUZZY, "Y", incl_cut=0.8)
    for row in tt.rows:
        term = "*".join(
            name if level else f"~{name}" for name, level in zip(tt.conditions, row.values, strict=True)
        )
        (fit,) = sufficiency(FUZZY, "Y", term)
        assert (row.incl, row.pri) == pytest.approx((fit.incl, fit.second))


def test_a_case_scored_exactly_half_is_left_out_of_the_case_lists():
    tt = truth_table(FUZZY, "Y")
    assert "h" not in {case for row in tt.rows for case in row.cases}


def test_output_value_follows_the_consistency_cut_off():
    tt = truth_table(FUZZY, "Y", incl_cut=0.75)
    for row in tt.table_rows:
        assert row.out == ("1" if row.incl >= 0.75 else "0")


def test_two_cut_offs_make_a_contradiction_band():
    tt = truth_table(FUZZY, "Y", incl_cut=[0.9, 0.6])
    for row in tt.table_rows:
        expected = "1" if row.incl >= 0.9 else "C" if row.incl >= 0.6 else "0"
        assert row.out == expected


def test_pri_cut_keeps_low_pri_rows_out():
    tt = truth_table(FUZZY, "Y", incl_cut=0.5, pri_cut=0.6)
    for row in tt.table_rows:
        assert row.out == ("1" if row.incl >= 0.5 and row.pri >= 0.6 else "0")


def test_rows_below_n_cut_are_listed_as_question_marks_and_minimized_as_remainders():
    tt = truth_table(CRISP, "Y", n_cut=2)
    assert all(row.n >= 2 for row in tt.table_rows)
    below = [row for row in tt.rows if row.n < 2]
    assert below and all(row.out == "?" and row.cases for row in below)
    listed = tt.to_json()["rows"]
    assert {row["id"] for row in listed} == {row.id for row in tt.rows}
    counts = tt.counts()
    assert counts["observed_rows"] == len(tt.rows)  # R counts them as observed
    assert counts["observed_below_ncut"] == len(below)
    assert counts["remainders"] == tt.n_configurations - counts["observed_rows"] + len(below)
    assert counts["OUT1"] + counts["OUT0"] + counts["OUTC"] + len(below) == counts["observed_rows"]


def test_contradictions_below_n_cut_follow_rs_recycled_index():
    # R marks "C" with a logical vector over the rows at or above n.cut, applied to all observed
    # rows (recycled). Row 1 (n = 1) sits before row 2 (n = 2, in the band), so R marks both.
    data = from_columns({"A": [0, 1, 1], "Y": [0, 1, 0.0]})
    tt = truth_table(data, "Y", incl_cut=[0.9, 0.4], n_cut=2)
    assert [(row.id, row.n, row.out) for row in tt.rows] == [(1, 1, "C"), (2, 2, "C")]


def test_negated_outcome():
    plain = truth_table(CRISP, "Y")
    negated = truth_table(CRISP, "Y", neg_out=True)
    for a, b in zip(plain.rows, negated.rows, strict=True):
        assert a.incl + b.incl == pytest.approx(1)
    assert truth_table(CRISP, "~Y").to_json()["rows"] == negated.to_json()["rows"]


def test_json_has_the_fixture_shape():
    data = truth_table(CRISP, "Y", conditions=["A", "B"]).to_json()
    assert set(data) == {
        "options",
        "conditions",
        "noflevels",
        "fuzzy_conditions",
        "multivalue",
        "n_configurations",
        "counts",
        "rows",
    }
    assert data["n_configurations"] == 4
    assert set(data["rows"][0]) == {"id", "values", "OUT", "n", "incl", "PRI", "cases"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"incl_cut": [0.6, 0.8]}, errors.INCL_CUT_COUNT),
        ({"incl_cut": 1.2}, errors.CUTOFF_RANGE.format("incl.cut", 1.2)),
        ({"n_cut": 0}, errors.N_CUT_RANGE.format(0)),
        ({"n_cut": 99}, errors.NO_CONFIGURATIONS),
        ({"conditions": ["A", "Y"]}, errors.OUTCOME_AMONG_CONDITIONS.format("Y")),
        ({"conditions": ["A", "Q"]}, errors.UNKNOWN_COLUMN.format("Q")),
    ],
)
def test_impossible_options_are_refused(kwargs, message):
    with pytest.raises(QCAError) as caught:
        truth_table(CRISP, "Y", **kwargs)
    assert str(caught.value) == message
