"""Checking and converting attribute values against their type. Pure Python, no database."""

import datetime
import math

from cases import errors
from cases.models import AttributeType

TRUE_WORDS = {"true", "yes", "y", "1", "是", "对"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "不"}


class InvalidValue(ValueError):
    pass


def parse_value(attribute_type, choices, raw):
    """Return (column, python value) for a raw value from JSON, a form or a spreadsheet cell.

    Raises InvalidValue with a message naming what is wrong.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidValue(errors.VALUE_EMPTY)
    if attribute_type == AttributeType.NUMBER:
        if isinstance(raw, bool):
            raise InvalidValue(errors.NOT_A_NUMBER.format(value=raw))
        try:
            # Spreadsheets and Chinese keyboards give "1,200,000" or full-width digits.
            number = float(str(raw).strip().replace(",", "").replace("，", ""))
        except ValueError:
            raise InvalidValue(errors.NOT_A_NUMBER.format(value=raw)) from None
        if not math.isfinite(number):
            raise InvalidValue(errors.NOT_A_NUMBER.format(value=raw))
        return "number_value", number
    if attribute_type == AttributeType.DATE:
        if isinstance(raw, datetime.datetime):
            return "date_value", raw.date()
        if isinstance(raw, datetime.date):
            return "date_value", raw
        try:
            return "date_value", datetime.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise InvalidValue(errors.NOT_A_DATE.format(value=raw)) from None
    if attribute_type == AttributeType.BOOLEAN:
        if isinstance(raw, bool):
            return "boolean_value", raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return "boolean_value", True
        if word in FALSE_WORDS:
            return "boolean_value", False
        raise InvalidValue(errors.NOT_A_BOOLEAN.format(value=raw))
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise InvalidValue(errors.NOT_TEXT)
    text = str(raw).strip()
    if attribute_type == AttributeType.CATEGORY and text not in choices:
        raise InvalidValue(errors.NOT_AN_ALLOWED_VALUE.format(value=text, choices=", ".join(choices)))
    return "text_value", text


def check_choices(attribute_type, choices):
    """Return the cleaned list of allowed values for an attribute of this type."""
    choices = choices or []
    if attribute_type != AttributeType.CATEGORY:
        if choices:
            raise InvalidValue(errors.CHOICES_ONLY_FOR_CATEGORY)
        return []
    if not isinstance(choices, list) or not all(
        isinstance(choice, str) and choice.strip() for choice in choices
    ):
        raise InvalidValue(errors.CHOICES_NOT_TEXT)
    cleaned = [choice.strip() for choice in choices]
    if len(set(cleaned)) != len(cleaned):
        raise InvalidValue(errors.CHOICES_NOT_TEXT)
    if not cleaned:
        raise InvalidValue(errors.CATEGORY_NEEDS_CHOICES)
    return cleaned
