"""An R script that redoes an analysis in R's QCA 3.23 and writes R's results as JSON.

The app never runs R; it hands this script to the reader (a study's ``run.R``), and the tests run
it to prove that R agrees with the engine. Everything the user typed (case names, labels, the
study's title, reasons) reaches R only through ``r_string`` (an R string literal, ASCII only, with
every control and non-ASCII character escaped) or ``r_comment`` (one line, escaped the same way),
so no text can end a string or a comment and run as code.

The script needs QCA 3.23 and jsonlite; ``qualcase_*`` helpers at its end turn R's objects into
the JSON shape ``parse_r_results`` documents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .data import Dataset
from .expression import parse_dir_exp_all
from .truthtable import TruthTable

RESULTS_FILE = "qualcase-results.json"


def r_string(text: str) -> str:
    """An R double-quoted string literal for any text, in plain ASCII."""
    out = ['"']
    for char in str(text):
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif 32 <= code < 127:
            out.append(char)
        elif code == 0:
            out.append("")  # R strings cannot hold NUL
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def r_comment(text: str) -> str:
    """A one-line R comment; line breaks and other control characters are shown escaped."""
    return "# " + r_string(text)[1:-1]


def r_vector(items: Sequence[str]) -> str:
    return "c(" + ", ".join(r_string(item) for item in items) + ")"


def r_number(value: float) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    # repr is the shortest text that reads back as the same double, in R's strtod as in Python.
    return repr(float(value))


def r_numbers(values: Sequence[float]) -> str:
    return r_number(values[0]) if len(values) == 1 else "c(" + ", ".join(r_number(v) for v in values) + ")"


@dataclass(frozen=True)
class RMinimize:
    """One call of ``minimize()``: ``include`` "" / "?" / "?, C", and R's other options."""

    label: str
    include: str = ""
    dir_exp: str | None = None
    pi_cons: float = 0
    sol_cons: float = 0
    row_dom: bool = False
    all_sol: bool = False


@dataclass(frozen=True)
class RAnalysis:
    title: str
    data: Dataset
    outcome: str  # as the engine reads it: Y, ~Y or Y[2]
    conditions: list[str]
    neg_out: bool = False
    incl_cut: tuple[float, ...] = (1.0,)
    n_cut: int = 1
    pri_cut: float = 0
    exclude: tuple[int, ...] = ()
    inf_test: tuple[str, float] | None = None
    # Hand-set outputs: row id -> (OUT, reason)
    row_outputs: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    necessity_terms: list[str] | None = None
    necessity_negated: bool = True
    minimizations: list[RMinimize] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def r_outcome(analysis: RAnalysis) -> str:
    outcome = analysis.outcome.strip()
    if analysis.neg_out and not outcome.startswith("~"):
        outcome = "~" + outcome
    return outcome


def _negated(outcome: str) -> str:
    return outcome[1:].strip() if outcome.startswith("~") else "~" + outcome


def data_csv_lines(data: Dataset, columns: Sequence[str]) -> list[str]:
    def cell(text: str) -> str:
        if any(c in text for c in ',"\n\r') or text != text.strip():
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [",".join(["case", *[cell(c) for c in columns]])]
    scores = [data.scores(c) for c in columns]
    for i, case in enumerate(data.cases):
        lines.append(",".join([cell(case), *[r_number(s[i]) for s in scores]]))
    return lines


def r_dir_exp(dir_exp: str, tt: TruthTable) -> str:
    """Directional expectations in the form R 3.23 accepts for this truth table (multi-value
    data wants every literal with its levels; crisp and fuzzy data ``X`` or ``~X``)."""
    simple, conjunctions = parse_dir_exp_all(dir_exp, tt.conditions, tt.noflevels)

    def literal(index: int, levels: frozenset[int]) -> str:
        name = tt.conditions[index]
        if tt.multivalue or tt.noflevels[index] > 2:
            return f"{name}[{','.join(str(v) for v in sorted(levels))}]"
        return name if levels == {1} else f"~{name}"

    parts = [literal(i, levels) for i, levels in enumerate(simple) if levels is not None]
    parts += ["*".join(literal(i, levels) for i, levels in sorted(c.items())) for c in conjunctions]
    return ", ".join(parts)


def build_r_script(analysis: RAnalysis, tt: TruthTable, *, results_file: str = RESULTS_FILE) -> str:
    """The whole script. ``tt`` is the engine's truth table of the same analysis (for names and
    levels of the directional expectations)."""
    columns = [*analysis.conditions, _bare(analysis.outcome)]
    outcome = r_outcome(analysis)
    lines = [
        r_comment(analysis.title),
        "# Written by qualcase. Runs in R with the packages QCA (3.23) and jsonlite:",
        "#   Rscript run.R        (or source(\"run.R\") in an R session)",
        f"# It prints every result and writes them to {results_file} (JSON).",
    ]
    lines += [r_comment(note) for note in analysis.notes]
    lines += [
        "",
        "suppressPackageStartupMessages({ library(QCA); library(jsonlite) })",
        "",
        "# The calibrated data: one row per case, one column per set.",
        "data <- read.csv(text = c(",
    ]
    csv = data_csv_lines(analysis.data, columns)
    lines += [f"    {r_string(line)}{',' if i < len(csv) - 1 else ''}" for i, line in enumerate(csv)]
    lines += [
        "), row.names = 1, check.names = FALSE, stringsAsFactors = FALSE)",
        "",
        "# Necessity of each condition and its negation (the last row, \"expression\", is their union).",
    ]
    terms = analysis.necessity_terms or _default_terms(tt)
    setms = r_string(" + ".join(terms))
    lines.append(
        f"nec <- pof({setms}, outcome = {r_string(outcome)}, data = data, relation = \"necessity\")"
    )
    lines.append("print(nec)")
    if analysis.necessity_negated:
        lines.append(
            f"nec_negated <- pof({setms}, outcome = {r_string(_negated(outcome))}, data = data,"
            " relation = \"necessity\")"
        )
        lines.append("print(nec_negated)")
    options = [
        f"outcome = {r_string(outcome)}",
        f"conditions = {r_vector(analysis.conditions)}",
        f"incl.cut = {r_numbers(analysis.incl_cut)}",
        f"n.cut = {r_number(analysis.n_cut)}",
        f"pri.cut = {r_number(analysis.pri_cut)}",
    ]
    if analysis.exclude:
        options.append(f"exclude = {r_numbers(list(analysis.exclude))}")
    if analysis.inf_test is not None:
        options.append(f"inf.test = {r_string(f'{analysis.inf_test[0]}, {analysis.inf_test[1]:g}')}")
    lines += [
        "",
        "# The truth table.",
        "tt <- truthTable(data, " + ", ".join(options) + ", show.cases = TRUE)",
    ]
    if analysis.row_outputs:
        lines.append("# Outputs set by hand, each with the researcher's reason:")
        for row_id, (out, reason) in sorted(analysis.row_outputs.items()):
            lines.append(r_comment(f"row {row_id}: {reason}"))
            lines.append(f"tt$tt[{r_string(str(row_id))}, \"OUT\"] <- {r_string(str(out))}")
    lines += ["print(tt)", "", "solutions <- list()"]
    for call in analysis.minimizations:
        args = [f"include = {r_string(call.include)}"]
        if call.dir_exp:
            args.append(f"dir.exp = {r_string(r_dir_exp(call.dir_exp, tt))}")
        if call.pi_cons:
            args.append(f"pi.cons = {r_number(call.pi_cons)}")
        if call.sol_cons:
            args.append(f"sol.cons = {r_number(call.sol_cons)}")
        if call.row_dom:
            args.append("row.dom = TRUE")
        if call.all_sol:
            args.append("all.sol = TRUE")
        lines.append(r_comment(call.label))
        lines.append(f"solutions[[{r_string(call.label)}]] <- minimize(tt, {', '.join(args)}, details = TRUE)")
        lines.append(f"print(solutions[[{r_string(call.label)}]])")
    lines += [
        "",
        "# Everything above as JSON, for comparison with qualcase's results.json.",
        "results <- list(",
        "    truth_table = qualcase_tt(tt),",
        "    necessity = qualcase_pof(nec),",
    ]
    if analysis.necessity_negated:
        lines.append("    necessity_negated = qualcase_pof(nec_negated),")
    lines += [
        "    minimizations = lapply(solutions, qualcase_solution)",
        ")",
        f"write_json(results, {r_string(results_file)}, auto_unbox = TRUE, digits = NA,"
        " null = \"null\", na = \"null\", pretty = TRUE)",
    ]
    helpers = R_HELPERS.strip().splitlines()
    # The helpers are defined before use: put them right after library().
    at = lines.index("suppressPackageStartupMessages({ library(QCA); library(jsonlite) })") + 1
    lines[at:at] = ["", *helpers]
    return "\n".join(lines) + "\n"


def _bare(outcome: str) -> str:
    name = outcome.strip().lstrip("~").strip()
    for bracket in "[{":
        name = name.split(bracket)[0]
    return name.strip()


def _default_terms(tt: TruthTable) -> list[str]:
    # R wants every set name with brackets once any condition is multi-value.
    terms = []
    for name, levels, fuzzy in zip(tt.conditions, tt.noflevels, tt.fuzzy, strict=True):
        if not fuzzy and (levels > 2 or tt.multivalue):
            terms += [f"{name}[{v}]" for v in range(levels)]
        else:
            terms += [name, f"~{name}"]
    return terms


R_HELPERS = r"""
# qualcase_*: R's objects as plain lists for jsonlite (NA and NaN become null).
qualcase_num <- function(x) { x <- suppressWarnings(as.numeric(x)); if (length(x) == 0 || !is.finite(x)) NA else x }
qualcase_cases <- function(x) if (is.null(x) || is.na(x) || x == "") I(character(0)) else I(strsplit(x, ",")[[1]])
qualcase_ttrows <- function(t, ncond, keep) lapply(which(keep), function(i) {
    row <- list(id = as.integer(rownames(t)[i]), values = I(as.integer(unlist(t[i, seq_len(ncond)]))),
                OUT = as.character(t$OUT[i]), n = as.integer(t$n[i]),
                incl = qualcase_num(t$incl[i]), PRI = qualcase_num(t$PRI[i]),
                cases = qualcase_cases(t$cases[i]))
    if (!is.null(t$pval1)) row$pval1 <- qualcase_num(t$pval1[i])
    if (!is.null(t$pval0)) row$pval0 <- qualcase_num(t$pval0[i])
    row
})
qualcase_tt <- function(tt) {
    t <- tt$tt
    ncond <- length(tt$noflevels)
    rows <- qualcase_ttrows(t, ncond, t$OUT != "?" | suppressWarnings(as.numeric(t$n)) > 0)
    if (!is.null(tt$removed)) {  # more than 7 conditions: R keeps the rows below n.cut apart
        r <- tt$removed$tt
        r$OUT <- "?"
        rows <- c(rows, qualcase_ttrows(r, ncond, rep(TRUE, nrow(r))))
    }
    list(conditions = I(tt$options$conditions), noflevels = I(tt$noflevels), rows = rows)
}
qualcase_pof <- function(p) {
    ic <- p$incl.cov
    lapply(seq_len(nrow(ic)), function(i) {
        row <- list(term = rownames(ic)[i])
        for (name in intersect(c("inclN", "RoN", "covN", "inclS", "PRI", "covS", "covU"), colnames(ic))) {
            row[[name]] <- qualcase_num(ic[i, name])
        }
        row
    })
}
qualcase_fit <- function(ic) list(
    terms_fit = qualcase_pof(list(incl.cov = ic$incl.cov)),
    fit = list(inclS = qualcase_num(ic$sol.incl.cov[1, 1]), PRI = qualcase_num(ic$sol.incl.cov[1, 2]),
               covS = qualcase_num(ic$sol.incl.cov[1, 3])))
qualcase_models <- function(solution, ic) {
    fits <- if (!is.null(ic$individual)) lapply(ic$individual, qualcase_fit) else list(qualcase_fit(ic))
    lapply(seq_along(solution), function(m) c(list(terms = I(solution[[m]])), fits[[m]]))
}
qualcase_solution <- function(sol) {
    out <- list(prime_implicants = I(rownames(sol$PIchart)), essential = I(as.character(sol$essential)),
                models = qualcase_models(sol$solution, sol$IC))
    if (!is.null(sol$i.sol)) {
        out$intermediate <- lapply(names(sol$i.sol), function(name) {
            i <- sol$i.sol[[name]]
            list(name = name, c_sol = I(i$c.sol), p_sol = I(i$p.sol),
                 easy_counterfactuals = I(as.integer(rownames(i$EC))),
                 prime_implicants = I(rownames(i$PIchart)), essential = I(as.character(i$essential)),
                 models = qualcase_models(i$solution, i$IC))
        })
    }
    out
}
"""


def _key(term: str) -> str:
    return "".join(str(term).split())


def _close(a, b, tolerance: float) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    return abs(a - b) <= tolerance


def compare_with_r(r_results: dict, ours: dict, *, tolerance: float = 1e-9) -> list[str]:
    """Differences between the JSON an R script wrote and the engine's results of the same run.

    ``ours`` holds ``truth_table`` (``TruthTable.to_json()``), ``necessity`` and optionally
    ``necessity_negated`` (lists of ``FitRow.to_json()``) and ``minimizations`` (label ->
    ``Minimization.to_json()``). Models are compared as sets of terms, with every fit figure.
    An empty list means R and the engine agree.
    """
    problems: list[str] = []

    def number(where: str, a, b) -> None:
        if not _close(a, b, tolerance):
            problems.append(f"{where}: R {b!r}, qualcase {a!r}")

    r_rows = {row["id"]: row for row in r_results["truth_table"]["rows"]}
    our_rows = {row["id"]: row for row in ours["truth_table"]["rows"]}
    if set(r_rows) != set(our_rows):
        problems.append(f"truth table rows: R {sorted(r_rows)}, qualcase {sorted(our_rows)}")
    for row_id in sorted(set(r_rows) & set(our_rows)):
        r, o = r_rows[row_id], our_rows[row_id]
        if str(r["OUT"]) != str(o["OUT"]):
            problems.append(f"row {row_id} OUT: R {r['OUT']}, qualcase {o['OUT']}")
        if r["n"] != o["n"]:
            problems.append(f"row {row_id} n: R {r['n']}, qualcase {o['n']}")
        if o["n"]:
            for key in ("incl", "PRI", "pval1", "pval0"):
                if key in r or key in o:
                    number(f"row {row_id} {key}", o.get(key), r.get(key))
            if list(r["cases"]) != list(o["cases"]):
                problems.append(f"row {row_id} cases: R {r['cases']}, qualcase {o['cases']}")

    for key in ("necessity", "necessity_negated"):
        if key not in r_results or key not in ours:
            continue
        r_fit = {_key(row["term"]): row for row in r_results[key]}
        o_fit = {_key(row["term"]): row for row in ours[key]}
        if set(r_fit) != set(o_fit):
            problems.append(f"{key} terms: R {sorted(r_fit)}, qualcase {sorted(o_fit)}")
        for term in set(r_fit) & set(o_fit):
            for name in ("inclN", "RoN", "covN"):
                number(f"{key} {term} {name}", o_fit[term].get(name), r_fit[term].get(name))

    r_minimizations = r_results.get("minimizations") or {}  # jsonlite writes an empty list as []
    for label, r_min in (r_minimizations if isinstance(r_minimizations, dict) else {}).items():
        ours_min = ours["minimizations"].get(label)
        if ours_min is None:
            problems.append(f"{label}: missing in qualcase")
            continue
        problems += _compare_solution(label, r_min, ours_min, number)
        if "intermediate" in r_min:

            def pair(entry):
                return frozenset(map(_key, entry["c_sol"])), frozenset(map(_key, entry["p_sol"]))

            ours_i = {pair(e): e for e in ours_min.get("intermediate") or []}
            for entry in r_min["intermediate"]:
                got = ours_i.get(pair(entry))
                where = f"{label} {entry['name']}"
                if got is None:
                    problems.append(f"{where}: no such conservative x parsimonious pair in qualcase")
                    continue
                if sorted(entry["easy_counterfactuals"]) != got["easy_counterfactuals"]["row_ids"]:
                    problems.append(
                        f"{where} easy counterfactuals: R {sorted(entry['easy_counterfactuals'])},"
                        f" qualcase {got['easy_counterfactuals']['row_ids']}"
                    )
                problems += _compare_solution(where, entry, got, number)
    return problems


def _compare_solution(where: str, r_min: dict, ours: dict, number) -> list[str]:
    problems = []
    r_pis = {_key(t) for t in r_min["prime_implicants"]}
    o_pis = {_key(pi["term"]) for pi in ours["prime_implicants"]}
    if r_pis != o_pis:
        problems.append(f"{where} prime implicants: R {sorted(r_pis)}, qualcase {sorted(o_pis)}")
    if {_key(t) for t in r_min["essential"]} != {_key(t) for t in ours["essential"]}:
        problems.append(f"{where} essential: R {r_min['essential']}, qualcase {ours['essential']}")
    r_models = {frozenset(map(_key, m["terms"])): m for m in r_min["models"]}
    o_models = {frozenset(map(_key, m["terms"])): m for m in ours["models"]}
    if set(r_models) != set(o_models):
        problems.append(
            f"{where} models: R {[sorted(m) for m in r_models]}, qualcase {[sorted(m) for m in o_models]}"
        )
    for terms in set(r_models) & set(o_models):
        r, o = r_models[terms], o_models[terms]
        label = f"{where} {' + '.join(sorted(terms))}"
        for name in ("inclS", "PRI", "covS"):
            number(f"{label} {name}", o["fit"].get(name), r["fit"].get(name))
        o_terms = {_key(t["term"]): t for t in o["terms_fit"]}
        for t in r["terms_fit"]:
            got = o_terms.get(_key(t["term"]))
            if got is None:
                problems.append(f"{label}: no fit for {t['term']}")
                continue
            for name in ("inclS", "PRI", "covS", "covU"):
                if name in t:
                    number(f"{label} {t['term']} {name}", got.get(name), t.get(name))
    return problems
