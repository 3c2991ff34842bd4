"""Loading a QCA data set from CSV and checking that its columns are usable sets.

A data set is a table of cases by columns; every score is a float. A column is *fuzzy* when any
score has a fractional part (R's ``admisc::getInfo``), otherwise it is crisp (two levels) or
multi-value (levels 0..max). The number of levels follows ``admisc::getLevels``: max + 1, at least
two, and two for fuzzy sets.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import errors
from .errors import QCAError

# R's read.csv treats these as missing.
_MISSING = {"", "NA", "na", "NaN", "nan"}


@dataclass(frozen=True)
class Dataset:
    """Cases by columns; ``values[name][i]`` is the score of case ``cases[i]`` (None if missing)."""

    cases: list[str]
    columns: list[str]
    values: dict[str, list[float | None]] = field(repr=False)
    # Columns holding text that is not a number, with the first such cell. R only looks at the
    # columns an analysis uses, so such a column is an error only when it is used.
    not_numeric: dict[str, str] = field(default_factory=dict, repr=False)

    def column(self, name: str) -> list[float | None]:
        if name not in self.values:
            raise QCAError(errors.UNKNOWN_COLUMN.format(name))
        if name in self.not_numeric:
            raise QCAError(errors.NOT_NUMERIC.format(name, self.not_numeric[name]))
        return self.values[name]

    def is_numeric(self, name: str) -> bool:
        return name in self.values and name not in self.not_numeric

    def scores(self, name: str) -> list[float]:
        """The column without gaps; QCA needs every case scored."""
        column = self.column(name)
        for case, value in zip(self.cases, column, strict=True):
            if value is None:
                raise QCAError(errors.MISSING_VALUE.format(name, case))
        return column  # type: ignore[return-value]

    def is_fuzzy(self, name: str) -> bool:
        return any(v is not None and v % 1 > 0 for v in self.column(name))

    def noflevels(self, name: str) -> int:
        if self.is_fuzzy(name):
            return 2
        present = [v for v in self.column(name) if v is not None]
        return max(2, int(max(present, default=0)) + 1)

    def check_set(self, name: str) -> list[float]:
        """Scores of a column used as a set: fuzzy in [0, 1], or crisp/multi-value levels >= 0."""
        column = self.scores(name)
        fuzzy = self.is_fuzzy(name)
        for value in column:
            if fuzzy and not 0 <= value <= 1:
                raise QCAError(errors.FUZZY_OUT_OF_RANGE.format(name, _show(value)))
            if not fuzzy and value < 0:
                raise QCAError(errors.NEGATIVE_LEVEL.format(name, _show(value)))
        return column


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _parse_number(text: str, column: str) -> float | None:
    text = text.strip()
    if text in _MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        raise QCAError(errors.NOT_NUMERIC.format(column, text)) from None
    if math.isnan(value):
        return None
    return value


def read_csv(path: str | Path, *, case_col: str | None = None) -> Dataset:
    """Read a CSV with a header row.

    The case names come from ``case_col`` if given, else from a column called ``case``, else from
    a first column that is not numeric (R's ``row.names = 1`` habit), else they are 1, 2, 3...
    Every other column must be numeric.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise QCAError(errors.FILE_NOT_FOUND.format(path)) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise QCAError(errors.FILE_UNREADABLE.format(path, exc)) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise QCAError(errors.FILE_EMPTY.format(path))
    header = [name.strip() for name in rows[0]]
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise QCAError(errors.RAGGED_ROW.format(number, len(row), len(header)))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise QCAError(errors.DUPLICATE_COLUMN.format(name))
        seen.add(name)
    return from_rows(header, body, case_col=case_col)


def from_rows(
    header: Sequence[str], body: Sequence[Sequence[str]], *, case_col: str | None = None
) -> Dataset:
    """Build a data set from text cells (the CSV reader and the web layer share this)."""
    header = list(header)
    if case_col is not None and case_col not in header:
        raise QCAError(errors.UNKNOWN_COLUMN.format(case_col))
    if case_col is None:
        if "case" in header:
            case_col = "case"
        elif header and not _numeric_column([row[0] for row in body]):
            case_col = header[0]
    if case_col is None:
        cases = [str(i) for i in range(1, len(body) + 1)]
    else:
        index = header.index(case_col)
        cases = [row[index].strip() for row in body]
    columns = [name for name in header if name != case_col]
    values: dict[str, list[float | None]] = {}
    not_numeric: dict[str, str] = {}
    for name in columns:
        index = header.index(name)
        try:
            values[name] = [_parse_number(row[index], name) for row in body]
        except QCAError:
            values[name] = []
            not_numeric[name] = next(
                row[index].strip() for row in body if _parse_number_or_none(row[index]) is _BAD
            )
    return Dataset(cases=cases, columns=columns, values=values, not_numeric=not_numeric)


_BAD = object()


def _parse_number_or_none(text: str):
    try:
        return _parse_number(text, "")
    except QCAError:
        return _BAD


def from_columns(columns: dict[str, Sequence[float | None]], cases: Sequence[str] | None = None) -> Dataset:
    """Build a data set from Python numbers (for callers that already hold the scores)."""
    names = list(columns)
    length = len(next(iter(columns.values()))) if columns else 0
    case_names = list(cases) if cases is not None else [str(i) for i in range(1, length + 1)]
    values = {name: [None if v is None else float(v) for v in columns[name]] for name in names}
    return Dataset(cases=case_names, columns=names, values=values)


def _numeric_column(cells: Sequence[str]) -> bool:
    for cell in cells:
        text = cell.strip()
        if text in _MISSING:
            continue
        try:
            float(text)
        except ValueError:
            return False
    return True
