"""QCA studies: the services that create and change studies, sets, scores and overrides.

Roles: any member sees studies and runs; coders and above run them (a run changes no data, and a
coder who coded the cases should be able to see what the coding yields); editors and owners create
and change studies, sets, scores and overrides, as they do the codebook.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from analysis.models import (
    Calibration,
    CoderScope,
    MembershipOverride,
    QCAStudy,
    ResearcherScore,
    SetRole,
    SetSource,
    StudySet,
)
from analysis.qca import QCAError
from analysis.qca.expression import parse_expression, resolve_name, split_top
from analysis.studies.errors import (
    ATTRIBUTE_REQUIRED,
    BAD_DIR_EXP,
    BAD_EXCLUDE,
    BAD_LABEL,
    CASE_REQUIRED,
    CODE_REQUIRED,
    CODER_REQUIRED,
    CONS_RANGE,
    CRISP_THRESHOLDS,
    CUT_RANGE,
    EXCLUDE_ROWS,
    FUZZY_THRESHOLDS,
    INF_TEST_RANGE,
    JUSTIFICATION_REQUIRED,
    LABEL_TAKEN,
    MEMBERSHIP_RANGE,
    N_CUT,
    NAME_TAKEN,
    NOT_SCORES,
    OUTCOME_TAKEN,
    REASON_REQUIRED,
    ROW_OUTPUT,
    TABLE_EMPTY,
    TABLE_VALUES,
    TEXT_ATTRIBUTE,
    UNKNOWN_LABEL,
)
from cases.models import AttributeType

LABEL_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,29}$")

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


def check_inf_test(value):
    """Empty for no test, else the level alpha of R's inf.test = "binom, alpha"."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = _number(str(value).strip().removeprefix("binom,").strip())
    except (TypeError, ValueError):
        raise ValidationError({"inf_test": [INF_TEST_RANGE]}) from None
    if not 0 < number < 1:
        raise ValidationError({"inf_test": [INF_TEST_RANGE]})
    return number


def check_constraint(value, field_name):
    try:
        number = _number(value if str(value).strip() else 0)
    except (TypeError, ValueError):
        raise ValidationError({field_name: [CONS_RANGE]}) from None
    if not 0 <= number <= 1:
        raise ValidationError({field_name: [CONS_RANGE]})
    return number


def _check_terms(study, text, field_name, message):
    """R's syntax (admisc), with every set named among the study's labels; row numbers are allowed
    in exclude. The engine checks levels against the data when the study runs."""
    text = str(text or "").strip()
    if not text:
        return ""
    items = [item.strip() for item in split_top(text, ",") if item.strip()]
    if field_name == "exclude" and all(item.isdigit() for item in items):
        if any(int(item) < 1 for item in items):
            raise ValidationError({field_name: [message.format(error=EXCLUDE_ROWS)]})
        return ", ".join(str(int(item)) for item in items)
    labels = list(study.sets.values_list("label", flat=True))
    for item in items:
        try:
            products = parse_expression(item)
        except QCAError as exc:
            raise ValidationError({field_name: [message.format(error=exc)]}) from None
        for literal in (literal for product in products for literal in product):
            if resolve_name(literal, labels).name not in labels:
                error = UNKNOWN_LABEL.format(label=literal.name)
                raise ValidationError({field_name: [message.format(error=error)]})
    return text


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
    if "inf_test" in fields:
        fields["inf_test"] = check_inf_test(fields["inf_test"])
    for name in ("pi_cons", "sol_cons"):
        if name in fields:
            fields[name] = check_constraint(fields[name], name)
    if "exclude" in fields:
        fields["exclude"] = _check_terms(study, fields["exclude"], "exclude", BAD_EXCLUDE)
    if "dir_exp_conjunctions" in fields:
        fields["dir_exp_conjunctions"] = _check_terms(
            study, fields["dir_exp_conjunctions"], "dir_exp_conjunctions", BAD_DIR_EXP
        )
    if "neg_out" in fields:
        fields["neg_out"] = bool(fields["neg_out"])
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
