"""R's expression syntax: reading terms, printing them back as R does, directional expectations."""

import pytest

from analysis.qca import QCAError, errors
from analysis.qca.expression import Literal, format_cube, parse_dir_exp, parse_expression, split_top


def test_sum_of_products_with_negation_and_levels():
    assert parse_expression("DEV*~IND + URB[1,2]*STB{0}") == [
        (Literal("DEV", None), Literal("IND", None, negated=True)),
        (Literal("URB", frozenset({1, 2})), Literal("STB", frozenset({0}))),
    ]


def test_commas_inside_brackets_do_not_split():
    assert split_top("DEV, LIT[1,2], ~URB", ",") == ["DEV", " LIT[1,2]", " ~URB"]


def test_chinese_condition_names():
    assert parse_expression("自主性*~政府支持") == [
        (Literal("自主性", None), Literal("政府支持", None, negated=True))
    ]


@pytest.mark.parametrize("text", ["A*", "A + + B", "A*(B+C", "A[x]", "(A))"])
def test_unreadable_expressions_are_refused(text):
    with pytest.raises(QCAError) as caught:
        parse_expression(text)
    assert str(caught.value).startswith(errors.BAD_EXPRESSION.split("{")[0])


def test_terms_are_printed_in_condition_order_with_levels_when_multivalue():
    conditions = ["DEV", "URB", "LIT"]
    assert format_cube((1, -1, 0), conditions, mv=False) == "DEV*~LIT"
    assert format_cube((2, 0, -1), conditions, mv=True) == "DEV[2]*URB[0]"


def test_directional_expectations_by_name_negation_and_level():
    expected = parse_dir_exp("DEV[1,2], ~URB, LIT", ["DEV", "URB", "LIT", "IND"], [3, 2, 2, 2])
    assert expected == [frozenset({1, 2}), frozenset({0}), frozenset({1}), None]


def test_directional_expectation_on_an_unknown_condition():
    with pytest.raises(QCAError) as caught:
        parse_dir_exp("DEV, XYZ", ["DEV"], [2])
    assert str(caught.value) == errors.DIR_EXP_UNKNOWN.format("XYZ")


def test_parentheses_multiply_out_and_lower_case_negates_only_upper_case_names():
    from analysis.qca import pof
    from analysis.qca.data import from_columns

    data = from_columns({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "政府": [1, 0, 0, 1], "Y": [1, 1, 0, 0]})
    by_hand = pof(data, "Y", ["A*B + A*~政府", "~A + ~B"], relation="sufficiency")
    written = pof(data, "Y", ["A*(B + ~政府)", "~(A*B)"], relation="sufficiency")
    assert [(r.incl, r.cov) for r in written] == [(r.incl, r.cov) for r in by_hand]
    assert [r.incl for r in pof(data, "Y", ["a"])] == [r.incl for r in pof(data, "Y", ["~A"])]
    with pytest.raises(QCAError):
        pof(data, "Y", ["政"])  # no case in Chinese: never a negation


def test_sol_cons_above_every_model_is_rs_error():
    from analysis.qca import minimize_truth_table, read_csv, truth_table
    from analysis.qca.errors import NO_CONSISTENT_SOLUTION
    from tests.analysis.qca.r_cases import DATA

    tt = truth_table(read_csv(DATA / "LF.csv"), "SURV", incl_cut=0.7)
    with pytest.raises(QCAError) as caught:  # R 3.23 answers the same for sol.cons = 0.9
        minimize_truth_table(tt, sol_cons=0.9)
    assert str(caught.value) == NO_CONSISTENT_SOLUTION
