"""Errors of the QCA engine.

Every message is a module-level constant so that the command line, the web layer and the tests
all show and assert the very same sentence. Messages with ``{}`` are formatted with the offending
value; tests compare against ``CONSTANT.format(...)``.
"""

from __future__ import annotations


class QCAError(ValueError):
    """A problem with the user's input: bad file, unknown column, impossible option."""


# Data files and columns
FILE_NOT_FOUND = "Cannot read the data file {}: no such file."
FILE_UNREADABLE = "Cannot read the data file {}: {}."
FILE_EMPTY = "The data file {} has no header or no rows."
DUPLICATE_COLUMN = "The data file has the column {} twice."
RAGGED_ROW = "Line {} of the data file has {} fields where the header has {}."
UNKNOWN_COLUMN = "There is no column {} in the data."
NOT_NUMERIC = "Column {} holds a value that is not a number: {}."
MISSING_VALUE = "Column {} has a missing value (case {}); QCA needs every score."
FUZZY_OUT_OF_RANGE = "Column {} is a fuzzy set but has the value {} outside [0, 1]."
NEGATIVE_LEVEL = "Column {} is a crisp or multi-value set but has the negative value {}."
MULTIVALUE_OUTCOME = "The outcome {} is multi-value: name the level(s) to explain, e.g. {}[1]."
MULTIVALUE_NEEDS_LEVEL = "Condition {} is multi-value: write it with its level(s), e.g. {}[1]."
LEVEL_OUT_OF_RANGE = "Condition {} has no level {}."
OUTCOME_AMONG_CONDITIONS = "The outcome {} cannot also be a condition."
NO_CONDITIONS = "There are no conditions to analyse."

# Expressions (R's admisc syntax)
EMPTY_EXPRESSION = "The expression is empty."
BAD_EXPRESSION = "Cannot read the expression {!r}: {}."

# Calibration
CALIBRATION_TYPE = "The calibration type must be crisp or fuzzy, not {}."
THRESHOLDS_MISSING = "Threshold value(s) not specified."
THRESHOLDS_NOT_NUMERIC = "Thresholds must be numeric: {}."
THRESHOLDS_OUTSIDE = "Threshold value(s) outside the range of x."
THRESHOLDS_NAMED_CRISP = "Named thresholds require fuzzy type calibration."
THRESHOLDS_COUNT_FUZZY = "For fuzzy direct calibration, there should be either 3 or 6 thresholds."
IDM_RANGE = "The inclusion degree of membership has to be bigger than 0.5 and less than 1."
ABOVE_BELOW_POSITIVE = "Arguments above and below should be positive."
THRESHOLDS_EQUAL = "Some thresholds equal, that should not be equal."
FIRST_CROSSOVER = "First crossover threshold not between first exclusion and inclusion thresholds."
SECOND_CROSSOVER = "Second crossover threshold not between second exclusion and inclusion thresholds."

# Fit, necessity, truth table, minimization options
RELATION = "The relation must be necessity or sufficiency, not {}."
CUTOFF_RANGE = "The cut-off {} must be a number between 0 and 1, not {}."
INCL_CUT_COUNT = "incl.cut takes one value, or two values (the second not above the first)."
N_CUT_RANGE = "n.cut must be a whole number of at least 1, not {}."
NO_CONFIGURATIONS = "There are no configurations, using these cutoff values."
NO_COMBINATIONS = "There are no combinations with these cut-offs."
HAND_SET_ROW = "Row {} is not in the truth table, or {!r} is not an output (0, 1 or C)."
INF_TEST = 'inf.test takes "binom" or "binom, alpha" with alpha between 0 and 1, not {!r}.'
EXCLUDE_ROW = "exclude takes truth table row numbers (1, 2, ...) or an expression, not {}."
CONS_RANGE = "{} must be a number between 0 and 1, not {}."
NO_CONSISTENT_SOLUTION = "There are no solutions, given these constraints."
DIR_EXP_EMPTY = "Directional expectations cancel each other out to an empty set."
INCLUDE_VALUES = 'include takes ?, C or both (e.g. "?, C"), not {}.'
DIR_EXP_WITHOUT_REMAINDERS = "Directional expectations cannot be specified without including the remainders."
DIR_EXP_UNKNOWN = "The directional expectation {} names no condition of the truth table."
NOTHING_TO_EXPLAIN = "None of the values in OUT is explained. Please check the truth table."
ALL_CONFIGURATIONS_USED = (
    "All truth table configurations are used, all conditions are minimized. Please check the truth table."
)
