"""The engine against R QCA 3.23's own results for each option R has (n.cut rows, exclude, the
binomial test, pi.cons, sol.cons, conjunctional dir.exp, hand-set rows, every kind of data).
``reference/r_options/<case>/run.R`` is the R code that wrote ``r.json`` (see ``r_cases.py``)."""

import json

import pytest

from analysis.qca.rscript import compare_with_r
from tests.analysis.qca.r_cases import CASES, STORED, analysis_and_engine


@pytest.mark.parametrize("name", list(CASES))
def test_engine_matches_r(name):
    r_results = json.loads((STORED / name / "r.json").read_text(encoding="utf-8"))
    _analysis, ours = analysis_and_engine(name)
    assert compare_with_r(r_results, ours) == []


def test_rows_below_n_cut_are_in_rs_table_as_question_marks():
    r_rows = json.loads((STORED / "n_cut_rows_LC" / "r.json").read_text(encoding="utf-8"))["truth_table"]["rows"]
    below = [row for row in r_rows if row["OUT"] == "?"]
    assert below and all(row["cases"] for row in below)
