"""The R script the engine writes runs in R QCA 3.23 and R's results equal the engine's, for every
kind of run in ``r_cases``; and no user text can escape its string or comment."""

import json

import pytest

from analysis.qca.data import from_columns
from analysis.qca.rscript import RAnalysis, RMinimize, build_r_script, compare_with_r, r_comment, r_string
from analysis.qca.truthtable import truth_table
from tests.analysis.qca.r_cases import CASES, analysis_and_engine, script
from tests.rtools import require_r, run_r


@pytest.mark.parametrize("name", list(CASES))
def test_script_runs_in_r_and_agrees(name, tmp_path):
    require_r()
    (tmp_path / "run.R").write_text(script(name), encoding="utf-8")
    run_r(tmp_path / "run.R", cwd=tmp_path)
    r_results = json.loads((tmp_path / "qualcase-results.json").read_text(encoding="utf-8"))
    _analysis, ours = analysis_and_engine(name)
    assert compare_with_r(r_results, ours) == []


def test_strings_and_comments_are_escaped():
    assert r_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert r_string("社会𠮷") == '"\\u793e\\u4f1a\\U00020bb7"'
    assert "\n" not in r_comment("title\nsystem('rm -rf /')\r\u2028x")


def test_hostile_names_reach_r_as_data(tmp_path):
    require_r()
    hostile = 'x"); system("touch PWNED"); ("\n# \\'
    data = from_columns(
        {"A": [1, 0, 1, 0], "B": [1, 1, 0, 0], "Y": [1, 0, 1, 0]},
        cases=[hostile, "社会组织 N", "a,b", "𠮷"],
    )
    tt = truth_table(data, "Y")
    analysis = RAnalysis(
        title=hostile,
        data=data,
        outcome="Y",
        conditions=["A", "B"],
        row_outputs={4: ("1", hostile)},
        notes=[hostile],
        minimizations=[RMinimize(hostile)],
    )
    (tmp_path / "run.R").write_text(build_r_script(analysis, tt), encoding="utf-8")
    run_r(tmp_path / "run.R", cwd=tmp_path)
    assert not (tmp_path / "PWNED").exists()
    r_rows = json.loads((tmp_path / "qualcase-results.json").read_text(encoding="utf-8"))["truth_table"]["rows"]
    assert sorted(case for row in r_rows for case in row["cases"]) == sorted(
        [hostile, "社会组织 N", "a", "b", "𠮷"]  # R itself splits a case list on commas
    )
