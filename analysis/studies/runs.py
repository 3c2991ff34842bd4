"""Running a study through the engine, saving the run, telling stale runs, and exporting them.

A run keeps everything needed to read it later without the study: the data matrix the engine got,
the options, the engine version and the results as the shared R fixtures shape them, so runs can be
compared with R's output directly.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape

from analysis.matrices import exports
from analysis.models import Expectation, QCARun
from analysis.qca import QCAError, from_columns, minimize_truth_table, necessity, truth_table
from analysis.studies.errors import NO_CONDITIONS, NO_OUTCOME, SET_ERROR, TOO_FEW_CASES
from analysis.studies.selectors import study_matrix

# Bumped when the engine's results may change; R's QCA version it reproduces is in the name.
ENGINE_VERSION = "qualcase-qca 1.0 (R QCA 3.23)"

SOLUTIONS = ("conservative", "parsimonious", "intermediate")


def _dir_exp(matrix):
    """R's dir.exp: X for presence, ~X for absence; conditions with no expectation are left out."""
    parts = []
    for item in matrix.conditions:
        if item.expectation == Expectation.PRESENT:
            parts.append(item.label)
        elif item.expectation == Expectation.ABSENT:
            parts.append("~" + item.label)
    return ", ".join(parts)


def check_runnable(matrix):
    if matrix.outcome is None:
        raise ValidationError({"outcome": [NO_OUTCOME]})
    if not matrix.conditions:
        raise ValidationError({"conditions": [NO_CONDITIONS]})
    for item in matrix.sets:
        if item.pk in matrix.errors:
            raise ValidationError(
                {item.label: [SET_ERROR.format(label=item.label, error=matrix.errors[item.pk])]}
            )
    if not matrix.complete_cases():
        raise ValidationError({"cases": [TOO_FEW_CASES]})


def analyse(*, study, matrix):
    """Necessity, the truth table (with hand-set outputs) and the three solutions, as JSON."""
    chosen = matrix.complete_cases()
    columns = matrix.columns()
    data = from_columns(columns, cases=[name for _id, name in chosen])
    outcome = matrix.outcome.label
    conditions = [item.label for item in matrix.conditions]
    results = {"cases": [name for _id, name in chosen], "errors": {}}
    for negated in (False, True):
        key = "necessity_negated_outcome" if negated else "necessity"
        terms = [term for label in conditions for term in (label, "~" + label)]
        results[key] = [row.to_json() for row in necessity(data, outcome, terms, neg_out=negated)]
    tt = truth_table(
        data,
        outcome,
        conditions=conditions,
        incl_cut=study.incl_cut,
        n_cut=study.n_cut,
        pri_cut=study.pri_cut,
    )
    manual = {}
    rows = []
    for row in tt.rows:
        hand = study.row_outputs.get(str(row.id))
        if hand and row.out != "?":
            manual[str(row.id)] = {"computed": row.out, **hand}
            row = dataclasses.replace(row, out=hand["out"])
        rows.append(row)
    tt = dataclasses.replace(tt, rows=rows)
    results["truth_table"] = tt.to_json()
    results["truth_table"]["manual"] = manual
    dir_exp = _dir_exp(matrix)
    calls = {
        "conservative": {"include": ""},
        "parsimonious": {"include": "?"},
        "intermediate": {"include": "?", "dir_exp": dir_exp or None},
    }
    results["minimizations"] = {}
    for name, arguments in calls.items():
        if name == "intermediate" and not dir_exp:
            continue
        try:
            results["minimizations"][name] = minimize_truth_table(tt, **arguments).to_json()
        except QCAError as exc:
            results["errors"][name] = str(exc)
    results["dir_exp"] = dir_exp
    return results


def snapshot(*, study, matrix):
    return {
        "study": study.name,
        "outcome": matrix.outcome.label,
        "conditions": [item.label for item in matrix.conditions],
        "sets": [
            {
                "label": item.label,
                "role": item.role,
                "source": item.source,
                "code": item.code.name if item.code_id else None,
                "subtree": item.subtree,
                "measure": item.measure,
                "coder_scope": item.coder_scope,
                "coder": item.coder_id,
                "attribute": item.attribute.name if item.attribute_id else None,
                "calibration": item.calibration,
                "thresholds": item.thresholds,
                "value_table": item.value_table,
                "expectation": item.expectation,
            }
            for item in matrix.sets
        ],
        "options": {
            "incl_cut": study.incl_cut,
            "n_cut": study.n_cut,
            "pri_cut": study.pri_cut,
            "row_outputs": study.row_outputs,
        },
        "cases": [name for _id, name in matrix.complete_cases()],
        "left_out": [
            name for case in matrix.cases if case not in matrix.complete_cases() for name in [case[1]]
        ],
        "matrix": matrix.columns(),
        "raw": {
            item.label: [matrix.cells[(item.pk, case_id)].raw for case_id, _name in matrix.complete_cases()]
            for item in matrix.sets
        },
        "overrides": [
            {"set": item.label, "case": name, "value": cell.override.value, "reason": cell.override.reason}
            for item in matrix.sets
            for case_id, name in matrix.cases
            for cell in [matrix.cells[(item.pk, case_id)]]
            if cell.override
        ],
    }


@transaction.atomic
def run_create(*, study, user) -> QCARun:
    matrix = study_matrix(study=study)
    check_runnable(matrix)
    try:
        results = analyse(study=study, matrix=matrix)
    except QCAError as exc:
        raise ValidationError({"study": [str(exc)]}) from None
    return QCARun.objects.create(
        study=study,
        created_by=user,
        engine_version=ENGINE_VERSION,
        input_hash=matrix.input_hash(study),
        snapshot=snapshot(study=study, matrix=matrix),
        results=results,
    )


def run_is_stale(*, run, current_hash) -> bool:
    return run.input_hash != current_hash


def _solutions(results):
    found = {}
    for name, minimization in results.get("minimizations", {}).items():
        found[name] = [model["expression"] for model in minimization["models"]]
    return found


def run_diff(*, old, new):
    """What changed between two runs' results: solutions, and truth table rows whose output moved."""
    before, after = _solutions(old.results), _solutions(new.results)
    solutions = [
        {"solution": name, "before": before.get(name, []), "after": after.get(name, [])}
        for name in SOLUTIONS
        if before.get(name, []) != after.get(name, [])
    ]
    old_rows = {row["id"]: row["OUT"] for row in old.results["truth_table"]["rows"]}
    new_rows = {row["id"]: row["OUT"] for row in new.results["truth_table"]["rows"]}
    rows = [
        {"row": row_id, "before": old_rows.get(row_id), "after": new_rows.get(row_id)}
        for row_id in sorted(set(old_rows) | set(new_rows))
        if old_rows.get(row_id) != new_rows.get(row_id)
    ]
    old_cases, new_cases = set(old.snapshot["cases"]), set(new.snapshot["cases"])
    return {
        "solutions": solutions,
        "rows": rows,
        "cases_added": sorted(new_cases - old_cases),
        "cases_removed": sorted(old_cases - new_cases),
    }


# --- exports ------------------------------------------------------------------------------------


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


def _r_string(text):
    return json.dumps(str(text), ensure_ascii=False)


def r_script(run):
    """An R script that rebuilds the data and re-runs the analysis with the QCA package."""
    snap = run.snapshot
    options = snap["options"]
    csv_text = "\n".join(",".join(_r_csv_cell(cell) for cell in row) for row in matrix_rows(run))
    conditions = ", ".join(_r_string(label) for label in snap["conditions"])
    lines = [
        f"# {snap['study']}: reproduces run {run.pk} ({run.engine_version}), made {run.created_at:%Y-%m-%d %H:%M}",
        "library(QCA)",
        "",
        f"data <- read.csv(text = {_r_string(csv_text)}, row.names = 1, check.names = FALSE)",
        "",
        f"tt <- truthTable(data, outcome = {_r_string(snap['outcome'])}, conditions = c({conditions}),",
        f"    incl.cut = {_number(options['incl_cut'])}, n.cut = {options['n_cut']}, "
        f"pri.cut = {_number(options['pri_cut'])}, show.cases = TRUE)",
    ]
    manual = run.results["truth_table"].get("manual", {})
    for row_id, item in sorted(manual.items(), key=lambda pair: int(pair[0])):
        reason = item["reason"].replace("\n", " ")
        lines.append(f"# row {row_id} set by hand: {reason}")
        lines.append(f'tt$tt[{_r_string(row_id)}, "OUT"] <- {_r_string(item["out"])}')
    lines += [
        "tt",
        "",
        "necessity <- pof(c("
        + ", ".join(_r_string(t) for label in snap["conditions"] for t in (label, "~" + label))
        + "), "
        + _r_string(snap["outcome"])
        + ', data = data, relation = "necessity")',
        "necessity",
        "",
        'conservative <- minimize(tt, include = "", details = TRUE)',
        "conservative",
        'parsimonious <- minimize(tt, include = "?", details = TRUE)',
        "parsimonious",
    ]
    dir_exp = run.results.get("dir_exp")
    if dir_exp:
        lines += [
            f'intermediate <- minimize(tt, include = "?", dir.exp = {_r_string(dir_exp)}, details = TRUE)',
            "intermediate",
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _r_csv_cell(cell):
    text = str(cell)
    if any(ch in text for ch in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


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


# --- XY plot ------------------------------------------------------------------------------------


def _literal_membership(columns, index, literal):
    value = columns[literal["cond"]][index]
    return value if literal["value"] == 1 else 1 - value


def xy_points(run, *, solution=None, model=0, condition=None, negated=False, negated_outcome=False):
    """(case, x, y) for a solution model (its union of terms) or one condition, against the outcome.

    Memberships come from the run's snapshot, so the plot shows the data the run used.
    """
    columns = run.snapshot["matrix"]
    cases = run.snapshot["cases"]
    outcome = columns[run.snapshot["outcome"]]
    points = []
    literals = None
    if solution is not None:
        literals = run.results["minimizations"][solution]["models"][model]["literals"]
    for index, case in enumerate(cases):
        if literals is not None:
            # A term without literals (every case explained, R prints "1") covers everyone fully.
            x = max(
                min((_literal_membership(columns, index, lit) for lit in term), default=1)
                for term in literals
            )
        else:
            x = columns[condition][index]
            if negated:
                x = 1 - x
        y = 1 - outcome[index] if negated_outcome else outcome[index]
        points.append((case, round(x, 6), round(y, 6)))
    return points


def xy_svg(points, *, x_label, y_label, size=360):
    """A square scatter plot with the diagonal: cases above it are consistent with sufficiency."""
    pad = 40
    span = size - 2 * pad

    def sx(value):
        return pad + value * span

    def sy(value):
        return size - pad - value * span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="{escape(x_label)} × {escape(y_label)}" class="xy-plot">',
        f'<rect x="{pad}" y="{pad}" width="{span}" height="{span}" fill="none" stroke="#889"/>',
        f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(1)}" y2="{sy(1)}" stroke="#bbc" stroke-dasharray="4 3"/>',
        f'<line x1="{sx(0.5)}" y1="{sy(0)}" x2="{sx(0.5)}" y2="{sy(1)}" stroke="#eee"/>',
        f'<line x1="{sx(0)}" y1="{sy(0.5)}" x2="{sx(1)}" y2="{sy(0.5)}" stroke="#eee"/>',
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle" font-size="12">{escape(x_label)}</text>',
        f'<text x="12" y="{size / 2}" text-anchor="middle" font-size="12" '
        f'transform="rotate(-90 12 {size / 2})">{escape(y_label)}</text>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(
            f'<text x="{sx(tick)}" y="{size - pad + 14}" text-anchor="middle" font-size="10">{tick}</text>'
        )
        parts.append(f'<text x="{pad - 6}" y="{sy(tick) + 3}" text-anchor="end" font-size="10">{tick}</text>')
    for case, x, y in points:
        parts.append(
            f'<g><circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#2f5d8a"><title>{escape(case)}: '
            f"{x}, {y}</title></circle>"
            f'<text x="{sx(x) + 6:.1f}" y="{sy(y) - 5:.1f}" font-size="10">{escape(case)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
