"""``python -m analysis.qca``: the JSON of every command is the public API's, the tables print,
and bad input is one line on stderr with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.qca import (
    calibrate,
    errors,
    minimize_truth_table,
    necessity,
    read_csv,
    sufficiency,
    super_subset,
    truth_table,
)

ROOT = Path(__file__).resolve().parents[3]
CSV = """case,A,B,C,Y,RAW
k1,1,0,1,1,320
k2,1,0,1,1,415
k3,1,1,0,1,502
k4,0,1,0,0,610
k5,0,0,1,0,733
k6,0,0,0,0,804
k7,1,1,0,0,911
k8,1,0,1,1,1020
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis.qca", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def json_of(*args: str) -> dict:
    done = run(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_calibrate_json_is_the_api_result(data_file):
    data = read_csv(data_file)
    expected = calibrate(data.scores("RAW"), type="fuzzy", thresholds={"e": 350, "c": 550, "i": 900})
    got = json_of(
        "calibrate", str(data_file), "--column", "RAW", "--type", "fuzzy", "--thresholds", "e=350,c=550,i=900"
    )
    assert got == {"result": expected}
    crisp = json_of(
        "calibrate", str(data_file), "--column", "RAW", "--type", "crisp", "--thresholds", "550,850"
    )
    assert crisp == {"result": calibrate(data.scores("RAW"), type="crisp", thresholds=[550, 850])}


def test_calibrate_linear_and_bell_options_reach_the_api(data_file):
    data = read_csv(data_file)
    linear = json_of(
        "calibrate",
        str(data_file),
        "--column",
        "RAW",
        "--thresholds",
        "350,550,900",
        "--linear",
        "--below",
        "2",
        "--above",
        "0.5",
    )
    assert linear["result"] == calibrate(
        data.scores("RAW"), thresholds=[350, 550, 900], logistic=False, below=2, above=0.5
    )
    bell = json_of(
        "calibrate",
        str(data_file),
        "--column",
        "RAW",
        "--thresholds",
        "e1=300,c1=400,i1=500,i2=700,c2=800,e2=900",
    )
    assert max(bell["result"]) == 1


def test_necessity_fit_and_super_subset_json(data_file):
    data = read_csv(data_file)
    nec = json_of("necessity", str(data_file), "--outcome", "Y", "--terms", "A,~A,B*C")
    assert nec == {"rows": [r.to_json() for r in necessity(data, "Y", ["A", "~A", "B*C"])]}
    fit = json_of("fit", str(data_file), "--outcome", "Y", "--expression", "A*~B + B*~C")
    assert fit == {"rows": [r.to_json() for r in sufficiency(data, "Y", "A*~B + B*~C")]}
    sub = json_of(
        "super-subset",
        str(data_file),
        "--outcome",
        "Y",
        "--conditions",
        "A,B,C",
        "--incl-cut",
        "0.9",
        "--cov-cut",
        "0.6",
    )
    assert sub == {
        "rows": [
            r.to_json()
            for r in super_subset(data, "Y", conditions=["A", "B", "C"], incl_cut=0.9, cov_cut=0.6)
        ]
    }


def test_truth_table_and_minimize_json(data_file):
    data = read_csv(data_file)
    tt = truth_table(data, "Y", conditions=["A", "B", "C"], incl_cut=[0.9, 0.5])
    got = json_of(
        "truth-table", str(data_file), "--outcome", "Y", "--conditions", "A,B,C", "--incl-cut", "0.9,0.5"
    )
    assert got == tt.to_json()
    for include in ("", "?"):
        got = json_of(
            "minimize",
            str(data_file),
            "--outcome",
            "Y",
            "--conditions",
            "A,B,C",
            "--incl-cut",
            "0.9,0.5",
            "--include",
            include,
        )
        assert got == minimize_truth_table(tt, include=include).to_json()
    got = json_of(
        "minimize",
        str(data_file),
        "--outcome",
        "Y",
        "--conditions",
        "A,B,C",
        "--include",
        "?",
        "--dir-exp",
        "A, ~B, C",
    )
    expected = minimize_truth_table(
        truth_table(data, "Y", conditions=["A", "B", "C"]), include="?", dir_exp="A, ~B, C"
    )
    assert got == expected.to_json()
    assert "intermediate" in got


def test_tables_without_json(data_file):
    done = run("minimize", str(data_file), "--outcome", "Y", "--conditions", "A,B,C", "--include", "?")
    assert done.returncode == 0, done.stderr
    assert "M1: " in done.stdout and "-> Y" in done.stdout
    done = run("truth-table", str(data_file), "--outcome", "Y", "--conditions", "A,B,C")
    assert "OUT" in done.stdout and "k1,k2,k8" in done.stdout


def test_the_shared_lipset_data_runs_end_to_end():
    # The copy vendored beside the tests (CI has only the repository), else the shared original.
    lf = Path(__file__).parent / "reference" / "data" / "LF.csv"
    if not lf.exists():
        lf = ROOT / ".." / "shared" / "qca" / "reference" / "data" / "LF.csv"
    got = json_of("fit", str(lf), "--outcome", "SURV", "--expression", "DEV*~IND + URB*STB")
    assert [row["term"] for row in got["rows"]] == ["DEV*~IND", "URB*STB", "expression"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fit", "{missing}", "--outcome", "Y", "--expression", "A"], errors.FILE_NOT_FOUND),
        (["fit", "{data}", "--outcome", "Q", "--expression", "A"], errors.UNKNOWN_COLUMN.format("Q")),
        (["fit", "{data}", "--outcome", "Y", "--expression", "A*Z"], errors.UNKNOWN_COLUMN.format("Z")),
        (
            ["necessity", "{fuzzy}", "--outcome", "Y", "--terms", "A"],
            errors.FUZZY_OUT_OF_RANGE.format("A", "1.5"),
        ),
        (["truth-table", "{data}", "--outcome", "Y", "--incl-cut", "0.5,0.9"], errors.INCL_CUT_COUNT),
        (
            ["truth-table", "{data}", "--outcome", "Y", "--incl-cut", "high"],
            errors.CUTOFF_RANGE.format("incl.cut", "high"),
        ),
        (["minimize", "{data}", "--outcome", "Y", "--dir-exp", "A"], errors.DIR_EXP_WITHOUT_REMAINDERS),
        (
            ["calibrate", "{data}", "--column", "RAW", "--type", "fuzzy", "--thresholds", "1,2"],
            errors.THRESHOLDS_COUNT_FUZZY,
        ),
        (
            ["calibrate", "{data}", "--column", "RAW", "--thresholds", "350,550,900", "--idm", "0.3"],
            errors.IDM_RANGE,
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_status_2(tmp_path, data_file, args, message):
    fuzzy = tmp_path / "fuzzy.csv"
    fuzzy.write_text("case,A,Y\na,0.2,1\nb,1.5,0\n", encoding="utf-8")
    missing = tmp_path / "nowhere.csv"
    args = [a.format(data=data_file, fuzzy=fuzzy, missing=missing) for a in args]
    if message == errors.FILE_NOT_FOUND:
        message = message.format(missing)
    done = run(*args, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: {message}\n"


def test_unknown_option_is_one_line_with_status_2(data_file):
    done = run("truth-table", str(data_file), "--outcome", "Y", "--bogus")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unused_text_column_does_not_stop_the_run_and_a_used_one_does(tmp_path):
    path = tmp_path / "eba.csv"
    path.write_text("case,A,B,EBA,Y\na,1,0,-,1\nb,1,1,x,1\nc,0,1,-,0\nd,0,0,-,0\n", encoding="utf-8")
    table = json_of("truth-table", str(path), "--outcome", "Y", "--json")
    assert table["conditions"] == ["A", "B"]
    done = run("truth-table", str(path), "--outcome", "Y", "--conditions", "A,EBA")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: " + errors.NOT_NUMERIC.format("EBA", "-")


def test_n_cut_rows_exclude_inf_test_and_constraints_reach_the_engine(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("case,A,B,Y\na,1,0,1\nb,1,1,1\nc,0,1,0\nd,0,0,0\ne,1,1,0\n", encoding="utf-8")
    table = json_of("truth-table", str(path), "--outcome", "Y", "--n-cut", "2", "--json")
    assert [row["OUT"] for row in table["rows"]] == ["?", "?", "?", "0"]
    assert table["rows"][2]["cases"] == ["a"]
    result = json_of(
        "minimize", str(path), "--outcome", "Y", "--include", "?", "--exclude", "~A*B", "--pi-cons", "0.5", "--json"
    )
    assert result["options"]["pi.cons"] == 0.5
    binom = json_of("truth-table", str(path), "--outcome", "Y", "--inf-test", "binom, 0.5", "--json")
    assert binom["options"]["inf.test"] == "binom, 0.5" and "pval1" in binom["rows"][0]
