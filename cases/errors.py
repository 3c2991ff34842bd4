"""Error messages shown to users, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

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

# The attribute grid's import, by row and column as a spreadsheet numbers them.
TABLE_UNSUPPORTED = _("Import the attribute grid from a .csv or .xlsx file.")
TABLE_UNREADABLE = _("The file could not be read as a spreadsheet: it is damaged or not what its name says.")
TABLE_EMPTY = _("The file has no rows: the first row must name the columns, the first column the cases.")
TABLE_NO_ROWS = _("The file has a header row but no cases below it.")
CELL_ERROR = _("Row {row}, column {column}: {message}")
COLUMN_ERROR = _("Column {column}: {message}")
UNKNOWN_ATTRIBUTE = _("“{name}” is not an attribute of this project; create it first or correct the name.")
DUPLICATE_COLUMN = _("“{name}” appears in more than one column.")
EMPTY_COLUMN_NAME = _("the column has values but no name in the first row.")
CASE_NAME_MISSING = _("the case name is empty.")
CASE_NAME_REPEATED = _("case “{name}” appears again (first in row {first}).")
CASE_NAME_TOO_LONG = _("the case name is longer than 200 characters.")
TABLE_HAS_ERRORS = _("Nothing was imported: correct the errors listed and import the file again.")
