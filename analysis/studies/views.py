"""Pages of QCA studies: the list, a study (sets, calibration preview, data matrix), a run.

Thin: access through `access_project` / `access_study`, rules in the studies' services,
selectors and runs. Forms post back to the same page, which shows the error or redirects (PRG).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods
from rest_framework import exceptions as api_exceptions

from analysis.models import (
    Calibration,
    CodeMeasure,
    CoderScope,
    Expectation,
    QCAStudy,
    SetRole,
    SetSource,
)
from analysis.studies import run_files, selectors, services, xyplot
from analysis.studies import runs as qca_runs
from cases.models import Attribute, AttributeType, Case
from coding.models import Code, Membership, Role, role_at_least
from coding.permissions import access_project

SORTS = {"id": "id", "n": "n", "incl": "incl", "pri": "PRI", "out": "OUT"}


def _error_text(exc):
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{message}" for messages_ in exc.message_dict.values() for message in messages_)
    return "; ".join(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def study_list_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    error = None
    if request.method == "POST":
        if not role_at_least(membership.role, Role.EDITOR):
            raise PermissionDenied
        try:
            study = services.study_create(
                project=project, name=request.POST.get("name", "").strip(), created_by=request.user
            )
            return redirect("qca-study-page", project.pk, study.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    return render(
        request,
        "analysis/study_list.html",
        {
            "project": project,
            "studies": QCAStudy.objects.filter(project=project),
            "can_edit": role_at_least(membership.role, Role.EDITOR),
            "error": error,
        },
    )


def _scoped(model, project, value):
    if not value:
        return None
    found = model.objects.filter(project=project, pk=value).first() if str(value).isdigit() else None
    if found is None:
        raise ValidationError({model._meta.model_name: [_("Choose one from the list.")]})
    return found


def _numbers(text):
    try:
        return [float(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise ValidationError({"thresholds": [_("Write numbers separated by commas.")]}) from None


def _value_table(text):
    table = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, _sep, value = line.partition("=")
        table[key.strip()] = value.strip()
    return table


def _set_fields(request, project):
    post = request.POST
    fields = {
        "label": post.get("label", "").strip(),
        "role": post.get("role", SetRole.CONDITION),
        "source": post.get("source", SetSource.CODE),
        "code": _scoped(Code, project, post.get("code")),
        "subtree": post.get("subtree") == "1",
        "measure": post.get("measure", CodeMeasure.PRESENCE),
        "coder_scope": post.get("coder_scope", CoderScope.ANY),
        "attribute": _scoped(Attribute, project, post.get("attribute")),
        "calibration": post.get("calibration", Calibration.NONE),
        "thresholds": _numbers(post.get("thresholds", "")),
        "value_table": _value_table(post.get("value_table", "")),
        "expectation": post.get("expectation", Expectation.EITHER),
    }
    coder = post.get("coder")
    fields["coder"] = None
    if coder:
        member = Membership.objects.filter(project=project, user_id=coder).select_related("user").first()
        if member is None:
            raise ValidationError({"coder": [_("Choose one from the list.")]})
        fields["coder"] = member.user
    return fields


def _require(user, study, role):
    # access_study raises the API's 403; a page answers with Django's own 403 page instead.
    try:
        selectors.access_study(user, study.project_id, study.pk, role=role)
    except api_exceptions.PermissionDenied as exc:
        raise PermissionDenied(str(exc.detail)) from None


def _handle_post(request, study):
    """Carry out one of the study page's forms; returns the new run when it made one."""
    action = request.POST.get("action")
    if action == "run":
        _require(request.user, study, Role.CODER)
        run = qca_runs.run_create(study=study, user=request.user)
        return run
    _require(request.user, study, Role.EDITOR)
    if action == "add-set":
        services.set_create(study=study, **_set_fields(request, study.project))
    elif action == "calibrate":
        item = selectors.access_set(study, request.POST.get("set"))
        # The form's source fields, when sent, change where the raw scores come from as well.
        source = _set_fields(request, study.project) if "source" in request.POST else {}
        for name in ("calibration", "thresholds", "value_table", "expectation"):
            source.pop(name, None)
        services.set_update(
            item=item,
            **source,
            calibration=request.POST.get("calibration", Calibration.NONE),
            thresholds=_numbers(request.POST.get("thresholds", "")),
            value_table=_value_table(request.POST.get("value_table", "")),
            expectation=request.POST.get("expectation", item.expectation),
        )
    elif action == "delete-set":
        selectors.access_set(study, request.POST.get("set")).delete()
    elif action == "options":
        services.study_update(
            study=study,
            incl_cut=request.POST.get("incl_cut"),
            n_cut=request.POST.get("n_cut"),
            pri_cut=request.POST.get("pri_cut"),
            neg_out=request.POST.get("neg_out") == "1",
            exclude=request.POST.get("exclude", ""),
            inf_test=request.POST.get("inf_test", ""),
            pi_cons=request.POST.get("pi_cons", "0"),
            sol_cons=request.POST.get("sol_cons", "0"),
            dir_exp_conjunctions=request.POST.get("dir_exp_conjunctions", ""),
        )
    elif action in ("score", "override", "clear-override"):
        item = selectors.access_set(study, request.POST.get("set"))
        case = _scoped(Case, study.project, request.POST.get("case"))
        if action == "score":
            services.score_set(
                item=item,
                case=case,
                value=request.POST.get("value"),
                justification=request.POST.get("note", ""),
            )
        elif action == "override":
            services.override_set(
                item=item,
                case=case,
                value=request.POST.get("value"),
                reason=request.POST.get("note", ""),
                user=request.user,
            )
        else:
            services.override_delete(item=item, case=case)
    elif action == "row-output":
        outputs = dict(study.row_outputs)
        row = request.POST.get("row", "")
        if request.POST.get("out") in ("0", "1"):
            outputs[row] = {"out": request.POST.get("out"), "reason": request.POST.get("note", "")}
        else:
            outputs.pop(row, None)
        services.study_update(study=study, row_outputs=outputs)
    else:
        raise Http404
    return None


@login_required
@require_http_methods(["GET", "POST"])
def study_page(request, project_id, study_id):
    study, membership = selectors.access_study(request.user, project_id, study_id)
    error = None
    if request.method == "POST":
        try:
            run = _handle_post(request, study)
            if run is not None:
                return redirect("qca-run-page", project_id, study.pk, run.pk)
            return redirect(
                reverse("qca-study-page", args=[project_id, study.pk]) + "#" + request.POST.get("anchor", "")
            )
        except ValidationError as exc:
            error = _error_text(exc)
    project = study.project
    matrix = selectors.study_matrix(study=study)
    current_hash = matrix.input_hash(study)
    rows = []
    for case_id, name in matrix.cases:
        cells = []
        for item in matrix.sets:
            cell = matrix.cells[(item.pk, case_id)]
            query = selectors.cell_passages_query(study=study, item=item, case_id=case_id)
            cells.append({"set": item, "cell": cell, "passages": query})
        rows.append({"id": case_id, "name": name, "cells": cells})
    runs = list(study.runs.all()[:20])
    for run in runs:
        run.stale = qca_runs.run_is_stale(run=run, current_hash=current_hash)
    return render(
        request,
        "analysis/study.html",
        {
            "project": project,
            "study": study,
            "matrix": matrix,
            "rows": rows,
            "previews": [
                {"set": item, "distribution": matrix.distribution(item), "error": matrix.errors.get(item.pk)}
                for item in matrix.sets
            ],
            "runs": runs,
            "error": error,
            "can_edit": role_at_least(membership.role, Role.EDITOR),
            "can_run": role_at_least(membership.role, Role.CODER),
            "codes": Code.objects.filter(project=project).order_by("order", "name"),
            "attributes": Attribute.objects.filter(project=project).exclude(
                type__in=[AttributeType.TEXT, AttributeType.DATE]
            ),
            "coders": Membership.objects.filter(project=project).select_related("user"),
            "cases": matrix.cases,
            "roles": SetRole.choices,
            "sources": SetSource.choices,
            "measures": CodeMeasure.choices,
            "scopes": CoderScope.choices,
            "calibrations": Calibration.choices,
            "expectations": Expectation.choices,
        },
    )


SOLUTION_LABELS = {
    "conservative": _lazy("Conservative solution"),
    "parsimonious": _lazy("Parsimonious solution"),
    "intermediate": _lazy("Intermediate solution"),
}


def _labelled_diff(previous, run):
    """The run's changes, each solution named in the interface language, not by R's keyword."""
    changes = qca_runs.run_diff(old=previous, new=run)
    for change in changes["solutions"]:
        change["label"] = SOLUTION_LABELS.get(change["solution"], change["solution"])
    return changes


def _fit_rows(run):
    """Each solution as papers print it: terms with their fit and cases, then the solution's fit."""
    return [
        {"name": name, "label": SOLUTION_LABELS[name], "models": minimization["models"]}
        for name, minimization in run.results.get("minimizations", {}).items()
    ]


@login_required
def run_page(request, project_id, study_id, run_id):
    study, _membership = selectors.access_study(request.user, project_id, study_id)
    run = study.runs.filter(pk=run_id).first()
    if run is None:
        raise Http404
    current_hash = selectors.study_matrix(study=study).input_hash(study)
    previous = study.runs.filter(pk__lt=run.pk).first()
    sort = request.GET.get("sort", "id")
    rows = list(run.results["truth_table"]["rows"])
    key = SORTS.get(sort.lstrip("-"), "id")
    # Excluded rows nobody observed have no consistency (null): they sort last.
    rows.sort(key=lambda row: (row[key] is None, row[key] or 0), reverse=sort.startswith("-"))
    manual = run.results["truth_table"].get("manual", {})
    for row in rows:
        row["manual"] = manual.get(str(row["id"]))
    options = run_files.run_options(run)
    solutions = _fit_rows(run)
    plot = _xy_plot(request, run, solutions, options)
    return render(
        request,
        "analysis/study_run.html",
        {
            "project": study.project,
            "study": study,
            "run": run,
            "stale": qca_runs.run_is_stale(run=run, current_hash=current_hash),
            "changes": _labelled_diff(previous, run) if previous else None,
            "previous": previous,
            "rows": rows,
            "sort": sort,
            "necessity": run.results["necessity"],
            "necessity_negated": run.results.get("necessity_negated_outcome", []),
            "solutions": solutions,
            "errors": run.results.get("errors", {}),
            **plot,
            "options": options,
            "counts": run.results["truth_table"].get("counts", {}),
            "robustness": _robustness(run),
            "files": list(qca_runs_files()),
            "conditions": run.snapshot["conditions"],
        },
    )


def qca_runs_files():
    yield "matrix-r.csv", _("Calibrated matrix for R (QCA package)")
    yield "matrix-fsqca.csv", _("Calibrated matrix for fs/QCA")
    yield "run.R", _("R script reproducing this run")
    yield "results.csv", _("Results (CSV)")
    yield "truth-table.csv", _("Truth table (CSV)")
    yield "results.json", _("Results (JSON)")


def _xy_plot(request, run, solutions, options):
    """A solution's first model or a condition against the outcome, as chosen in the query string.
    A solution is plotted against the outcome it explains (~Y when the study explains absence)."""
    plot = request.GET.get("plot") or (f"solution:{solutions[0]['name']}" if solutions else "")
    negated = request.GET.get("negated") == "1"
    flipped = request.GET.get("negated_outcome") == "1"
    negated_outcome = flipped != bool(options["neg_out"])
    kind, _sep, name = plot.partition(":")
    outcome = ("~" if negated_outcome else "") + run.snapshot["outcome"]
    points = svg = None
    try:
        if kind == "solution" and name in run.results.get("minimizations", {}):
            points = xyplot.xy_points(run, solution=name, negated_outcome=negated_outcome)
            expression = run.results["minimizations"][name]["models"][0]["expression"]
            svg = xyplot.xy_svg(points, x_label=expression, y_label=outcome)
        elif kind == "condition" and name in run.snapshot["conditions"]:
            points = xyplot.xy_points(run, condition=name, negated=negated, negated_outcome=negated_outcome)
            svg = xyplot.xy_svg(points, x_label=("~" if negated else "") + name, y_label=outcome)
    except (KeyError, IndexError):
        points = svg = None
    labels = xyplot.quadrant_labels()
    quadrants = xyplot.xy_quadrants(points) if points else {}
    return {
        "plot": plot,
        "negated": negated,
        "negated_outcome": flipped,
        "svg": mark_safe(svg) if svg else None,  # noqa: S308 - every label in it is escaped in xy_svg
        "quadrants": [(labels[key], cases) for key, cases in quadrants.items()],
    }


ANCHORS = {"fuzzy": (_lazy("exclusion"), _lazy("crossover"), _lazy("inclusion"))}


def _robustness(run):
    """The run's robustness grid as the page shows it: each variant described, each term's share."""
    found = run.snapshot.get("robustness")
    if not found or found.get("skipped"):
        return found
    if found.get("status") == qca_runs.ROBUSTNESS_PENDING:
        return {"pending": True}
    calibrations = {item["label"]: item["calibration"] for item in run.snapshot["sets"]}
    variants = []
    for variant in found["variants"]:
        if variant["kind"] == "incl_cut":
            text = _("Consistency cut-off %(from)s → %(to)s") % variant
        elif variant["kind"] == "n_cut":
            text = _("Frequency cut-off %(from)s → %(to)s") % variant
        else:
            names = ANCHORS.get(calibrations.get(variant["set"]))
            anchor = names[variant["anchor"]] if names else _("cut point %(n)s") % {"n": variant["anchor"] + 1}
            text = _("%(set)s, %(anchor)s anchor %(from)s → %(to)s") % {**variant, "anchor": anchor}
        variants.append({**variant, "text": text})
    terms = [
        {
            "solution": SOLUTION_LABELS.get(name, name),
            "unchanged": found.get("unchanged", {}).get(name, 0),
            "terms": [{**item, "share": item["survived"] / item["of"] if item["of"] else 0} for item in items],
        }
        for name, items in found["terms"].items()
    ]
    return {"variants": variants, "terms": terms, "total": found.get("total", len(variants))}
