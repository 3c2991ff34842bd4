"""The files of a run: calibrated matrices for R and fs/QCA, the R script, results as CSV and JSON.

The R script comes from the engine's own writer (``analysis.qca.rscript``): every user string in
it is an escaped R literal or an escaped one-line comment, so a study, case or reason cannot run
as R code; the script prints R's results and writes them as JSON (``qualcase-results.json``),
which ``r_comparable`` and ``compare_with_r`` set beside the run's own results.
"""

from __future__ import annotations

import csv
import io
import json

from analysis.matrices import exports
from analysis.qca import from_columns
from analysis.qca.rscript import RAnalysis, RMinimize, build_r_script
from analysis.studies.runs import build_truth_table, minimize_calls, necessity_terms


def _number(value):
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def matrix_rows(run, *, case_header="case"):
    columns = run.snapshot["matrix"]
    yield [case_header, *columns]
    for index, name in enumerate(run.snapshot["cases"]):
        yield [name, *(_number(columns[label][index]) for label in columns)]


def _plain_csv(rows):
    # No byte-order mark (unlike the spreadsheet exports): R's read.csv and fs/QCA would read it as
    # part of the first column's name.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([exports.neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def matrix_csv_r(run):
    """For read.csv(..., row.names = 1): case names first, then one column per set."""
    return _plain_csv(matrix_rows(run, case_header="case"))


def matrix_csv_fsqca(run):
    """fs/QCA reads a plain CSV with a header of variable names; case names go in a text column."""
    return _plain_csv(matrix_rows(run, case_header="caseid"))


def run_options(run):
    """The run's options; runs made before an option existed ran without it."""
    options = {
        "neg_out": False,
        "exclude": "",
        "inf_test": None,
        "pi_cons": 0,
        "sol_cons": 0,
        "dir_exp": run.results.get("dir_exp", ""),
        "row_outputs": {},
    }
    options.update(run.snapshot["options"])
    return options


def run_data(run):
    return from_columns(run.snapshot["matrix"], cases=run.snapshot["cases"])


def r_analysis(run):
    """The run as an R analysis (for ``build_r_script``), with the engine's truth table of it."""
    snap = run.snapshot
    options = run_options(run)
    data = run_data(run)
    tt, used, _known = build_truth_table(
        data, outcome=snap["outcome"], conditions=snap["conditions"], options=options
    )
    made = run.results.get("minimizations", {})
    calls = [
        RMinimize(
            name,
            include=arguments["include"],
            dir_exp=arguments.get("dir_exp"),
            pi_cons=arguments.get("pi_cons") or 0,
            sol_cons=arguments.get("sol_cons") or 0,
        )
        for name, arguments in minimize_calls(options)
        if name in made  # a solution the engine refused would stop R as well
    ]
    notes = [
        f"Run {run.pk} of {run.created_at:%Y-%m-%d %H:%M} ({run.engine_version}).",
        *(
            f"{item['set']} of {item['case']} set by hand to {item['value']}: {item['reason']}"
            for item in snap.get("overrides", [])
        ),
    ]
    if options.get("sol_cons"):
        notes.append("sol.cons applies to the conservative solution only (R 3.23 aborts with remainders).")
    analysis = RAnalysis(
        title=snap["study"],
        data=data,
        outcome=snap["outcome"],
        conditions=list(snap["conditions"]),
        neg_out=options["neg_out"],
        incl_cut=tt.incl_cut,
        n_cut=tt.n_cut,
        pri_cut=tt.pri_cut,
        exclude=tt.exclude,
        inf_test=tt.inf_test,
        row_outputs={row_id: (hand["out"], hand["reason"]) for row_id, hand in used.items()},
        necessity_terms=necessity_terms(tt),
        minimizations=calls,
        notes=notes,
    )
    return analysis, tt


def r_script(run):
    """An R script (QCA 3.23 + jsonlite) that rebuilds the data and re-runs the analysis."""
    analysis, tt = r_analysis(run)
    return build_r_script(analysis, tt).encode("utf-8")


def r_comparable(run):
    """The run's results in the shape ``compare_with_r`` reads beside the script's JSON. R's
    ``nec`` is the necessity of the outcome the run explains (``~Y`` with neg_out)."""
    results = run.results
    plain, negated = results["necessity"], results.get("necessity_negated_outcome", [])
    if run_options(run)["neg_out"]:
        plain, negated = negated, plain
    return {
        "truth_table": results["truth_table"],
        "necessity": plain,
        "necessity_negated": negated,
        "minimizations": results.get("minimizations", {}),
    }


def results_json(run):
    payload = {
        "run": run.pk,
        "engine_version": run.engine_version,
        "created_at": run.created_at.isoformat(),
        "input_hash": run.input_hash,
        "snapshot": run.snapshot,
        "results": run.results,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def results_rows(run):
    """Every solution term in the format papers use, one line per term, then the solution's fit."""
    yield ["solution", "model", "term", "consistency", "PRI", "raw coverage", "unique coverage", "cases"]
    for name, minimization in run.results.get("minimizations", {}).items():
        for model in minimization["models"]:
            for term in model["terms_fit"]:
                yield [
                    name,
                    model["name"],
                    term["term"],
                    term["inclS"],
                    term["PRI"],
                    term["covS"],
                    term["covU"],
                    term.get("cases", ""),
                ]
            fit = model["fit"]
            yield [name, model["name"], model["expression"], fit["inclS"], fit["PRI"], fit["covS"], "", ""]


def truth_table_rows(run):
    """The truth table as R prints it: every observed row (those below n.cut with OUT ?) and every
    excluded one, with n, consistency, PRI, the binomial p-values when tested, and the cases."""
    table = run.results["truth_table"]
    manual = table.get("manual", {})
    tested = any("pval1" in row for row in table["rows"])
    header = ["row", *table["conditions"], "OUT", "n", "incl", "PRI"]
    if tested:
        header += ["pval1", "pval0"]
    yield [*header, "cases", "excluded", "set by hand"]
    for row in table["rows"]:
        hand = manual.get(str(row["id"]))
        line = [row["id"], *row["values"], row["OUT"], row["n"], row["incl"], row["PRI"]]
        if tested:
            line += [row.get("pval1", ""), row.get("pval0", "")]
        yield [
            *line,
            ", ".join(row["cases"]),
            "yes" if row.get("excluded") else "",
            f"{hand['computed']} → {hand['out']}: {hand['reason']}" if hand else "",
        ]
