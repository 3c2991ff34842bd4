"""Search query syntax: words, "phrases", AND / OR / NOT and parentheses. Pure apart from messages.

Space between words means AND. A word that segments into several terms (政府购买服务 → 政府 购买
服务) is searched as a phrase of those terms, as if quoted. Keywords are upper case so that the
English words "and", "or", "not" stay searchable.
"""

from __future__ import annotations

from dataclasses import dataclass

from search import errors

MAX_LEAVES = 32
QUOTES = {'"': '"', "“": "”", "「": "」"}
OPEN_PARENS = "(（"
CLOSE_PARENS = ")）"
KEYWORDS = {"AND", "OR", "NOT"}


class QuerySyntaxError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Leaf:
    text: str
    terms: tuple  # one term: a word; several: a phrase


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


def _lex(query):
    items = []  # (kind, text): kind is "word", "phrase", "(", ")", or a keyword
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in QUOTES:
            close = query.find(QUOTES[char], i + 1)
            if close < 0:
                raise QuerySyntaxError(errors.QUERY_UNCLOSED_QUOTE)
            items.append(("phrase", query[i + 1 : close]))
            i = close + 1
        elif char in OPEN_PARENS:
            items.append(("(", char))
            i += 1
        elif char in CLOSE_PARENS:
            items.append((")", char))
            i += 1
        else:
            j = i
            while (
                j < n
                and not query[j].isspace()
                and query[j] not in QUOTES
                and query[j] not in OPEN_PARENS + CLOSE_PARENS
            ):
                j += 1
            word = query[i:j]
            items.append((word if word in KEYWORDS else "word", word))
            i = j
    return items


def parse(query, tokenize):
    """The query's tree; `tokenize(text)` gives the lower-case terms of a text (the project's jieba)."""
    items = _lex(query or "")
    if not items:
        raise QuerySyntaxError(errors.QUERY_EMPTY)
    position = 0

    def peek():
        return items[position][0] if position < len(items) else None

    def take():
        nonlocal position
        position += 1
        return items[position - 1]

    def atom():
        kind = peek()
        if kind is None:
            raise QuerySyntaxError(errors.QUERY_MISSING_OPERAND.format(operator=items[-1][1]))
        if kind in ("AND", "OR"):
            raise QuerySyntaxError(errors.QUERY_OPERATOR_FIRST.format(operator=kind))
        if kind == ")":
            raise QuerySyntaxError(errors.QUERY_UNEXPECTED_PAREN)
        if kind == "NOT":
            take()
            if peek() is None or peek() in ("AND", "OR", ")"):
                raise QuerySyntaxError(errors.QUERY_MISSING_OPERAND.format(operator="NOT"))
            return Not(atom())
        if kind == "(":
            take()
            node = or_expr()
            if peek() != ")":
                raise QuerySyntaxError(errors.QUERY_UNCLOSED_PAREN)
            take()
            return node
        _kind, text = take()
        terms = tuple(tokenize(text))
        if not terms:
            raise QuerySyntaxError(errors.QUERY_NO_TERMS.format(text=text))
        return Leaf(text, terms)

    def and_expr():
        children = [atom()]
        while peek() not in (None, "OR", ")"):
            if peek() == "AND":
                operator = take()[1]
                if peek() in (None, "AND", "OR", ")"):
                    raise QuerySyntaxError(errors.QUERY_MISSING_OPERAND.format(operator=operator))
            children.append(atom())
        return children[0] if len(children) == 1 else And(tuple(children))

    def or_expr():
        if peek() == "OR":
            raise QuerySyntaxError(errors.QUERY_OPERATOR_FIRST.format(operator="OR"))
        children = [and_expr()]
        while peek() == "OR":
            take()
            if peek() in (None, "AND", "OR", ")"):
                raise QuerySyntaxError(errors.QUERY_MISSING_OPERAND.format(operator="OR"))
            children.append(and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    tree = or_expr()
    if peek() == ")":
        raise QuerySyntaxError(errors.QUERY_UNEXPECTED_PAREN)
    leaves = list(iter_leaves(tree))
    if len(leaves) > MAX_LEAVES:
        raise QuerySyntaxError(errors.QUERY_TOO_LONG.format(limit=MAX_LEAVES))
    if not list(positive_leaves(tree)):
        raise QuerySyntaxError(errors.QUERY_ONLY_NEGATIVE)
    return tree


def iter_leaves(node):
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Not):
        yield from iter_leaves(node.child)
    else:
        for child in node.children:
            yield from iter_leaves(child)


def positive_leaves(node):
    """The leaves not under a NOT: the ones whose occurrences are the hits."""
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from positive_leaves(child)


def occurrences(leaf, terms):
    """(first, last) token indexes where the leaf's terms occur in a document's term list, in order."""
    n = len(leaf.terms)
    first = leaf.terms[0]
    found = []
    for i, term in enumerate(terms):
        if term == first and tuple(terms[i : i + n]) == leaf.terms:
            found.append((i, i + n - 1))
    return found


def evaluate(node, present):
    """Whether a document matches, given `present(leaf)`: does the leaf occur in it."""
    if isinstance(node, Leaf):
        return present(node)
    if isinstance(node, Not):
        return not evaluate(node.child, present)
    if isinstance(node, And):
        return all(evaluate(child, present) for child in node.children)
    return any(evaluate(child, present) for child in node.children)


def _not(sql, params):
    return (f"(NOT {sql})", params)


def prefilter(node, term_condition, negate=_not):
    """An SQL condition true for every matching document (a superset when phrases are involved).

    `term_condition(terms)` gives (sql, params) for "the document has all these terms", served by
    the index in one lookup.
    Returns (sql, params, exact) or None for "no condition". A phrase needs all its terms, but a
    missing phrase says nothing about its terms, so NOT over a phrase filters nothing in SQL and
    the phrase is checked on the candidates' stored tokens.
    """
    if isinstance(node, Leaf):
        # A phrase's adjacent pairs are indexed too (segmentation.index_terms): they narrow it most.
        pairs = [node.terms[i] + node.terms[i + 1] for i in range(len(node.terms) - 1)]
        sql, params = term_condition(list(dict.fromkeys([*node.terms, *pairs])))
        return (f"({sql})", params, len(node.terms) == 1)
    if isinstance(node, Not):
        inner = prefilter(node.child, term_condition, negate)
        if inner is None or not inner[2]:
            return None
        return (*negate(inner[0], inner[1]), True)
    parts = [prefilter(child, term_condition, negate) for child in node.children]
    if isinstance(node, And):
        kept = [part for part in parts if part is not None]
        if not kept:
            return None
        exact = len(kept) == len(parts) and all(part[2] for part in kept)
        return ("(" + " AND ".join(p[0] for p in kept) + ")", [x for p in kept for x in p[1]], exact)
    if any(part is None for part in parts):
        return None
    return (
        "(" + " OR ".join(p[0] for p in parts) + ")",
        [x for p in parts for x in p[1]],
        all(p[2] for p in parts),
    )
