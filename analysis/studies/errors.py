"""Error messages of QCA studies and runs, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

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

# Running a study.
NO_OUTCOME = _("Choose an outcome before running the study.")
NO_CONDITIONS = _("Add at least one condition before running the study.")
SET_ERROR = _("{label}: {error}")
TOO_FEW_CASES = _("No case has a membership in every set.")
