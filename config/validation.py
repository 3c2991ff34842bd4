"""Shapes of the errors services raise, shared by every app so that the API answers them alike."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_EMPTY = _("This field may not be blank.")


def field_error(field, message):
    """A ValidationError naming one field: the API turns it into 400 {field: [message]}."""
    return ValidationError({field: [message]})


def required_text(field, value):
    """The value without surrounding whitespace; blank is refused naming the field."""
    value = (value or "").strip()
    if not value:
        raise field_error(field, NAME_EMPTY)
    return value
