"""Error messages shown to users, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

QUERY_EMPTY = _("Type a word to search for.")
QUERY_UNCLOSED_QUOTE = _("A quotation mark is not closed.")
QUERY_UNCLOSED_PAREN = _("A “(” is not closed by a “)”.")
QUERY_UNEXPECTED_PAREN = _("A “)” has no “(” before it.")
QUERY_MISSING_OPERAND = _("“{operator}” needs a word or phrase after it.")
QUERY_OPERATOR_FIRST = _("“{operator}” needs a word or phrase before it.")
QUERY_NO_TERMS = _("“{text}” has no letters or digits to search for.")
QUERY_ONLY_NEGATIVE = _("The query needs at least one word that is not excluded with NOT.")
QUERY_TOO_LONG = _("The query is too long: at most {limit} words.")
EXTENT_UNKNOWN = _("Unknown extent “{value}”: use hit, sentence, paragraph or turn.")
WORD_EMPTY = _("Type a word.")
WORD_NOT_SEGMENTABLE = _(
    "“{word}” cannot be a dictionary word: use Chinese characters, letters or digits only."
)
WORD_EXISTS = _("“{word}” is already in the list.")
RUN_ALREADY_UNDONE = _("This auto-coding has already been undone.")
NOTHING_TO_CODE = _("The search has no hits to code.")
CODE_ARCHIVED = _("“{name}” is archived: restore it in the codebook before applying it.")
