"""QCA studies: access, and the data matrix they feed to the engine (raw scores, calibrated).

Raw scores of code sets come from analysis.matrices (one SQL aggregation per set, whatever the number
of codings); calibration is the engine's (analysis.qca), so the app and R agree number for number.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import Length
from django.http import Http404

from analysis.matrices import selectors as matrices
from analysis.models import (
    Calibration,
    CodeMeasure,
    CoderScope,
    MembershipOverride,
    QCAStudy,
    SetRole,
    SetSource,
    StudySet,
)
from analysis.qca import QCAError, calibrate
from analysis.studies.errors import MISSING_IN_TABLE, NOT_NUMERIC, SOURCE_DELETED
from analysis.studies.services import check_calibration
from cases.models import AttributeValue, Case
from coding.models import Coding, Role
from coding.permissions import check_role, project_membership

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
        # Options added later join the hash only when set, so that older runs keep their hash.
        later = {
            "neg_out": study.neg_out,
            "exclude": study.exclude,
            "inf_test": study.inf_test,
            "pi_cons": study.pi_cons,
            "sol_cons": study.sol_cons,
            "dir_exp_conjunctions": study.dir_exp_conjunctions,
        }
        payload["options"] += [[name, value] for name, value in later.items() if value]
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
