"""R's (admisc) expression syntax: read it, evaluate it on a data set, and print terms as R does.

Supported: ``A*~B + C``, ``~`` for absence, ``*`` for AND, ``+`` for OR, multi-value literals
``X[2]`` or ``X[1,2]`` (X is one of those levels) and the curly form ``X{2}``, parentheses
(``A*(B + ~C)``, ``~(A*B)``, multiplied out to a sum of products as admisc does), and R's old
convention of lower case for absence (``a`` is ``~A``), but only where it cannot be misread: the
name written is all lower case, is not itself a column, and its upper-case form is a column whose
name is all upper case. Chinese and mixed-case names are never read as negations.

Printing follows ``admisc::writePIs``: literals in the order of the conditions; when any condition
is multi-value every literal is written with its level (``DEV[2]*URB[0]``), otherwise ``~X`` / ``X``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
    """A sum of products; each product is a tuple of literals. Parentheses are multiplied out."""
    if not text or not text.strip():
        raise QCAError(errors.EMPTY_EXPRESSION)
    if "(" not in text and ")" not in text:
        terms = split_top(text, "+")
        if any(not term.strip() for term in terms):
            raise QCAError(errors.BAD_EXPRESSION.format(text, "an empty term around +"))
        return [parse_product(term, whole=text) for term in terms]
    return _Parser(text).parse()


_TOKEN = re.compile(r"\s*(?:(?P<op>[()*+~])|(?P<lit>[^\s*+~()\[\]{}]+\s*(?:\[[^\]]*\]|\{[^}]*\})?))")


class _Parser:
    """Recursive descent over ``+``, ``*``, ``~`` and parentheses, to a sum of products."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            match = _TOKEN.match(text, position)
            if not match or match.end() == position:
                raise QCAError(errors.BAD_EXPRESSION.format(text, f"cannot read {text[position:].strip()!r}"))
            kind = "op" if match.group("op") else "lit"
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.position = 0

    def fail(self, why: str):
        raise QCAError(errors.BAD_EXPRESSION.format(self.text, why))

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def parse(self) -> list[Product]:
        result = self.sum()
        if self.position != len(self.tokens):
            self.fail(f"unexpected {self.peek()!r}")
        return result

    def sum(self) -> list[Product]:
        terms = self.product()
        while self.peek() == "+":
            self.position += 1
            terms = terms + self.product()
        return terms

    def product(self) -> list[Product]:
        result = self.factor()
        while self.peek() == "*":
            self.position += 1
            right = self.factor()
            result = [left + other for left in result for other in right]
        return result

    def factor(self) -> list[Product]:
        token = self.peek()
        if token is None:
            self.fail("it ends too early")
        self.position += 1
        kind = self.tokens[self.position - 1][0]
        if kind == "op" and token == "~":
            return negate(self.factor())
        if kind == "op" and token == "(":
            inner = self.sum()
            if self.peek() != ")":
                self.fail("a parenthesis is not closed")
            self.position += 1
            return inner
        if kind == "op":
            self.fail(f"unexpected {token!r}")
        return [(parse_literal(token, whole=self.text),)]


def negate(expression: Sequence[Product]) -> list[Product]:
    """De Morgan: ~(P1 + P2) = ~P1 * ~P2, and ~(a*b) = ~a + ~b, multiplied out."""
    result: list[Product] = [()]
    for product in expression:
        flipped = [replace(literal, negated=not literal.negated) for literal in product]
        result = [left + (literal,) for left in result for literal in flipped]
    return result


def resolve_name(literal: Literal, names: Sequence[str]) -> Literal:
    """R's lower-case negation (``a`` = ``~A``) where it cannot be misread; see the module doc."""
    name = literal.name
    if name in names:
        return literal
    upper = name.upper()
    if name == name.lower() and upper != name and upper in names:
        return replace(literal, name=upper, negated=not literal.negated)
    return literal


def expression_cubes(
    text: str, conditions: Sequence[str], noflevels: Sequence[int]
) -> list[tuple[frozenset[int], ...]]:
    """An expression over the conditions as, per product, the allowed levels of each condition."""
    cubes = []
    for product in parse_expression(text):
        allowed = [frozenset(range(n)) for n in noflevels]
        for literal in product:
            literal = resolve_name(literal, conditions)
            if literal.name not in conditions:
                raise QCAError(errors.UNKNOWN_COLUMN.format(literal.name))
            index = list(conditions).index(literal.name)
            allowed[index] = allowed[index] & literal_levels(literal, noflevels[index])
        cubes.append(tuple(allowed))
    return cubes


def literal_levels(literal: Literal, nlevels: int) -> frozenset[int]:
    """The levels of a condition a literal allows (a bare crisp name: level 1)."""
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
    return levels


def compact(text: str) -> str:
    """R names pof rows after the user's text with all white space removed."""
    return re.sub(r"\s+", "", text)


def literal_membership(data: Dataset, literal: Literal) -> list[float]:
    literal = resolve_name(literal, data.columns)
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
    Conjunctions (``A*~B``) are left out here; ``parse_dir_exp_all`` returns them too.
    """
    return parse_dir_exp_all(text, conditions, noflevels)[0]


def parse_dir_exp_all(
    text: str, conditions: Sequence[str], noflevels: Sequence[int]
) -> tuple[list[frozenset[int] | None], list[dict[int, frozenset[int]]]]:
    """Simple expectations per condition, and conjunctional ones (``A*~B``: the outcome is
    expected where A is present together with B absent), as R 3.x reads ``dir.exp``."""
    expected: list[frozenset[int] | None] = [None] * len(conditions)
    conjunctions: list[dict[int, frozenset[int]]] = []
    items = [item.strip() for item in split_top(text.replace("+", ","), ",")]
    if len(items) == len(conditions) and all(item in ("0", "1", "-", "dc") for item in items):
        # QCA 2's positional form, one value per condition: 1 present, 0 absent, "-" none.
        return [None if item in ("-", "dc") else frozenset({int(item)}) for item in items], []
    names = list(conditions)
    for item in items:
        if not item or item == "-":
            continue
        for product in parse_expression(item):
            chosen: dict[int, frozenset[int]] = {}
            for literal in product:
                literal = resolve_name(literal, names)
                if literal.name not in names:
                    raise QCAError(errors.DIR_EXP_UNKNOWN.format(item))
                index = names.index(literal.name)
                levels = literal_levels(literal, noflevels[index])
                chosen[index] = chosen[index] & levels if index in chosen else levels
            if any(not levels for levels in chosen.values()):
                raise QCAError(errors.DIR_EXP_EMPTY)
            if len(chosen) == 1:
                ((index, levels),) = chosen.items()
                previous = expected[index]
                expected[index] = levels if previous is None else previous | levels
            elif chosen and chosen not in conjunctions:
                conjunctions.append(chosen)
    # admisc::simplify absorbs a conjunction that holds a simple expectation (A*B with A alone).
    conjunctions = [
        c
        for c in conjunctions
        if not any(expected[i] is not None and levels <= expected[i] for i, levels in c.items())
    ]
    if all(e is None for e in expected) and not conjunctions and any(i and i != "-" for i in items):
        raise QCAError(errors.DIR_EXP_EMPTY)
    return expected, conjunctions
