"""Error messages shown to users, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

NAME_EMPTY = _("This field may not be blank.")
CASE_NAME_TAKEN = _("A case named “{name}” already exists in this project.")
ATTRIBUTE_NAME_TAKEN = _("An attribute named “{name}” already exists in this project.")
ATTRIBUTE_OTHER_PROJECT = _("This attribute belongs to another project.")
CASE_OTHER_PROJECT = _("This case belongs to another project.")
NOT_A_NUMBER = _("“{value}” is not a number.")
NOT_A_DATE = _("“{value}” is not a date; write it as YYYY-MM-DD.")
NOT_A_BOOLEAN = _("“{value}” is not yes or no; write true or false.")
NOT_TEXT = _("Enter text.")
NOT_AN_ALLOWED_VALUE = _("“{value}” is not one of the allowed values: {choices}.")
CATEGORY_NEEDS_CHOICES = _("A category attribute needs a list of allowed values.")
CHOICES_ONLY_FOR_CATEGORY = _("Only a category attribute has allowed values.")
CHOICES_NOT_TEXT = _("Allowed values must be a list of distinct, non-empty texts.")
TYPE_CHANGE_WITH_VALUES = _("The type cannot change while cases have values for this attribute.")
CHOICE_IN_USE = _("“{value}” cannot be removed from the allowed values: cases use it.")
VALUE_EMPTY = _("Enter a value, or delete the value instead.")
