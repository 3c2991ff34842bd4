"""Text bound for files that other programs open: CSV and XLSX for spreadsheets, DOCX for Word.

Every export of every app writes its text cells through `cell()` (or `xml_safe()` for Word), so
that two dangers are handled in one place:

- formula injection: a quote, name or memo that begins with `=`, `+`, `-` or `@` (or a tab or
  carriage return, which some spreadsheet programs skip before reading a formula) would run as a
  formula when the file is opened; it gets a leading `'`, which spreadsheets read as "text";
- characters XML cannot hold: XLSX and DOCX are XML, and C0 control characters other than tab,
  line feed and carriage return (and lone surrogates, U+FFFE, U+FFFF) make openpyxl and
  python-docx fail, so one stored name would break an export for good. The services refuse them
  on the way in (config/text_input.py); what is already stored is shown as U+FFFD here.

`unquote()` undoes the `'` when a file we wrote is imported again. Pure Python, no Django.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """The text with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return NOT_IN_XML.sub(REPLACEMENT, text)


def neutralise(value):
    """A text cell that a spreadsheet would read as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value):
    """A value ready for a CSV or XLSX cell: text made XML-safe and neutralised; others unchanged."""
    if isinstance(value, str):
        return neutralise(xml_safe(value))
    return value


def unquote(value):
    """The text a neutralised cell stood for (a `'` before a formula start is ours, not the user's)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_STARTS):
        return value[1:]
    return value
