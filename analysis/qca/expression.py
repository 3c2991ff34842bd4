"""R's (admisc) expression syntax: read it, evaluate it on a data set, and print terms as R does.

Supported: ``A*~B + C``, ``~`` for absence, ``*`` for AND, ``+`` for OR, multi-value literals
``X[2]`` or ``X[1,2]`` (X is one of those levels) and the curly form ``X{2}``. R's old convention of
lower case for absence is deliberately not supported: condition names in this app are often
Chinese or mixed case, where case carries no meaning.

Printing follows ``admisc::writePIs``: literals in the order of the conditions; when any condition
is multi-value every literal is written with its level (``DEV[2]*URB[0]``), otherwise ``~X`` / ``X``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import errors
from .data import Dataset
from .errors import QCAError

Cube = tuple[int, ...]

_LITERAL = re.compile(r"^(~?)\s*([^\s*+~\[\]{}(),]+)\s*(?:\[([^\]]*)\]|\{([^}]*)\})?$")


@dataclass(frozen=True)
class Literal:
    name: str
    levels: frozenset[int] | None  # None: the bare name, i.e. presence (level 1, or the fuzzy score)
    negated: bool = False


Product = tuple[Literal, ...]


def split_top(text: str, separator: str) -> list[str]:
    """Split on a separator that is not inside brackets (``X[1,2]`` keeps its comma)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_literal(text: str, *, whole: str | None = None) -> Literal:
    match = _LITERAL.match(text.strip())
    if not match:
        raise QCAError(errors.BAD_EXPRESSION.format(whole or text, f"cannot read {text.strip()!r}"))
    tilde, name, square, curly = match.groups()
    inside = square if square is not None else curly
    levels = None
    if inside is not None:
        try:
            levels = frozenset(int(part) for part in inside.split(",") if part.strip())
        except ValueError:
            raise QCAError(
                errors.BAD_EXPRESSION.format(whole or text, f"levels must be whole numbers in {text!r}")
            ) from None
        if not levels:
            raise QCAError(errors.BAD_EXPRESSION.format(whole or text, f"no level in {text!r}"))
    return Literal(name=name, levels=levels, negated=bool(tilde))


def parse_product(text: str, *, whole: str | None = None) -> Product:
    pieces = split_top(text, "*")
    if any(not piece.strip() for piece in pieces):
        raise QCAError(errors.BAD_EXPRESSION.format(whole or text, "an empty factor around *"))
    return tuple(parse_literal(piece, whole=whole or text) for piece in pieces)


def parse_expression(text: str) -> list[Product]:
    """A sum of products; each product is a tuple of literals."""
    if not text or not text.strip():
        raise QCAError(errors.EMPTY_EXPRESSION)
    if "(" in text or ")" in text:
        raise QCAError(
            errors.BAD_EXPRESSION.format(text, "parentheses are not supported, write a sum of products")
        )
    terms = split_top(text, "+")
    if any(not term.strip() for term in terms):
        raise QCAError(errors.BAD_EXPRESSION.format(text, "an empty term around +"))
    return [parse_product(term, whole=text) for term in terms]


def compact(text: str) -> str:
    """R names pof rows after the user's text with all white space removed."""
    return re.sub(r"\s+", "", text)


def literal_membership(data: Dataset, literal: Literal) -> list[float]:
    scores = data.check_set(literal.name)
    fuzzy = data.is_fuzzy(literal.name)
    nlevels = data.noflevels(literal.name)
    if literal.levels is None:
        if not fuzzy and nlevels > 2:
            raise QCAError(errors.MULTIVALUE_NEEDS_LEVEL.format(literal.name, literal.name))
        values = list(scores)
    else:
        for level in literal.levels:
            if not 0 <= level < nlevels:
                raise QCAError(errors.LEVEL_OUT_OF_RANGE.format(literal.name, level))
        if fuzzy:
            # A fuzzy set has two "levels": 0 is the negation, 1 the set itself.
            values = [
                max(([1 - x] if 0 in literal.levels else []) + ([x] if 1 in literal.levels else []))
                for x in scores
            ]
        else:
            values = [1.0 if x in literal.levels else 0.0 for x in scores]
    if literal.negated:
        values = [1 - v for v in values]
    return values


def product_membership(data: Dataset, product: Product) -> list[float]:
    columns = [literal_membership(data, literal) for literal in product]
    return [min(scores) for scores in zip(*columns, strict=True)]


def expression_membership(data: Dataset, expression: Sequence[Product]) -> list[float]:
    columns = [product_membership(data, product) for product in expression]
    return [max(scores) for scores in zip(*columns, strict=True)]


def format_cube(cube: Cube, conditions: Sequence[str], *, mv: bool) -> str:
    literals = []
    for name, level in zip(conditions, cube, strict=True):
        if level < 0:
            continue
        if mv:
            literals.append(f"{name}[{level}]")
        else:
            literals.append(name if level == 1 else f"~{name}")
    return "*".join(literals)


def cube_literals(cube: Cube, conditions: Sequence[str]) -> list[dict]:
    return [
        {"cond": name, "value": level} for name, level in zip(conditions, cube, strict=True) if level >= 0
    ]


def cube_membership(cube: Cube, columns: Sequence[Sequence[float]], fuzzy: Sequence[bool]) -> list[float]:
    """Membership of every case in a term, from the condition scores (R's ``admisc::compute``)."""
    result: list[float] | None = None
    for level, scores, is_fuzzy in zip(cube, columns, fuzzy, strict=True):
        if level < 0:
            continue
        if is_fuzzy:
            values = [x if level == 1 else 1 - x for x in scores]
        else:
            values = [1.0 if x == level else 0.0 for x in scores]
        result = values if result is None else [min(a, b) for a, b in zip(result, values, strict=True)]
    if result is None:  # the empty term is the universe
        return [1.0] * (len(columns[0]) if columns else 0)
    return result


def parse_dir_exp(
    text: str, conditions: Sequence[str], noflevels: Sequence[int]
) -> list[frozenset[int] | None]:
    """R's ``dir.exp = "DEV, ~URB, LIT[1,2]"`` as the expected levels of each condition.

    A bare name expects presence (level 1), ``~X`` absence (level 0), ``X[1,2]`` those levels;
    ``~X[1]`` every level but 1. Conditions not named (or named as ``-``) have no expectation.
    """
    expected: list[frozenset[int] | None] = [None] * len(conditions)
    items = [item.strip() for item in split_top(text, ",")]
    if len(items) == len(conditions) and all(item in ("0", "1", "-", "dc") for item in items):
        # QCA 2's positional form, one value per condition: 1 present, 0 absent, "-" none.
        return [None if item in ("-", "dc") else frozenset({int(item)}) for item in items]
    for item in items:
        if not item or item == "-":
            continue
        literal = parse_literal(item, whole=text)
        if literal.name not in conditions:
            raise QCAError(errors.DIR_EXP_UNKNOWN.format(item))
        index = list(conditions).index(literal.name)
        nlevels = noflevels[index]
        if literal.levels is None:
            if nlevels > 2:
                raise QCAError(errors.MULTIVALUE_NEEDS_LEVEL.format(literal.name, literal.name))
            levels = frozenset({1})
        else:
            levels = literal.levels
            for level in levels:
                if not 0 <= level < nlevels:
                    raise QCAError(errors.LEVEL_OUT_OF_RANGE.format(literal.name, level))
        if literal.negated:
            levels = frozenset(range(nlevels)) - levels
        previous = expected[index]
        expected[index] = levels if previous is None else previous | levels
    return expected
