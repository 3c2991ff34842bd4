"""QCA studies: access, services that change them, and the data matrix they feed to the engine.

Raw scores of code sets come from analysis.matrices (one SQL aggregation per set, whatever the number
of codings); calibration is the engine's (analysis.qca), so the app and R agree number for number.

Roles: any member sees studies and runs; coders and above run them (a run changes no data, and a
coder who coded the cases should be able to see what the coding yields); editors and owners create
and change studies, sets, scores and overrides, as they do the codebook.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from analysis import matrices
from analysis.models import (
    Calibration,
    CodeMeasure,
    CoderScope,
    MembershipOverride,
    QCAStudy,
    ResearcherScore,
    SetRole,
    SetSource,
    StudySet,
)
from analysis.qca import QCAError, calibrate
from cases.models import AttributeType, AttributeValue, Case
from coding.models import Coding, Role
from coding.permissions import check_role, project_membership

# Error messages (tests assert them exactly).
BAD_LABEL = _("A label is letters, digits and _, starting with a letter (at most 30), such as AUTO.")
LABEL_TAKEN = _("This study already has a set labelled “{label}”.")
NAME_TAKEN = _("This project already has a study named “{name}”.")
OUTCOME_TAKEN = _("This study already has an outcome; change it or make this set a condition.")
CODE_REQUIRED = _("A code source needs a code.")
ATTRIBUTE_REQUIRED = _("An attribute source needs an attribute.")
CODER_REQUIRED = _("Choose the coder whose codings count.")
TEXT_ATTRIBUTE = _("Text and date attributes cannot be scored; use a number, yes/no or category attribute.")
CRISP_THRESHOLDS = _("Crisp calibration needs one or more cut points, as numbers in increasing order.")
FUZZY_THRESHOLDS = _("Fuzzy calibration needs three numbers: full exclusion, crossover, full inclusion.")
TABLE_VALUES = _("Every value in the table needs a membership from 0 to 1.")
TABLE_EMPTY = _("A value table needs at least one value.")
MEMBERSHIP_RANGE = _("A membership is a number from 0 to 1.")
CASE_REQUIRED = _("Choose a case.")
REASON_REQUIRED = _("Write why this cell is set by hand.")
JUSTIFICATION_REQUIRED = _("Write why the case gets this score.")
NOT_SCORES = _("Only a set scored by the researcher takes typed scores.")
CUT_RANGE = _("A cut-off is a number from 0 to 1.")
N_CUT = _("The frequency cut-off is a whole number of cases, 1 or more.")
ROW_OUTPUT = _("A truth table row's output is 0 or 1, with a reason.")
NOT_NUMERIC = _("“{value}” is not a number; calibrate it with a value table.")
UNKNOWN_CHOICE = _("Choose one of: {choices}.")
SOURCE_DELETED = _("Its code or attribute has been deleted; choose another source.")
MISSING_IN_TABLE = _("“{value}” is not in the value table.")

LABEL_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,29}$")
MEMBERSHIP_DIGITS = 6


# --- access -------------------------------------------------------------------------------------


def access_study(user, project_id, study_id, *, role=Role.VIEWER) -> tuple[QCAStudy, object]:
    """The study and the user's membership: 404 for outsiders and other projects' studies."""
    membership = project_membership(user, project_id)
    study = QCAStudy.objects.select_related("project").filter(project_id=project_id, pk=study_id).first()
    if study is None:
        raise Http404
    check_role(membership, role)
    return study, membership


def access_set(study, set_id) -> StudySet:
    if not str(set_id).isdigit():
        raise Http404
    found = study.sets.filter(pk=set_id).first()
    if found is None:
        raise Http404
    return found


# --- checks and services ------------------------------------------------------------------------


def _number(value):
    if isinstance(value, bool):
        raise ValueError
    return float(value)


def check_cut(value, field_name):
    try:
        number = _number(value)
    except (TypeError, ValueError):
        raise ValidationError({field_name: [CUT_RANGE]}) from None
    if not 0 <= number <= 1:
        raise ValidationError({field_name: [CUT_RANGE]})
    return number


def check_n_cut(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"n_cut": [N_CUT]}) from None
    if number < 1:
        raise ValidationError({"n_cut": [N_CUT]})
    return number


def check_row_outputs(value):
    if not isinstance(value, dict):
        raise ValidationError({"row_outputs": [ROW_OUTPUT]})
    checked = {}
    for row_id, item in value.items():
        if (
            not str(row_id).isdigit()
            or not isinstance(item, dict)
            or str(item.get("out")) not in ("0", "1")
            or not str(item.get("reason") or "").strip()
        ):
            raise ValidationError({"row_outputs": [ROW_OUTPUT]})
        checked[str(int(row_id))] = {"out": str(item["out"]), "reason": str(item["reason"]).strip()}
    return checked


@transaction.atomic
def study_create(*, project, name, created_by, description="", incl_cut=0.8, n_cut=1, pri_cut=0) -> QCAStudy:
    if QCAStudy.objects.filter(project=project, name=name).exists():
        raise ValidationError({"name": [NAME_TAKEN.format(name=name)]})
    study = QCAStudy(
        project=project,
        name=name,
        description=description,
        created_by=created_by,
        incl_cut=check_cut(incl_cut, "incl_cut"),
        n_cut=check_n_cut(n_cut),
        pri_cut=check_cut(pri_cut, "pri_cut"),
    )
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def study_update(*, study, **fields) -> QCAStudy:
    if (
        "name" in fields
        and QCAStudy.objects.filter(project=study.project_id, name=fields["name"])
        .exclude(pk=study.pk)
        .exists()
    ):
        raise ValidationError({"name": [NAME_TAKEN.format(name=fields["name"])]})
    for cut in ("incl_cut", "pri_cut"):
        if cut in fields:
            fields[cut] = check_cut(fields[cut], cut)
    if "n_cut" in fields:
        fields["n_cut"] = check_n_cut(fields["n_cut"])
    if "row_outputs" in fields:
        fields["row_outputs"] = check_row_outputs(fields["row_outputs"])
    for name, value in fields.items():
        setattr(study, name, value)
    study.full_clean()
    study.save()
    return study


def check_calibration(calibration, thresholds, value_table):
    if calibration == Calibration.CRISP:
        try:
            cuts = [_number(t) for t in thresholds]
        except (TypeError, ValueError):
            raise ValidationError({"thresholds": [CRISP_THRESHOLDS]}) from None
        if not cuts or cuts != sorted(cuts):
            raise ValidationError({"thresholds": [CRISP_THRESHOLDS]})
        return cuts, {}
    if calibration == Calibration.FUZZY:
        try:
            anchors = [_number(t) for t in thresholds]
        except (TypeError, ValueError):
            raise ValidationError({"thresholds": [FUZZY_THRESHOLDS]}) from None
        if len(anchors) != 3 or len(set(anchors)) != 3:
            raise ValidationError({"thresholds": [FUZZY_THRESHOLDS]})
        return anchors, {}
    if calibration == Calibration.TABLE:
        if not isinstance(value_table, dict) or not value_table:
            raise ValidationError({"value_table": [TABLE_EMPTY]})
        table = {}
        for key, membership in value_table.items():
            try:
                number = _number(membership)
            except (TypeError, ValueError):
                raise ValidationError({"value_table": [TABLE_VALUES]}) from None
            if not 0 <= number <= 1:
                raise ValidationError({"value_table": [TABLE_VALUES]})
            table[str(key)] = number
        return [], table
    return [], {}


def _check_set(study, data, instance=None):
    label = data.get("label", instance.label if instance else "")
    if not LABEL_PATTERN.match(label or ""):
        raise ValidationError({"label": [BAD_LABEL]})
    taken = study.sets.filter(label=label)
    if instance:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise ValidationError({"label": [LABEL_TAKEN.format(label=label)]})
    role = data.get("role", instance.role if instance else SetRole.CONDITION)
    if role == SetRole.OUTCOME:
        outcomes = study.sets.filter(role=SetRole.OUTCOME)
        if instance:
            outcomes = outcomes.exclude(pk=instance.pk)
        if outcomes.exists():
            raise ValidationError({"role": [OUTCOME_TAKEN]})
    source = data.get("source", instance.source if instance else None)
    merged = {
        name: data.get(name, getattr(instance, name) if instance else None)
        for name in ("code", "attribute", "coder", "coder_scope")
    }
    if source == SetSource.CODE and merged["code"] is None:
        raise ValidationError({"code": [CODE_REQUIRED]})
    if source == SetSource.ATTRIBUTE:
        if merged["attribute"] is None:
            raise ValidationError({"attribute": [ATTRIBUTE_REQUIRED]})
        if merged["attribute"].type in (AttributeType.TEXT, AttributeType.DATE):
            raise ValidationError({"attribute": [TEXT_ATTRIBUTE]})
    if source == SetSource.CODE and merged["coder_scope"] == CoderScope.ONE and merged["coder"] is None:
        raise ValidationError({"coder": [CODER_REQUIRED]})
    calibration = data.get("calibration", instance.calibration if instance else Calibration.NONE)
    thresholds, table = check_calibration(
        calibration,
        data.get("thresholds", instance.thresholds if instance else []),
        data.get("value_table", instance.value_table if instance else {}),
    )
    return {**data, "thresholds": thresholds, "value_table": table}


@transaction.atomic
def set_create(*, study, **data) -> StudySet:
    data = _check_set(study, data)
    if "order" not in data:
        data["order"] = study.sets.count()
    item = StudySet(study=study, **data)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def set_update(*, item, **data) -> StudySet:
    data = _check_set(item.study, data, instance=item)
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


def _membership_value(value):
    try:
        number = _number(value)
    except (TypeError, ValueError):
        raise ValidationError({"value": [MEMBERSHIP_RANGE]}) from None
    if not 0 <= number <= 1:
        raise ValidationError({"value": [MEMBERSHIP_RANGE]})
    return number


@transaction.atomic
def score_set(*, item, case, value, justification) -> ResearcherScore:
    if case is None:
        raise ValidationError({"case": [CASE_REQUIRED]})
    if item.source != SetSource.SCORES:
        raise ValidationError({"set": [NOT_SCORES]})
    try:
        number = _number(value)
    except (TypeError, ValueError):
        raise ValidationError({"value": [MEMBERSHIP_RANGE]}) from None
    if not str(justification or "").strip():
        raise ValidationError({"justification": [JUSTIFICATION_REQUIRED]})
    score, _created = ResearcherScore.objects.update_or_create(
        set=item, case=case, defaults={"value": number, "justification": justification.strip()}
    )
    return score


@transaction.atomic
def override_set(*, item, case, value, reason, user) -> MembershipOverride:
    if case is None:
        raise ValidationError({"case": [CASE_REQUIRED]})
    number = _membership_value(value)
    if not str(reason or "").strip():
        raise ValidationError({"reason": [REASON_REQUIRED]})
    override, _created = MembershipOverride.objects.update_or_create(
        set=item, case=case, defaults={"value": number, "reason": reason.strip(), "created_by": user}
    )
    return override


def override_delete(*, item, case):
    if case is None or not str(getattr(case, "pk", case)).isdigit():
        raise ValidationError({"case": [CASE_REQUIRED]})
    MembershipOverride.objects.filter(set=item, case=case).delete()


# --- the data matrix ----------------------------------------------------------------------------


@dataclass
class Cell:
    raw: object = None
    membership: float | None = None
    override: MembershipOverride | None = None
    note: str = ""  # a researcher's justification, or why the cell could not be calibrated

    @property
    def half(self):
        """Exactly 0.5: the case sits on no corner of the truth table, and R leaves it out."""
        return self.membership is not None and abs(self.membership - 0.5) < 1e-9


@dataclass
class StudyMatrix:
    cases: list  # (id, name)
    sets: list  # StudySet, outcome first
    cells: dict = field(default_factory=dict)  # (set id, case id) -> Cell
    errors: dict = field(default_factory=dict)  # set id -> message

    @property
    def outcome(self):
        return next((item for item in self.sets if item.role == SetRole.OUTCOME), None)

    @property
    def conditions(self):
        return [item for item in self.sets if item.role == SetRole.CONDITION]

    def complete_cases(self):
        """Cases with a membership in every set: the ones the engine gets (R would stop on NA)."""
        return [
            (case_id, name)
            for case_id, name in self.cases
            if all(self.cells[(item.pk, case_id)].membership is not None for item in self.sets)
        ]

    def columns(self):
        """label -> memberships of the complete cases, outcome last (as R data frames usually are)."""
        chosen = self.complete_cases()
        ordered = [*self.conditions, *([self.outcome] if self.outcome else [])]
        return {
            item.label: [self.cells[(item.pk, case_id)].membership for case_id, _name in chosen]
            for item in ordered
        }

    def distribution(self, item):
        """How many cases fall in each tenth of membership (1.0 in the last), for the preview."""
        counts = Counter()
        for case_id, _name in self.cases:
            value = self.cells[(item.pk, case_id)].membership
            if value is not None:
                counts[min(int(value * 10), 9)] += 1
        return [counts[i] for i in range(10)]

    def input_hash(self, study):
        """What the engine sees, hashed: a run whose hash differs from today's is stale."""
        payload = {
            "cases": [name for _id, name in self.complete_cases()],
            "columns": self.columns(),
            "expectations": {item.label: item.expectation for item in self.conditions},
            "options": [study.incl_cut, study.n_cut, study.pri_cut, study.row_outputs],
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_json(self):
        return {
            "cases": [{"id": case_id, "name": name} for case_id, name in self.cases],
            "sets": [
                {"id": item.pk, "label": item.label, "role": item.role, "error": self.errors.get(item.pk)}
                for item in self.sets
            ],
            "cells": [
                {
                    "set": item.pk,
                    "case": case_id,
                    "raw": cell.raw,
                    "membership": cell.membership,
                    "half": cell.half,
                    "override_reason": cell.override.reason if cell.override else None,
                    "note": cell.note,
                }
                for item in self.sets
                for case_id, _name in self.cases
                for cell in [self.cells[(item.pk, case_id)]]
            ],
        }


def _case_lengths(project):
    return dict(
        Case.objects.filter(project=project)
        .annotate(length=Sum(Length("documents__text")))
        .values_list("id", "length")
    )


def _code_scores(project, item, case_ids, cache):
    """Raw scores of a code set per case: one matrices query per coder taken into account."""
    measure = {
        CodeMeasure.PRESENCE: matrices.PRESENCE,
        CodeMeasure.COUNT: matrices.COUNT,
        CodeMeasure.DOCUMENTS: matrices.DOCUMENTS,
        CodeMeasure.PER_THOUSAND: matrices.COUNT,
        CodeMeasure.SHARE: matrices.SHARE,
    }[item.measure]

    def scores(coder_ids):
        matrix = matrices.case_code_matrix(
            project=project,
            measure=measure,
            subtree=item.subtree,
            coder_ids=coder_ids,
            code_ids=[item.code_id],
        )
        return {case_id: matrix.value(case_id, item.code_id) for case_id in case_ids}

    if item.coder_scope == CoderScope.ONE:
        values = scores([item.coder_id])
    elif item.coder_scope == CoderScope.AGREEMENT:
        # Agreement: a case scores what every coder who coded it would give it — the least of
        # their scores — so a code one coder saw and another did not counts as absent.
        if "coders" not in cache:
            coders = {}
            for case_id, coder_id in (
                Coding.objects.filter(document__project=project, document__case__isnull=False)
                .values_list("document__case_id", "coder_id")
                .distinct()
            ):
                coders.setdefault(case_id, set()).add(coder_id)
            cache["coders"] = coders
        coders = cache["coders"]
        per_coder = {coder_id: scores([coder_id]) for coder_id in sorted(set().union(*coders.values()))}
        values = {
            case_id: min((per_coder[coder_id][case_id] for coder_id in coders.get(case_id, ())), default=0)
            for case_id in case_ids
        }
    else:
        values = scores(None)
    if item.measure == CodeMeasure.PER_THOUSAND:
        if "lengths" not in cache:
            cache["lengths"] = _case_lengths(project)
        lengths = cache["lengths"]
        values = {
            case_id: round(count * 1000 / lengths[case_id], 4) if lengths.get(case_id) else 0
            for case_id, count in values.items()
        }
    return values


def _attribute_scores(item, case_ids):
    scores = dict.fromkeys(case_ids)
    for value in AttributeValue.objects.filter(attribute_id=item.attribute_id, case_id__in=case_ids):
        raw = value.value
        scores[value.case_id] = int(raw) if isinstance(raw, bool) else raw
    return scores


def _table_key(raw):
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _calibrate(item, raws):
    """Memberships for the raw scores given (case id -> raw, None for missing), or a QCAError."""
    present = {case_id: raw for case_id, raw in raws.items() if raw is not None}
    if item.calibration == Calibration.TABLE:
        memberships = {}
        for case_id, raw in present.items():
            key = _table_key(raw)
            if key not in item.value_table:
                raise QCAError(str(MISSING_IN_TABLE.format(value=key)))
            memberships[case_id] = float(item.value_table[key])
        return memberships
    for raw in present.values():
        if isinstance(raw, str):
            raise QCAError(str(NOT_NUMERIC.format(value=raw)))
    if item.calibration == Calibration.NONE or not present:
        return {case_id: float(raw) for case_id, raw in present.items()}
    ids = list(present)
    if item.calibration == Calibration.CRISP:
        values = calibrate([present[i] for i in ids], type="crisp", thresholds=list(item.thresholds))
    else:
        anchors = dict(zip(("e", "c", "i"), item.thresholds, strict=True))
        values = calibrate([present[i] for i in ids], type="fuzzy", thresholds=anchors)
    return {
        case_id: round(float(value), MEMBERSHIP_DIGITS) for case_id, value in zip(ids, values, strict=True)
    }


def _raw_scores(project, item, case_ids, cache, justifications):
    if (item.source == SetSource.CODE and item.code_id is None) or (
        item.source == SetSource.ATTRIBUTE and item.attribute_id is None
    ):
        raise QCAError(str(SOURCE_DELETED))
    if item.source == SetSource.CODE:
        return _code_scores(project, item, case_ids, cache)
    if item.source == SetSource.ATTRIBUTE:
        return _attribute_scores(item, case_ids)
    raws = dict.fromkeys(case_ids)
    for score in item.scores.all():
        raws[score.case_id] = score.value
        justifications[(item.pk, score.case_id)] = score.justification
    return raws


def calibration_preview(*, item, calibration, thresholds=(), value_table=None):
    """The set's cases under a calibration not yet saved: raw, membership, 0.5 flag, distribution.

    Nothing is stored; overrides are left out so that the preview shows what the calibration does.
    """
    thresholds, table = check_calibration(calibration, list(thresholds or []), value_table or {})
    trial = StudySet(
        pk=item.pk, calibration=calibration, thresholds=thresholds, value_table=table, source=item.source
    )
    cases = list(
        Case.objects.filter(project=item.study.project).order_by("name", "id").values_list("id", "name")
    )
    try:
        raws = {}
        raws = _raw_scores(item.study.project, item, [case_id for case_id, _name in cases], {}, {})
        memberships = _calibrate(trial, raws)
        error = None
    except QCAError as exc:
        memberships, error = {}, str(exc)
    rows = []
    counts = [0] * 10
    for case_id, name in cases:
        membership = memberships.get(case_id)
        if membership is not None:
            counts[min(int(membership * 10), 9)] += 1
        rows.append(
            {
                "case": case_id,
                "name": name,
                "raw": raws.get(case_id),
                "membership": membership,
                "half": membership is not None and abs(membership - 0.5) < 1e-9,
            }
        )
    return {"rows": rows, "distribution": counts, "error": error}


def study_matrix(*, study) -> StudyMatrix:
    """Cases × sets, raw and calibrated, overrides applied. A fixed number of queries per set."""
    project = study.project
    cases = list(Case.objects.filter(project=project).order_by("name", "id").values_list("id", "name"))
    case_ids = [case_id for case_id, _name in cases]
    sets = list(study.sets.select_related("code", "attribute").order_by("-role", "order", "id"))
    # "outcome" sorts after "condition": descending role puts the outcome first.
    matrix = StudyMatrix(cases=cases, sets=sets)
    overrides = {}
    for override in MembershipOverride.objects.filter(set__study=study):
        overrides[(override.set_id, override.case_id)] = override
    justifications = {}
    cache = {}
    for item in sets:
        try:
            raws = {}
            raws = _raw_scores(project, item, case_ids, cache, justifications)
            memberships = _calibrate(item, raws)
        except QCAError as exc:
            matrix.errors[item.pk] = str(exc)
            memberships = {}
        for case_id in case_ids:
            override = overrides.get((item.pk, case_id))
            membership = override.value if override else memberships.get(case_id)
            matrix.cells[(item.pk, case_id)] = Cell(
                raw=raws.get(case_id),
                membership=membership,
                override=override,
                note=justifications.get((item.pk, case_id), ""),
            )
    return matrix


def cell_passages_query(*, study, item, case_id):
    """The passages page's query string for a cell: the codings behind a code set's raw score."""
    if item.source != SetSource.CODE:
        return None
    parts = [f"code={item.code_id}", f"case={case_id}"]
    if item.subtree:
        parts.append("subtree=1")
    if item.coder_scope == CoderScope.ONE and item.coder_id:
        parts.append(f"coder={item.coder_id}")
    return "&".join(parts)
