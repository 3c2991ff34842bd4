"""Running a study through the engine, saving the run, telling stale runs, and exporting them.

A run keeps everything needed to read it later without the study: the data matrix the engine got,
the options, the engine version and the results as the shared R fixtures shape them, so runs can be
compared with R's output directly.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from analysis.models import Expectation, QCARun
from analysis.qca import QCAError, from_columns, minimize_truth_table, necessity, truth_table
from analysis.studies.errors import INF_TEST_CRISP, NO_CONDITIONS, NO_OUTCOME, SET_ERROR, TOO_FEW_CASES
from analysis.studies.selectors import study_matrix

# Bumped when the engine's results may change; R's QCA version it reproduces is in the name.
ENGINE_VERSION = "qualcase-qca 1.1 (R QCA 3.23)"

SOLUTIONS = ("conservative", "parsimonious", "intermediate")


def _dir_exp(conditions, conjunctions=""):
    """R's dir.exp: X for presence, ~X for absence (conditions with no expectation are left out),
    then the study's expectations on conjunctions (DEV*URB) as typed."""
    parts = []
    for label, expectation in conditions:
        if expectation == Expectation.PRESENT:
            parts.append(label)
        elif expectation == Expectation.ABSENT:
            parts.append("~" + label)
    parts += [part.strip() for part in (conjunctions or "").split(",") if part.strip()]
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


def study_options(study, matrix):
    """The options of a run, as stored in its snapshot (and read back by exports and robustness)."""
    return {
        "incl_cut": study.incl_cut,
        "n_cut": study.n_cut,
        "pri_cut": study.pri_cut,
        "neg_out": study.neg_out,
        "exclude": study.exclude,
        "inf_test": study.inf_test,
        "pi_cons": study.pi_cons,
        "sol_cons": study.sol_cons,
        "dir_exp_conjunctions": study.dir_exp_conjunctions,
        "dir_exp": _dir_exp(
            [(item.label, item.expectation) for item in matrix.conditions], study.dir_exp_conjunctions
        ),
        "row_outputs": study.row_outputs,
    }


def necessity_terms(tt):
    """Each condition and its negation; each level of a multi-value condition (R then wants every
    set written with its level)."""
    terms = []
    for name, levels, fuzzy in zip(tt.conditions, tt.noflevels, tt.fuzzy, strict=True):
        if not fuzzy and (levels > 2 or tt.multivalue):
            terms += [f"{name}[{value}]" for value in range(levels)]
        else:
            terms += [name, f"~{name}"]
    return terms


def build_truth_table(data, *, outcome, conditions, options):
    """The truth table of a run, hand-set outputs applied (rows no longer in the table are skipped);
    returns it with the hand-set rows it used."""
    inf_test = options.get("inf_test")
    if inf_test is not None and any(data.is_fuzzy(name) for name in [*conditions, outcome]):
        raise QCAError(str(INF_TEST_CRISP))
    tt = truth_table(
        data,
        outcome,
        conditions=conditions,
        neg_out=options.get("neg_out", False),
        incl_cut=options["incl_cut"],
        n_cut=options["n_cut"],
        pri_cut=options["pri_cut"],
        exclude=options.get("exclude") or None,
        inf_test=None if inf_test is None else ("binom", inf_test),
    )
    known = {row.id: row for row in tt.rows}
    used = {
        int(row_id): hand
        for row_id, hand in (options.get("row_outputs") or {}).items()
        if int(row_id) in known and not known[int(row_id)].excluded
    }
    return tt.with_outputs({row_id: hand["out"] for row_id, hand in used.items()}), used, known


def minimize_calls(options):
    """R's minimize() calls of a run: (name, keyword arguments). sol.cons only on the conservative
    solution: R 3.23 aborts (free(): invalid next size) when it meets the remainders."""
    pi_cons, sol_cons = options.get("pi_cons") or 0, options.get("sol_cons") or 0
    calls = [
        ("conservative", {"include": "", "pi_cons": pi_cons, "sol_cons": sol_cons}),
        ("parsimonious", {"include": "?", "pi_cons": pi_cons}),
    ]
    if options.get("dir_exp"):
        calls.append(("intermediate", {"include": "?", "dir_exp": options["dir_exp"], "pi_cons": pi_cons}))
    return calls


def analyse_data(data, *, outcome, conditions, options, with_necessity=True):
    """Necessity, the truth table (with hand-set outputs) and the solutions of one run, as JSON."""
    tt, used, known = build_truth_table(data, outcome=outcome, conditions=conditions, options=options)
    results = {"cases": list(data.cases), "errors": {}}
    if with_necessity:
        terms = necessity_terms(tt)
        for negated in (False, True):
            key = "necessity_negated_outcome" if negated else "necessity"
            results[key] = [row.to_json() for row in necessity(data, outcome, terms, neg_out=negated)]
    results["truth_table"] = tt.to_json()
    results["truth_table"]["manual"] = {
        str(row_id): {"computed": known[row_id].out, **hand} for row_id, hand in used.items()
    }
    results["minimizations"] = {}
    for name, arguments in minimize_calls(options):
        try:
            results["minimizations"][name] = minimize_truth_table(tt, **arguments).to_json()
        except QCAError as exc:
            results["errors"][name] = str(exc)
    results["dir_exp"] = options.get("dir_exp", "")
    return results


def analyse(*, study, matrix):
    chosen = matrix.complete_cases()
    data = from_columns(matrix.columns(), cases=[name for _id, name in chosen])
    return analyse_data(
        data,
        outcome=matrix.outcome.label,
        conditions=[item.label for item in matrix.conditions],
        options=study_options(study, matrix),
    )


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
        "options": study_options(study, matrix),
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
    inputs = snapshot(study=study, matrix=matrix)
    # The robustness grid re-runs the analysis dozens of times (seconds): the task worker computes
    # it after the run is saved, and the run page shows it once it is there.
    inputs["robustness"] = {"status": ROBUSTNESS_PENDING, "queued_at": timezone.now().isoformat()}
    run = QCARun.objects.create(
        study=study,
        created_by=user,
        engine_version=ENGINE_VERSION,
        input_hash=matrix.input_hash(study),
        snapshot=inputs,
        results=results,
        robustness_pending=True,
    )
    transaction.on_commit(lambda: robustness_enqueue(run_id=run.pk))
    return run


ROBUSTNESS_PENDING = "pending"


def robustness_enqueue(*, run_id):
    from analysis.studies.tasks import robustness_task

    robustness_task.enqueue(run_id=run_id)


def run_robustness(*, run_id) -> QCARun | None:
    """Compute a run's robustness grid into its snapshot. Idempotent: a run whose grid is already
    there (or that was deleted meanwhile) is left alone, so a repeated task does nothing."""
    # Imported here: robustness re-runs the analysis with this module's analyse_data.
    from analysis.studies.robustness import robustness

    run = QCARun.objects.filter(pk=run_id).first()
    if run is None or (run.snapshot.get("robustness") or {}).get("status") != ROBUSTNESS_PENDING:
        return run
    found = robustness(run.snapshot, run.results)  # outside any transaction: seconds of CPU
    with transaction.atomic():
        run = QCARun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or (run.snapshot.get("robustness") or {}).get("status") != ROBUSTNESS_PENDING:
            return run
        run.snapshot["robustness"] = found
        run.robustness_pending = False
        run.save(update_fields=["snapshot", "robustness_pending"])
    return run


def robustness_recover() -> int:
    """For the worker: queue again the grids whose task was lost (worker killed, never queued)."""
    stalled = timezone.now() - timedelta(seconds=settings.QUALCASE_JOB_STALLED_SECONDS)
    queued = 0
    pending = QCARun.objects.filter(robustness_pending=True)
    for run_id, inputs in pending.values_list("pk", "snapshot"):
        queued_at = parse_datetime((inputs.get("robustness") or {}).get("queued_at") or "")
        if queued_at is not None and queued_at > stalled:
            continue
        with transaction.atomic():
            run = QCARun.objects.select_for_update().get(pk=run_id)
            run.snapshot["robustness"] = {"status": ROBUSTNESS_PENDING, "queued_at": timezone.now().isoformat()}
            run.save(update_fields=["snapshot"])
            transaction.on_commit(lambda run_id=run_id: robustness_enqueue(run_id=run_id))
        queued += 1
    return queued


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


