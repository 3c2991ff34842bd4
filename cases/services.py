"""Writes for cases, attributes and attribute values (atomic, keyword-only, ValidationError on bad input)."""

from django.db import transaction

from cases import errors
from cases.models import Attribute, AttributeValue, Case
from cases.values import InvalidValue, check_choices, parse_value
from config.validation import field_error, required_text

VALUE_COLUMNS = ("text_value", "number_value", "date_value", "boolean_value")


def _check_case_name(project, name, case=None):
    taken = Case.objects.filter(project=project, name=name)
    if case is not None and case.pk is not None:
        taken = taken.exclude(pk=case.pk)
    if taken.exists():
        raise field_error("name", errors.CASE_NAME_TAKEN.format(name=name))


@transaction.atomic
def case_create(*, project, name, description="") -> Case:
    name = required_text("name", name)
    _check_case_name(project, name)
    case = Case(project=project, name=name, description=description)
    case.full_clean(validate_constraints=False)
    case.save()
    return case


@transaction.atomic
def case_update(*, case, **fields) -> Case:
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
        _check_case_name(case.project, fields["name"], case)
    for field, value in fields.items():
        setattr(case, field, value)
    case.full_clean(validate_constraints=False)
    case.save()
    return case


@transaction.atomic
def case_delete(*, case) -> None:
    # Documents stay in the project, without a case (the foreign key sets NULL).
    case.delete()


def _check_attribute_name(project, name, attribute=None):
    taken = Attribute.objects.filter(project=project, name=name)
    if attribute is not None and attribute.pk is not None:
        taken = taken.exclude(pk=attribute.pk)
    if taken.exists():
        raise field_error("name", errors.ATTRIBUTE_NAME_TAKEN.format(name=name))


def _clean_choices(attribute_type, choices):
    try:
        return check_choices(attribute_type, choices)
    except InvalidValue as exc:
        raise field_error("choices", exc.args[0]) from None


@transaction.atomic
def attribute_create(*, project, name, type, choices=None, order=0) -> Attribute:  # noqa: A002 - mirrors the field
    name = required_text("name", name)
    _check_attribute_name(project, name)
    attribute = Attribute(
        project=project, name=name, type=type, choices=_clean_choices(type, choices), order=order
    )
    attribute.full_clean(validate_constraints=False)
    attribute.save()
    return attribute


@transaction.atomic
def attribute_update(*, attribute, **fields) -> Attribute:
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
        _check_attribute_name(attribute.project, fields["name"], attribute)
    new_type = fields.get("type", attribute.type)
    if new_type != attribute.type and attribute.values.exists():
        raise field_error("type", errors.TYPE_CHANGE_WITH_VALUES)
    if "choices" in fields or "type" in fields:
        fields["choices"] = _clean_choices(new_type, fields.get("choices", attribute.choices))
        used = set(attribute.values.exclude(text_value=None).values_list("text_value", flat=True))
        removed_in_use = sorted(used - set(fields["choices"])) if new_type == "category" else []
        if removed_in_use:
            raise field_error("choices", errors.CHOICE_IN_USE.format(value=removed_in_use[0]))
    for field, value in fields.items():
        setattr(attribute, field, value)
    attribute.full_clean(validate_constraints=False)
    attribute.save()
    return attribute


@transaction.atomic
def attribute_delete(*, attribute) -> None:
    attribute.delete()


@transaction.atomic
def attribute_value_set(*, case, attribute, value) -> AttributeValue:
    """Set one case's value of an attribute, checked against the attribute's type."""
    if attribute.project_id != case.project_id:
        raise field_error("attribute", errors.ATTRIBUTE_OTHER_PROJECT)
    try:
        column, parsed = parse_value(attribute.type, attribute.choices, value)
    except InvalidValue as exc:
        raise field_error("value", exc.args[0]) from None
    stored = {name: None for name in VALUE_COLUMNS}
    stored[column] = parsed
    attribute_value, _created = AttributeValue.objects.update_or_create(
        case=case, attribute=attribute, defaults=stored
    )
    return attribute_value


@transaction.atomic
def attribute_value_delete(*, case, attribute) -> None:
    AttributeValue.objects.filter(case=case, attribute=attribute).delete()
