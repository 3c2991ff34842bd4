"""minimize(): which rows go to the minimizer, and R's reporting of what comes back."""

import pytest

from analysis.qca import QCAError, errors, from_columns, minimize_truth_table, sufficiency, truth_table
from analysis.qca.minimize import row_id

DATA = from_columns(
    {
        "A": [1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0],
        "B": [0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1],
        "C": [1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1],
        "Y": [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0],
    },
    cases=[f"k{i}" for i in range(11)],
)


def _covers(cube, values):
    return all(level < 0 or level == value for level, value in zip(cube, values, strict=True))


@pytest.mark.parametrize("include", ["", "?"])
def test_every_model_covers_the_explained_rows_and_no_negative(include):
    tt = truth_table(DATA, "Y")
    result = minimize_truth_table(tt, include=include)
    explained = [row for row in tt.table_rows if row.out == "1"]
    negatives = [row for row in tt.table_rows if row.out == "0"]
    assert result.explained_rows == [row.id for row in explained]
    assert result.negatives == [row.id for row in negatives]
    for model in result.models:
        for row in explained:
            assert any(_covers(cube, row.values) for cube in model.terms)
        for row in negatives:
            assert not any(_covers(cube, row.values) for cube in model.terms)


def test_model_fit_is_the_sufficiency_of_its_expression():
    tt = truth_table(DATA, "Y")
    for include in ("", "?"):
        for model in minimize_truth_table(tt, include=include).models:
            whole = sufficiency(DATA, "Y", " + ".join(model.term_strings))[-1]
            assert (model.fit["inclS"], model.fit["PRI"], model.fit["covS"]) == pytest.approx(
                (whole.incl, whole.second, whole.cov)
            )


def test_simplifying_assumptions_are_remainders_only():
    tt = truth_table(DATA, "Y")
    observed = {row.id for row in tt.table_rows}
    result = minimize_truth_table(tt, include="?")
    for model in result.models:
        ids = {row_id(tt.noflevels, cube) for cube in model.simplifying_assumptions}
        assert not ids & observed
    conservative = minimize_truth_table(tt, include="")
    assert all(model.simplifying_assumptions == [] for model in conservative.models)


def test_essential_means_in_every_model():
    result = minimize_truth_table(truth_table(DATA, "Y"), include="?")
    for term in result.essential:
        assert all(term in model.term_strings for model in result.models)


def test_terms_are_written_as_r_writes_them():
    multi = from_columns({"M": [0, 1, 2, 2, 1], "B": [1, 0, 1, 0, 0], "Y": [0, 1, 1, 1, 0]})
    result = minimize_truth_table(truth_table(multi, "Y"), include="")
    assert all("[" in term for model in result.models for term in model.term_strings)
    crisp = minimize_truth_table(truth_table(DATA, "Y"), include="")
    assert all("[" not in term for model in crisp.models for term in model.term_strings)


def test_contradictions_are_negatives_unless_included():
    fuzzy = from_columns({"A": [0.9, 0.8, 0.2, 0.1], "B": [0.8, 0.3, 0.7, 0.2], "Y": [0.9, 0.45, 0.6, 0.05]})
    tt = truth_table(fuzzy, "Y", incl_cut=[0.95, 0.5])
    contradictions = [row.id for row in tt.table_rows if row.out == "C"]
    assert contradictions
    plain = minimize_truth_table(tt, include="?")
    assert set(contradictions) <= set(plain.negatives)
    with_c = minimize_truth_table(tt, include="?, C")
    assert not set(contradictions) & set(with_c.negatives)
    assert with_c.options["include"] == "?, C"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"include": "", "dir_exp": "A"}, errors.DIR_EXP_WITHOUT_REMAINDERS),
        ({"include": "X"}, errors.INCLUDE_VALUES.format("X")),
        ({"include": "?", "dir_exp": "Q"}, errors.DIR_EXP_UNKNOWN.format("Q")),
    ],
)
def test_impossible_options_are_refused(kwargs, message):
    with pytest.raises(QCAError) as caught:
        minimize_truth_table(truth_table(DATA, "Y"), **kwargs)
    assert str(caught.value) == message


def test_nothing_to_explain():
    data = from_columns({"A": [0, 1, 1], "Y": [0, 0, 1]})
    with pytest.raises(QCAError) as caught:
        minimize_truth_table(truth_table(data, "Y"))
    assert str(caught.value) == errors.NOTHING_TO_EXPLAIN
