"""Analyses run both by the engine and by R QCA 3.23 (through ``analysis.qca.rscript``).

One list serves two tests: ``test_r_script.py`` writes each as an R script and runs it in R now
(needs R), and ``test_r_reference.py`` compares the engine with R's results stored in
``reference/r_options/<name>/`` (``run.R`` is the exact R code that made ``r.json``; refresh with
``.venv/bin/python -m tests.analysis.qca.r_cases`` when R is installed).
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.qca import minimize_truth_table, necessity, read_csv, truth_table
from analysis.qca.data import from_columns
from analysis.qca.rscript import RAnalysis, RMinimize, _default_terms, build_r_script

HERE = Path(__file__).resolve().parent
DATA = HERE / "reference" / "data"
STORED = HERE / "reference" / "r_options"

C, P = RMinimize("conservative"), RMinimize("parsimonious", "?")


def _i(dir_exp: str, **options) -> RMinimize:
    return RMinimize("intermediate", "?", dir_exp, **options)


CASES: dict[str, dict] = {
    "crisp_LC": {"csv": "LC.csv", "outcome": "SURV", "min": [C, P, _i("DEV, URB, LIT, IND, STB")]},
    "fuzzy_LF": {"csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.8,), "min": [C, P, _i("DEV, URB, LIT, IND, STB")]},
    "multivalue_LM": {"csv": "LM.csv", "outcome": "SURV", "min": [C, P, _i("DEV[1,2], URB, LIT, IND, STB")]},
    "negated_outcome_LF": {"csv": "LF.csv", "outcome": "~SURV", "incl_cut": (0.8,), "min": [C, P, _i("~DEV, ~URB, ~LIT")]},
    "hand_set_rows_LF": {
        "csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.8,),
        "row_outputs": {24: ("1", 'FR and SE: "stable" democracies\nsee memo'), 6: ("0", "EE: 转型期")},
        "min": [C, P],
    },
    "n_cut_rows_LC": {"csv": "LC.csv", "outcome": "SURV", "n_cut": 2, "min": [C, P]},
    # R's recycled index of contradictions over rows below n.cut: the truth table only.
    "n_cut_two_cutoffs_LF": {"csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.8, 0.5), "n_cut": 2, "min": []},
    "exclude_LC": {"csv": "LC.csv", "outcome": "SURV", "exclude": (4, 8, 28), "min": [P]},
    # R's binomial test works on crisp data only.
    "inf_test_binom_synth": {
        "csv": "synth_crisp_k06.csv", "outcome": "Y", "incl_cut": (0.5,), "inf_test": ("binom", 0.3), "min": [C, P],
    },
    "inf_test_binom_two_cutoffs_synth": {
        "csv": "synth_crisp_k06.csv", "outcome": "Y", "incl_cut": (0.75, 0.5), "inf_test": ("binom", 0.4), "min": [],
    },
    "pi_cons_LF": {
        "csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.75,),
        "min": [RMinimize("conservative pi.cons", pi_cons=0.8), RMinimize("parsimonious pi.cons", "?", pi_cons=0.8)],
    },
    # R 3.23 aborts ("free(): invalid next size") on include = "?" with sol.cons: conservative only.
    "sol_cons_LF": {"csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.7,), "min": [RMinimize("conservative sol.cons", sol_cons=0.85)]},
    "dir_exp_conjunction_LC": {"csv": "LC.csv", "outcome": "SURV", "min": [_i("DEV*URB, LIT")]},
    "dir_exp_conjunction_only_LF": {"csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.8,), "min": [_i("DEV*~IND")]},
    "exclude_expression_LF": {"csv": "LF.csv", "outcome": "SURV", "incl_cut": (0.8,), "exclude": "~DEV*URB", "min": [P]},
}


def load(case: dict):
    if "columns" in case:
        return from_columns(case["columns"], case["cases"])
    return read_csv(DATA / case["csv"])


def analysis_and_engine(name: str) -> tuple[RAnalysis, dict]:
    """The R analysis of a case, and the engine's results in the shape ``compare_with_r`` reads."""
    case = CASES[name]
    data = load(case)
    tt = truth_table(
        data,
        case["outcome"],
        conditions=case.get("conditions"),
        incl_cut=case.get("incl_cut", (1,)),
        n_cut=case.get("n_cut", 1),
        pri_cut=case.get("pri_cut", 0),
        exclude=case.get("exclude"),
        inf_test=case.get("inf_test"),
    )
    tt = tt.with_outputs({row_id: out for row_id, (out, _) in case.get("row_outputs", {}).items()})
    terms = case.get("necessity_terms") or _default_terms(tt)
    negated = case["outcome"][1:] if case["outcome"].startswith("~") else "~" + case["outcome"]
    analysis = RAnalysis(
        title=f"qualcase reference: {name}",
        data=data,
        outcome=case["outcome"],
        conditions=list(tt.conditions),
        incl_cut=tt.incl_cut,
        n_cut=tt.n_cut,
        pri_cut=tt.pri_cut,
        exclude=tt.exclude,
        inf_test=tt.inf_test,
        row_outputs=case.get("row_outputs", {}),
        necessity_terms=case.get("necessity_terms"),
        minimizations=case["min"],
    )
    ours = {
        "truth_table": tt.to_json(),
        "necessity": [row.to_json() for row in necessity(data, case["outcome"], terms)],
        "necessity_negated": [row.to_json() for row in necessity(data, negated, terms)],
        "minimizations": {
            m.label: minimize_truth_table(
                tt,
                include=m.include,
                dir_exp=m.dir_exp,
                pi_cons=m.pi_cons,
                sol_cons=m.sol_cons,
                row_dom=m.row_dom,
                all_sol=m.all_sol,
            ).to_json()
            for m in case["min"]
        },
        "_tt": tt,
    }
    return analysis, ours


def script(name: str) -> str:
    analysis, ours = analysis_and_engine(name)
    return build_r_script(analysis, ours["_tt"])


def refresh() -> None:
    """Rerun every case in R and store the R code and R's results (needs R with QCA 3.23)."""
    import tempfile

    from tests.rtools import require_r, run_r

    require_r()
    for name in CASES:
        folder = STORED / name
        folder.mkdir(parents=True, exist_ok=True)
        code = script(name)
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "run.R").write_text(code, encoding="utf-8")
            run_r(Path(tmp) / "run.R", cwd=tmp)
            results = json.loads((Path(tmp) / "qualcase-results.json").read_text(encoding="utf-8"))
        (folder / "run.R").write_text(code, encoding="utf-8")
        (folder / "r.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    refresh()
