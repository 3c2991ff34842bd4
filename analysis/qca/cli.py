"""``python -m analysis.qca``: the engine from the command line, with R's argument names.

Each command prints a readable table, or with ``--json`` one JSON object in the shape of the shared
R fixtures. Any problem with the input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import errors
from .calibrate import calibrate, parse_thresholds
from .data import Dataset, read_csv
from .errors import QCAError
from .expression import split_top
from .fit import NECESSITY, FitRow, pof, split_terms, sufficiency, super_subset
from .solve import Minimization, minimize
from .truthtable import TruthTable, truth_table

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    # argparse prints the whole usage before its message; one line is easier to read in a log.
    def error(self, message: str):
        self.exit(EXIT_USAGE, f"error: {message}\n")


def _floats(text: str, name: str) -> list[float]:
    try:
        return [float(part) for part in split_top(text, ",") if part.strip()]
    except ValueError:
        raise QCAError(errors.CUTOFF_RANGE.format(name, text)) from None


def _float(text: str, name: str) -> float:
    values = _floats(text, name)
    if len(values) != 1:
        raise QCAError(errors.CUTOFF_RANGE.format(name, text))
    return values[0]


def _conditions(text: str | None) -> list[str] | None:
    return None if text is None else split_terms(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis.qca", description="QCA as R's QCA package computes it.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("data", metavar="DATA.csv", help="CSV with a header; case names in a 'case' column")
        sub.add_argument(
            "--case-col", help="column holding the case names (default: 'case', or a text first column)"
        )
        sub.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
        return sub

    def outcome_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--outcome", required=True, help="outcome column: Y, ~Y, or Y[2] for a multi-value one"
        )
        sub.add_argument("--neg-out", action="store_true", help="explain the negation of the outcome")

    sub = command("calibrate", "Calibrate a raw column into set membership (R's calibrate).")
    sub.add_argument("--column", required=True)
    sub.add_argument("--type", choices=["crisp", "fuzzy"], default="fuzzy")
    sub.add_argument(
        "--thresholds",
        required=True,
        help='"e=350,c=550,i=900", "550,850", or "e1=..,c1=..,i1=..,i2=..,c2=..,e2=.."',
    )
    sub.add_argument("--linear", action="store_true", help="the piecewise (non-logistic) direct method")
    sub.add_argument("--idm", default="0.95", help="inclusion degree of membership at the anchors")
    sub.add_argument("--below", default="1")
    sub.add_argument("--above", default="1")

    sub = command("necessity", "Necessity of each term for the outcome (R's pof, relation necessity).")
    outcome_options(sub)
    sub.add_argument("--terms", help='"DEV,~DEV,LIT*STB,URB+STB" (default: every condition and its negation)')

    sub = command("fit", "Sufficiency fit of an expression (R's pof, relation sufficiency).")
    outcome_options(sub)
    sub.add_argument("--expression", required=True, help='"DEV*~IND + URB*STB"')

    sub = command("super-subset", "Search necessary or sufficient combinations (R's superSubset).")
    outcome_options(sub)
    sub.add_argument("--conditions")
    sub.add_argument("--relation", choices=["necessity", "sufficiency"], default=NECESSITY)
    sub.add_argument("--incl-cut", default="1")
    sub.add_argument("--cov-cut", default="0")
    sub.add_argument("--ron-cut", default="0")
    sub.add_argument("--pri-cut", default="0")
    sub.add_argument("--depth", type=int)

    for name, help_text in (
        ("truth-table", "Build the truth table (R's truthTable)."),
        ("minimize", "Minimize the truth table (R's minimize)."),
    ):
        sub = command(name, help_text)
        outcome_options(sub)
        sub.add_argument("--conditions", help="A,B,C (default: every column but the outcome)")
        sub.add_argument(
            "--incl-cut", default="1", help="one cut-off, or two (0.8,0.6) for a contradiction band"
        )
        sub.add_argument("--n-cut", default="1")
        sub.add_argument("--pri-cut", default="0")
        sub.add_argument("--exclude", help='rows set to 0, never used as remainders: "3,7" or an expression "~A*B"')
        sub.add_argument("--inf-test", help='"binom" or "binom, 0.01": the binomial test of consistency (crisp data)')
        if name == "minimize":
            sub.add_argument("--pi-cons", default="0", help="least inclusion of a prime implicant")
            sub.add_argument("--sol-cons", default="0", help="least inclusion of a solution")
            sub.add_argument(
                "--include", default="", help='"" conservative, "?" parsimonious, "?,C" with contradictions'
            )
            sub.add_argument("--dir-exp", help='directional expectations, "DEV, ~URB, LIT[1,2]"')
            sub.add_argument("--all-sol", action="store_true")
            sub.add_argument("--row-dom", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        data = read_csv(args.data, case_col=args.case_col)
        result, text = _run(args, data)
    except QCAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(json.dumps(result, ensure_ascii=False, allow_nan=False) if args.json else text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) went away; that is not an error of ours, and Python would
        # otherwise print a traceback when it flushes stdout at exit.
        sys.stdout = open(os.devnull, "w")  # lives until the process exits
    return 0


def _run(args, data: Dataset) -> tuple[dict, str]:
    if args.command == "calibrate":
        x = data.scores(args.column)
        thresholds = parse_thresholds(args.thresholds)
        scores = calibrate(
            x,
            type=args.type,
            thresholds=thresholds,
            logistic=not args.linear,
            idm=_float(args.idm, "idm"),
            below=_float(args.below, "below"),
            above=_float(args.above, "above"),
        )
        lines = [
            _table(
                ["case", args.column, "membership"],
                [
                    [case, _fmt(raw), _fmt(score)]
                    for case, raw, score in zip(data.cases, x, scores, strict=True)
                ],
            )
        ]
        return {"result": scores}, "\n".join(lines)
    if args.command in ("necessity", "fit", "super-subset"):
        if args.command == "necessity":
            terms = split_terms(args.terms) if args.terms else _default_terms(data, args.outcome)
            rows = pof(data, args.outcome, terms, relation=NECESSITY, neg_out=args.neg_out)
        elif args.command == "fit":
            rows = sufficiency(data, args.outcome, args.expression, neg_out=args.neg_out)
        else:
            rows = super_subset(
                data,
                args.outcome,
                conditions=_conditions(args.conditions),
                relation=args.relation,
                incl_cut=_float(args.incl_cut, "incl.cut"),
                cov_cut=_float(args.cov_cut, "cov.cut"),
                ron_cut=_float(args.ron_cut, "ron.cut"),
                pri_cut=_float(args.pri_cut, "pri.cut"),
                depth=args.depth,
                neg_out=args.neg_out,
            )
        return {"rows": [row.to_json() for row in rows]}, format_fit(rows)
    tt = truth_table(
        data,
        args.outcome,
        conditions=_conditions(args.conditions),
        neg_out=args.neg_out,
        incl_cut=_floats(args.incl_cut, "incl.cut"),
        n_cut=_float(args.n_cut, "n.cut"),
        pri_cut=_float(args.pri_cut, "pri.cut"),
        exclude=args.exclude,
        inf_test=args.inf_test,
    )
    if args.command == "truth-table":
        return tt.to_json(), format_truth_table(tt)
    solution = minimize(
        tt,
        include=args.include,
        dir_exp=args.dir_exp,
        all_sol=args.all_sol,
        row_dom=args.row_dom,
        pi_cons=_float(args.pi_cons, "pi.cons"),
        sol_cons=_float(args.sol_cons, "sol.cons"),
    )
    return solution.to_json(), format_minimization(solution, tt)


def _default_terms(data: Dataset, outcome: str) -> list[str]:
    # R's pof without setms tests every column; here each condition and its negation (or levels).
    name = split_top(outcome.lstrip("~"), "[")[0].strip()
    terms = []
    for column in data.columns:
        if column == name or not data.is_numeric(column):
            continue
        if not data.is_fuzzy(column) and data.noflevels(column) > 2:
            terms += [f"{column}[{level}]" for level in range(data.noflevels(column))]
        else:
            terms += [column, f"~{column}"]
    return terms


def _fmt(value) -> str:
    if value is None:
        return "NA"
    if isinstance(value, int):
        return str(value)
    if value != value:  # NaN
        return "NaN"
    if value == int(value) and abs(value) >= 1:
        return str(int(value))
    return f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("-" * len(lines[0]))
    for row in rows:
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def format_fit(rows: Sequence[FitRow]) -> str:
    if rows and rows[0].relation == NECESSITY:
        header = ["", "inclN", "RoN", "covN"]
        body = [[r.term, _fmt(r.incl), _fmt(r.second), _fmt(r.cov)] for r in rows]
    else:
        header = ["", "inclS", "PRI", "covS", "covU"]
        body = [
            [r.term, _fmt(r.incl), _fmt(r.second), _fmt(r.cov), "-" if r.cov_u is None else _fmt(r.cov_u)]
            for r in rows
        ]
    return _table(header, body)


def format_truth_table(tt: TruthTable) -> str:
    legend = (
        "  OUT: output value\n    n: number of cases in configuration\n"
        " incl: sufficiency inclusion score\n  PRI: proportional reduction in inconsistency\n"
    )
    header = ["", *tt.conditions, "OUT", "n", "incl", "PRI", "cases"]
    body = [
        [
            str(row.id),
            *map(str, row.values),
            row.out,
            str(row.n),
            _fmt(row.incl),
            _fmt(row.pri),
            ",".join(row.cases),
        ]
        for row in tt.rows
    ]
    counts = tt.counts()
    footer = (
        f"\n{counts['observed_rows']} observed configurations ({counts['OUT1']} OUT 1, "
        f"{counts['OUT0']} OUT 0, {counts['OUTC']} contradictions, {counts['observed_below_ncut']} below n.cut"
        f" shown as ?), {counts['remainders']} remainders."
    )
    return legend + "\n" + _table(header, body) + footer


def format_minimization(solution: Minimization, tt: TruthTable) -> str:
    outcome = tt.outcome if not tt.neg_out else f"~{tt.outcome}"
    parts = []

    def block(models, label: str = "") -> None:
        for model in models:
            parts.append(f"{label}{model.name}: {' + '.join(model.term_strings)} -> {outcome}")
            body = [
                [
                    t.term,
                    _fmt(t.incl),
                    _fmt(t.pri),
                    _fmt(t.cov),
                    "-" if t.cov_u is None else _fmt(t.cov_u),
                    t.cases or "",
                ]
                for t in model.terms_fit
            ]
            body.append(
                [
                    model.name,
                    _fmt(model.fit["inclS"]),
                    _fmt(model.fit["PRI"]),
                    _fmt(model.fit["covS"]),
                    "",
                    "",
                ]
            )
            parts.append(_table(["", "inclS", "PRI", "covS", "covU", "cases"], body))
            parts.append("")

    block(solution.models)
    for entry in solution.intermediate or []:
        parts.append(
            f"Intermediate solution {entry.name} (easy counterfactuals: "
            f"{len(entry.easy_counterfactuals)}, difficult: {len(entry.difficult_counterfactuals)})"
        )
        block(entry.models, f"{entry.name}-")
    return "\n".join(parts).rstrip()
