"""Selectors for coded matrices: case × code, document × code, code × code, code × attribute value.

Every figure comes out of one SQL aggregation over the codings, so the number of queries is fixed
whatever the size of the study, and no Python loop ever runs over codings. Only the codebook (a few
hundred rows) is read into Python, to work out which codes each column gathers: a code alone, or a
code with its whole subtree. That mapping goes to the database as a small VALUES table (`colmap`)
joined to the codings; a coding of a child code then counts once for the child and once for each
ancestor column, never twice for the same column.

The SQL is written by hand (plain SQL-92 plus window functions) because the union of overlapping
coded spans needs a window over each document's spans, which the ORM cannot aggregate again; it runs
unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum, Value
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from cases.models import Attribute, AttributeType, AttributeValue, Case
from coding.models import Code, Coding, Document, SpeakerTurn

# Matrix measures (case × code and document × code).
COUNT = "count"
PRESENCE = "presence"
CHARACTERS = "characters"
SHARE = "share"
DOCUMENTS = "documents"
MEASURES = (COUNT, PRESENCE, CHARACTERS, SHARE, DOCUMENTS)

# Co-occurrence: spans that overlap, that lie within N characters of each other, or that start in
# the same speaker turn.
OVERLAP = "overlap"
NEAR = "near"
TURN = "turn"
COOCCURRENCE_MODES = (OVERLAP, NEAR, TURN)
COOCCURRENCE_MEASURES = (COUNT, DOCUMENTS)

CASES = "cases"
CROSSTAB_MEASURES = (COUNT, DOCUMENTS, CASES)

SHARE_DIGITS = 4


@dataclass(frozen=True)
class Axis:
    """One row or column: its id (None for "no value") and the label printed for it.

    A code's label is its path, unambiguous in files; pages and charts show its own name indented by
    its depth (`short`), with the path as a tooltip.
    """

    id: object
    label: str
    name: str = ""
    depth: int = 0

    @property
    def short(self):
        return "\u3000" * self.depth + (self.name or self.label)


@dataclass
class Matrix:
    corner: str
    rows: list[Axis]
    columns: list[Axis]
    cells: dict = field(default_factory=dict)
    measure: str = COUNT
    blank_diagonal: bool = False

    def value(self, row_id, column_id):
        if self.blank_diagonal and row_id == column_id:
            return None
        return self.cells.get((row_id, column_id), 0)

    def table(self):
        """Rows of plain values: a header, then one line per row (label first)."""
        yield [self.corner, *(column.label for column in self.columns)]
        for row in self.rows:
            yield [row.label, *(self.value(row.id, column.id) for column in self.columns)]

    @property
    def max_value(self):
        return max((value for value in self.cells.values() if value), default=0)


# --- the codebook -------------------------------------------------------------------------------


@dataclass
class Codebook:
    columns: list[Axis]
    members: dict  # column code id -> ids of the codes whose codings it gathers


def codebook(*, project, subtree=False, code_ids=None) -> Codebook:
    """The project's codes in tree order, labelled by path, and the codes each column gathers.

    One query: the code table is small, and walking it in Python is what keeps the SQL a plain join.
    """
    rows = list(
        Code.objects.filter(project=project)
        .order_by("order", "name", "id")
        .values_list("id", "parent_id", "name")
    )
    children = {}
    names = {}
    for code_id, parent_id, name in rows:
        children.setdefault(parent_id, []).append(code_id)
        names[code_id] = name
    ordered, labels, descendants = [], {}, {}

    depths = {}

    def walk(code_id, path):
        labels[code_id] = " > ".join(path)
        depths[code_id] = len(path) - 1
        ordered.append(code_id)
        gathered = [code_id]
        for child in children.get(code_id, ()):
            gathered.extend(walk(child, [*path, names[child]]))
        descendants[code_id] = gathered
        return gathered

    for top in children.get(None, ()):
        walk(top, [names[top]])
    wanted = set(code_ids) if code_ids is not None else None
    columns = [
        Axis(code_id, labels[code_id], names[code_id], depths[code_id])
        for code_id in ordered
        if wanted is None or code_id in wanted
    ]
    members = {column.id: (descendants[column.id] if subtree else [column.id]) for column in columns}
    return Codebook(columns=columns, members=members)


# --- SQL building blocks ------------------------------------------------------------------------


def _q(name):
    return connection.ops.quote_name(name)


CODING = _q(Coding._meta.db_table)
DOCUMENT = _q(Document._meta.db_table)
VALUE = _q(AttributeValue._meta.db_table)
TURN_TABLE = _q(SpeakerTurn._meta.db_table)
START, END = _q("start"), _q("end")


def _colmap(book):
    """A WITH clause naming (col, member) pairs, and its parameters; None when there are no codes."""
    pairs = [(column, member) for column, members in book.members.items() for member in members]
    if not pairs:
        return None, []
    values = ", ".join(["(%s, %s)"] * len(pairs))
    return f"colmap(col, member) AS (VALUES {values})", [number for pair in pairs for number in pair]


def _coder_filter(alias, coder_ids):
    if not coder_ids:
        return "", []
    return f" AND {alias}.coder_id IN ({', '.join(['%s'] * len(coder_ids))})", list(coder_ids)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- case × code and document × code -------------------------------------------------------------

# The union of a document's spans for one column, without merging them first: ordered by start,
# each span adds only what reaches beyond the furthest end before it (prev_end).
_NEW_CHARACTERS = (
    "CASE WHEN prev_end IS NULL OR s >= prev_end THEN e - s WHEN e > prev_end THEN e - prev_end ELSE 0 END"
)


def _code_matrix_sql(row_key, book, coder_ids, project_id):
    colmap, params = _colmap(book)
    coder_sql, coder_params = _coder_filter("c", coder_ids)
    not_null = " AND d.case_id IS NOT NULL" if row_key == "d.case_id" else ""
    sql = f"""
        WITH {colmap},
        spans AS (
            SELECT {row_key} AS row_id, m.col AS col, c.document_id AS doc, c.{START} AS s, c.{END} AS e,
                MAX(c.{END}) OVER (
                    PARTITION BY m.col, c.document_id ORDER BY c.{START}, c.{END}
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                ) AS prev_end
            FROM {CODING} c
            JOIN {DOCUMENT} d ON d.id = c.document_id
            JOIN colmap m ON m.member = c.code_id
            WHERE d.project_id = %s{not_null}{coder_sql}
        )
        SELECT row_id, col, COUNT(*), COUNT(DISTINCT doc), SUM({_NEW_CHARACTERS})
        FROM spans GROUP BY row_id, col
    """
    return sql, [*params, project_id, *coder_params]


def _code_matrix(*, project, rows, row_key, corner, measure, subtree, coder_ids, code_ids):
    book = codebook(project=project, subtree=subtree, code_ids=code_ids)
    lengths = {row_id: length or 0 for row_id, _label, length in rows}
    matrix = Matrix(
        corner=corner,
        rows=[Axis(row_id, label) for row_id, label, _length in rows],
        columns=book.columns,
        measure=measure,
    )
    if not book.columns:
        return matrix
    for row_id, col, count, documents, characters in _fetch(
        *_code_matrix_sql(row_key, book, coder_ids, project.pk)
    ):
        if row_id not in lengths:
            continue
        if measure == COUNT:
            value = count
        elif measure == PRESENCE:
            value = 1 if count else 0
        elif measure == DOCUMENTS:
            value = documents
        elif measure == CHARACTERS:
            value = int(characters)
        else:
            length = lengths[row_id]
            value = round(int(characters) / length, SHARE_DIGITS) if length else 0
        matrix.cells[(row_id, col)] = value
    return matrix


def case_code_matrix(*, project, measure=COUNT, subtree=False, coder_ids=None, code_ids=None) -> Matrix:
    """Cases × codes. Documents without a case are left out. Three queries."""
    # Measuring every transcript costs a pass over all the text: only the share needs it.
    length = Sum(Length("documents__text")) if measure == SHARE else Value(0)
    rows = list(
        Case.objects.filter(project=project)
        .annotate(length=length)
        .order_by("name", "id")
        .values_list("id", "name", "length")
    )
    return _code_matrix(
        project=project,
        rows=rows,
        row_key="d.case_id",
        corner=_("Case"),
        measure=measure,
        subtree=subtree,
        coder_ids=coder_ids,
        code_ids=code_ids,
    )


def document_code_matrix(*, project, measure=COUNT, subtree=False, coder_ids=None, code_ids=None) -> Matrix:
    """Documents × codes. Three queries."""
    rows = list(
        Document.objects.filter(project=project)
        .annotate(length=Length("text") if measure == SHARE else Value(0))
        .order_by("title", "id")
        .values_list("id", "title", "length")
    )
    return _code_matrix(
        project=project,
        rows=rows,
        row_key="c.document_id",
        corner=_("Document"),
        measure=measure,
        subtree=subtree,
        coder_ids=coder_ids,
        code_ids=code_ids,
    )


# --- code × code co-occurrence ------------------------------------------------------------------


def cooccurrence_matrix(
    *, project, mode=OVERLAP, distance=0, measure=COUNT, subtree=False, coder_ids=None, code_ids=None
) -> Matrix:
    """Codes × codes: pairs of codings of two different codes in the same document.

    OVERLAP counts spans sharing at least one character; NEAR counts spans at most `distance`
    characters apart (touching spans are 0 apart); TURN counts spans that start in the same speaker
    turn. A cell counts ordered pairs (a of the row, b of the column), so the matrix is symmetric;
    DOCUMENTS counts documents with at least one such pair. The diagonal is left blank. Three queries
    (two for TURN).
    """
    book = codebook(project=project, subtree=subtree, code_ids=code_ids)
    matrix = Matrix(
        corner=_("Code"), rows=book.columns, columns=book.columns, measure=measure, blank_diagonal=True
    )
    if not book.columns:
        return matrix
    if mode == TURN:
        rows = _same_turn_pairs(project, book, coder_ids, measure)
    else:
        rows = _touching_pairs(project, book, coder_ids, measure, mode, distance)
    for row_col, col, count, documents in rows:
        matrix.cells[(row_col, col)] = documents if measure == DOCUMENTS else count
    return matrix


def _pairs_to_cells(book, pairs_sql, measure):
    """Wrap a query of unordered pairs of codings (a.id < b.id) into the code × code aggregation.

    The pairs are first counted per pair of codes (and per document when documents are counted):
    at most a few hundred thousand small rows, however many codings meet. Only then does each code
    go to its columns, both ways round, so a subtree never multiplies the millions of raw pairs.
    """
    colmap, params = _colmap(book)
    per_document = measure == DOCUMENTS
    doc = "a_doc" if per_document else "0"
    sql = f"""
        WITH {colmap},
        pairs AS (
            SELECT p, q, {doc} AS doc, COUNT(*) AS n FROM ({pairs_sql}) raw
            GROUP BY p, q{", a_doc" if per_document else ""}
        ),
        both_ways AS (SELECT p, q, doc, n FROM pairs UNION ALL SELECT q, p, doc, n FROM pairs)
        SELECT ma.col, mb.col, SUM(n), COUNT(DISTINCT doc)
        FROM both_ways
        JOIN colmap ma ON ma.member = both_ways.p
        JOIN colmap mb ON mb.member = both_ways.q
        WHERE ma.col <> mb.col
        GROUP BY ma.col, mb.col
    """
    return sql, params


def _same_turn_pairs(project, book, coder_ids, measure):
    """Pairs of codings that start in the same speaker turn (a coding belongs to the turn where it
    starts, so that a passage running on into the next turn still counts once)."""
    coder_sql, coder_params = _coder_filter("c", coder_ids)
    pairs_sql = f"""
        WITH placed AS (
            SELECT c.id AS id, c.document_id AS doc, c.code_id AS code_id, t.id AS turn
            FROM {CODING} c
            JOIN {DOCUMENT} d ON d.id = c.document_id
            JOIN {TURN_TABLE} t ON t.document_id = c.document_id AND t.{START} <= c.{START} AND c.{START} < t.{END}
            WHERE d.project_id = %s{coder_sql}
        )
        SELECT a.code_id AS p, b.code_id AS q, a.doc AS a_doc
        FROM placed a JOIN placed b ON b.turn = a.turn AND a.id < b.id
    """
    sql, params = _pairs_to_cells(book, pairs_sql, measure)
    return _fetch(sql, [*params, project.pk, *coder_params])


def _touching_pairs(project, book, coder_ids, measure, mode, distance):
    coder_sql, coder_params = _coder_filter("c", coder_ids)
    # The longest span bounds how far before a span another one may start and still reach it, which
    # turns the self-join into a range scan of the (document, start) index.
    longest = _fetch(
        f"SELECT MAX(c.{END} - c.{START}) FROM {CODING} c JOIN {DOCUMENT} d ON d.id = c.document_id "
        f"WHERE d.project_id = %s{coder_sql}",
        [project.pk, *coder_params],
    )[0][0]
    if longest is None:
        return []
    gap = 0 if mode == OVERLAP else int(distance)
    if mode == OVERLAP:
        touching = f"b.{START} < a.{END} AND a.{START} < b.{END}"
    else:
        touching = f"b.{START} <= a.{END} + %s AND a.{START} <= b.{END} + %s"
    coder_a, coder_a_params = _coder_filter("a", coder_ids)
    coder_b, coder_b_params = _coder_filter("b", coder_ids)
    pairs_sql = f"""
        SELECT a.code_id AS p, b.code_id AS q, a.document_id AS a_doc
        FROM {CODING} a
        JOIN {DOCUMENT} d ON d.id = a.document_id
        JOIN {CODING} b ON b.document_id = a.document_id AND b.{START} >= a.{START} - %s AND {touching}
        WHERE d.project_id = %s AND a.id < b.id{coder_a}{coder_b}
    """
    sql, params = _pairs_to_cells(book, pairs_sql, measure)
    sql_params = [*params, int(longest) + gap]
    if mode == NEAR:
        sql_params += [gap, gap]
    sql_params += [project.pk, *coder_a_params, *coder_b_params]
    return _fetch(sql, sql_params)


# --- code × attribute value ---------------------------------------------------------------------


def value_label(attribute_type, text_value, number_value, date_value, boolean_value):
    """How one typed value is printed as a column heading."""
    if text_value is not None:
        return text_value
    if number_value is not None:
        number = float(number_value)
        return str(int(number)) if number.is_integer() else str(number)
    if date_value is not None:
        return str(date_value)[:10]
    if boolean_value is not None:
        return _("yes") if boolean_value else _("no")
    return None


def code_attribute_matrix(
    *, project, attribute, measure=COUNT, subtree=False, coder_ids=None, code_ids=None
) -> Matrix:
    """Codes × the values of one case attribute: codings (or documents, or cases) per value.

    Codings in documents without a case, or in cases without a value, fall in a last "no value"
    column. Columns of a category attribute follow its list of allowed values. Two queries.
    """
    book = codebook(project=project, subtree=subtree, code_ids=code_ids)
    matrix = Matrix(corner=_("Code"), rows=book.columns, columns=[], measure=measure)
    if attribute.type == AttributeType.CATEGORY:
        labels = list(attribute.choices)
    else:
        labels = []
    if not book.columns:
        matrix.columns = [Axis(label, label) for label in labels]
        return matrix
    colmap, params = _colmap(book)
    coder_sql, coder_params = _coder_filter("c", coder_ids)
    sql = f"""
        WITH {colmap}
        SELECT m.col, v.text_value, v.number_value, v.date_value, v.boolean_value,
            COUNT(*), COUNT(DISTINCT c.document_id), COUNT(DISTINCT d.case_id)
        FROM {CODING} c
        JOIN {DOCUMENT} d ON d.id = c.document_id
        JOIN colmap m ON m.member = c.code_id
        LEFT JOIN {VALUE} v ON v.case_id = d.case_id AND v.attribute_id = %s
        WHERE d.project_id = %s{coder_sql}
        GROUP BY m.col, v.text_value, v.number_value, v.date_value, v.boolean_value
    """
    seen = set()
    has_none = False
    for col, text, number, date, boolean, count, documents, cases in _fetch(
        sql, [*params, attribute.pk, project.pk, *coder_params]
    ):
        label = value_label(attribute.type, text, number, date, boolean)
        has_none = has_none or label is None
        seen.add(label)
        value = {COUNT: count, DOCUMENTS: documents, CASES: cases}[measure]
        matrix.cells[(col, label)] = matrix.cells.get((col, label), 0) + value
    if attribute.type != AttributeType.CATEGORY:
        labels = sorted((label for label in seen if label is not None), key=_natural_key(attribute.type))
    columns = [Axis(label, label) for label in labels]
    if has_none:
        columns.append(Axis(None, _("(no value)")))
    matrix.columns = columns
    return matrix


def _natural_key(attribute_type):
    if attribute_type == AttributeType.NUMBER:
        return float
    return str


def attribute_for(*, project, attribute_id):
    return Attribute.objects.filter(project=project, pk=attribute_id).first()
