"""Reads for search: indexed document lookup, keyword-in-context hits and word frequencies.

The database's index picks the candidate documents (GIN over term arrays on PostgreSQL, FTS5 on
SQLite); Python then only reads the stored token spans of the documents on the page asked for, to
place hits and to check phrases. No query re-segments or scans every text.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Substr

from coding.models import Coding, Document, SpeakerTurn
from search import query as q
from search import segmentation
from search.models import DocumentIndex, StopWord
from search.services import project_tokenizer, stop_words_seed

CONTEXT = 30  # code points of context on each side of a hit
PAGE_BATCH = 4  # documents read at a time while filling a page of hits
FTS_TABLE = "search_document_terms_fts"
LABEL_LOOKAHEAD = 40  # code points from a turn's start that hold its timestamp and speaker label


@dataclass
class Hit:
    start: int
    end: int
    left: str
    text: str
    right: str


@dataclass
class DocumentHits:
    document: Document
    hits: list = field(default_factory=list)


@dataclass
class SearchResult:
    documents_count: int
    groups: list  # DocumentHits holding the page's hits, in order: by case, then title
    hits_count: int | None  # over all pages when it was worked out (filters that need every hit)
    has_next: bool = False
    count_exact: bool = True  # False: documents_count counts candidates, an upper bound


def _postgres_terms_condition(terms):
    # Repeats the indexed expression of migration 0002 exactly, so the GIN index serves it.
    placeholders = ", ".join(["%s"] * len(terms))
    return (f"string_to_array(\"terms\", ' ') @> ARRAY[{placeholders}]::text[]", list(terms))


def _postgres_not(sql, params):
    # A negated lookup still reads the index (once, hashed), instead of splitting every candidate.
    return (f'("document_id" NOT IN (SELECT "document_id" FROM "search_documentindex" WHERE {sql}))', params)


def _postgres_candidates(condition):
    """Ids of the documents (of every project) the GIN index finds for a query, in one statement.

    Asked of the index table alone, planned with sequential and plain index scans off: the planner
    costs string_to_array over a document's terms (tens of kilobytes) like a cheap operator, so
    once a word is common it would rather split every row (~0.2 ms a document and word) than use
    the index, whose answer for `@>` is exact and takes well under a millisecond. SET LOCAL lasts
    to the end of the transaction, so the settings are put back right after.
    """
    sql, params, _exact = condition
    return _ids_from_index(f'SELECT "document_id" FROM "search_documentindex" WHERE {sql}', params)


def _ids_from_index(select, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        try:
            cursor.execute(select, params)
            return [row[0] for row in cursor.fetchall()]
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on")


def _term_condition(terms):
    """SQLite: "the document has all these terms", as one FTS5 lookup."""
    match = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return (f'"coding_document"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)', [match])


def _substring_condition(text):
    if connection.vendor == "postgresql":
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ('"coding_document"."text" LIKE %s', [f"%{escaped}%"])  # served by the pg_trgm index
    return ('instr("coding_document"."text", %s) > 0', [text])


def parse_query(*, project, text):
    tokenizer, _version = project_tokenizer(project_id=project.pk)
    return q.parse(text, lambda part: [token.term for token in segmentation.tokens(part, tokenizer)])


class TokenLookup:
    """A document's stored tokens, searched with str.find and bisection instead of a token list.

    Building a list of every token costs ~10 ms for a long transcript; finding a term's occurrences
    in the lower-cased text and checking that they sit on token boundaries costs only per hit.
    """

    def __init__(self, text, spans):
        self.lower = text.lower()
        if len(self.lower) != len(text):  # a rare letter whose lower case is longer (İ): keep offsets
            self.lower = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
        self.starts = spans[0::2]
        self.ends = spans[1::2]

    def _token_at(self, position, length):
        i = bisect.bisect_left(self.starts, position)
        if i < len(self.starts) and self.starts[i] == position and self.ends[i] == position + length:
            return i
        return None

    def occurrences(self, leaf):
        """(start, end) of every occurrence of the leaf's terms as consecutive tokens."""
        first, rest = leaf.terms[0], leaf.terms[1:]
        found, at = [], self.lower.find(first)
        while at >= 0:
            i = self._token_at(at, len(first))
            if i is not None and i + len(rest) < len(self.starts):
                ok = all(
                    self.lower[self.starts[i + k + 1] : self.ends[i + k + 1]] == term
                    for k, term in enumerate(rest)
                )
                if ok:
                    found.append((self.starts[i], self.ends[i + len(rest)]))
            at = self.lower.find(first, at + 1)
        return found


def _context(text, start, end):
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    # A hit's context stays within its paragraph.
    left = left[left.rfind("\n") + 1 :]
    cut = right.find("\n")
    if cut >= 0:
        right = right[:cut]
    return Hit(start, end, left, text[start:end], right)


def _hits_for_tree(document, spans, tree):
    """The hits of a document, or None when the document does not match (a phrase is missing)."""
    lookup = TokenLookup(document.text, spans)
    found = {}

    def occurrences(leaf):
        if leaf not in found:
            found[leaf] = lookup.occurrences(leaf)
        return found[leaf]

    if not q.evaluate(tree, lambda leaf: bool(occurrences(leaf))):
        return None
    positions = set()
    for leaf in q.positive_leaves(tree):
        positions.update(occurrences(leaf))
    return sorted(positions)


def _hits_for_substring(document, needle):
    positions, text, at = [], document.text, document.text.find(needle)
    while at >= 0:
        positions.append((at, at + len(needle)))
        at = text.find(needle, at + len(needle))
    return positions


class CodedFilter:
    """Keep only hits that overlap (or do not overlap) a coding with the given code, by anyone."""

    def __init__(self, code_id, coded):
        self.code_id, self.coded = code_id, coded
        self.spans = {}

    def load(self, document_ids):
        for document_id, start, end in Coding.objects.filter(
            document_id__in=document_ids, code_id=self.code_id
        ).values_list("document_id", "start", "end"):
            self.spans.setdefault(document_id, []).append((start, end))

    def keep(self, document_id, start, end):
        overlaps = any(s < end and start < e for s, e in self.spans.get(document_id, ()))
        return overlaps == self.coded


def search(
    *,
    project,
    text,
    exact=False,
    case_id=None,
    attribute_id=None,
    attribute_value=None,
    coded_with=None,
    not_coded_with=None,
    page=1,
    page_size=50,
) -> SearchResult:
    """Documents matching a query and a page of their hits in context (`page_size` hits a page).

    Raises query.QuerySyntaxError for a malformed query.
    """
    documents = Document.objects.filter(project=project)
    if exact:
        needle = (text or "").strip()
        if not needle:
            raise q.QuerySyntaxError(q.errors.QUERY_EMPTY)
        condition = _substring_condition(needle)
        tree, exact_filter = None, True
        if connection.vendor == "postgresql":
            # The trigram index, asked alone, as for terms: the planner would rather read every text.
            ids = _ids_from_index(f'SELECT "id" FROM "coding_document" WHERE {condition[0]}', condition[1])
            documents = documents.filter(pk__in=ids)
            condition = None
    else:
        tree = parse_query(project=project, text=text)
        if connection.vendor == "postgresql":
            condition = q.prefilter(tree, _postgres_terms_condition, _postgres_not)
            exact_filter = condition is not None and condition[2]
            if condition is not None:
                documents = documents.filter(pk__in=_postgres_candidates(condition))
                condition = None
        else:
            condition = q.prefilter(tree, _term_condition)
            exact_filter = condition is not None and condition[2]
    if condition is not None:
        documents = documents.extra(where=[condition[0]], params=condition[1])
    if case_id is not None:
        documents = documents.filter(case_id=case_id)
    if attribute_id is not None:
        documents = documents.filter(
            case__attribute_values__attribute_id=attribute_id,
            case__attribute_values__text_value=attribute_value,
        )
    coded_filter = None
    if coded_with is not None:
        coded_filter = CodedFilter(coded_with, True)
        documents = documents.filter(codings__code_id=coded_with).distinct()
    elif not_coded_with is not None:
        coded_filter = CodedFilter(not_coded_with, False)
    documents = documents.order_by(F("case__name").asc(nulls_last=True), "title", "id")
    if exact:
        documents = documents.select_related("case")
    else:
        # The reverse one-to-one joins the stored spans in: one query per batch of documents.
        documents = documents.select_related("case", "search_index")

    def hits_of(document):
        if exact:
            positions = _hits_for_substring(document, needle)
        else:
            index = getattr(document, "search_index", None)
            positions = _hits_for_tree(document, index.spans if index else [], tree)
        if positions is None:
            return None
        if coded_filter is not None:
            positions = [p for p in positions if coded_filter.keep(document.pk, *p)]
            if not positions:
                return None
        return [_context(document.text, start, end) for start, end in positions]

    first, stop = (page - 1) * page_size, page * page_size
    # Count in SQL and read documents in small batches only until the page is full, so the first
    # page costs the same on a small study and a large one. Every document read is checked in
    # Python, so the page is right even where SQL only narrowed the candidates (phrases, filters on
    # coding); only the count is then an upper bound, and says so.
    total = documents.count()
    groups, seen, offset, complete = [], 0, 0, False
    matched = 0
    while seen <= stop and not complete:
        batch = list(documents[offset : offset + PAGE_BATCH])
        offset += len(batch)
        complete = offset >= total or not batch
        if coded_filter is not None:
            coded_filter.load([d.pk for d in batch])
        for position, document in enumerate(batch):
            hits = hits_of(document) or []
            matched += bool(hits)
            taken = hits[max(0, first - seen) : max(0, stop - seen)]
            if taken:
                groups.append(DocumentHits(document, taken))
            seen += len(hits)
            if seen > stop:
                complete = complete and position == len(batch) - 1
                break
    count_exact = (exact_filter and coded_filter is None) or complete
    return SearchResult(
        total if not complete else matched,
        groups,
        seen if complete else None,
        has_next=seen > stop,
        count_exact=count_exact,
    )


def all_hits(*, project, text, exact=False, **filters):
    """Every hit of a query, for auto-coding: (document, start, end) over all pages."""
    result = search(project=project, text=text, exact=exact, page=1, page_size=10**9, **filters)
    return [(group.document, hit.start, hit.end) for group in result.groups for hit in group.hits]


# Word frequencies --------------------------------------------------------------------------------


@dataclass
class WordCount:
    word: str
    count: int
    documents: int


def _spans_in(spans, start, end):
    """Index range of tokens lying inside [start, end)."""
    starts = spans[0::2]
    first = bisect.bisect_left(starts, start)
    last = first
    while last < len(starts) and spans[2 * last + 1] <= end:
        last += 1
    return first, last


def _speaker_labels(indexes):
    """Per document, the sorted (start, end) of each turn's label (timestamp, speaker and colon):
    问：, 访谈者：, [00:01:02] 刘科长： say who speaks, not what is said, so they are not words
    of the text. One query for all the documents counted."""
    labels = {}
    turns = SpeakerTurn.objects.filter(document_id__in=indexes.values("document_id")).order_by("document_id", "start")
    for document_id, start, speaker, text_start in turns.values_list(
        "document_id", "start", "speaker", Substr("document__text", F("start") + 1, LABEL_LOOKAHEAD)
    ):
        at = text_start.find(speaker)
        if at >= 0:
            labels.setdefault(document_id, []).append((start, start + at + len(speaker) + 1))
    return labels


def _in_label(labels, position):
    i = bisect.bisect_right(labels, (position, float("inf"))) - 1
    return i >= 0 and labels[i][0] <= position < labels[i][1]


def word_frequencies(*, project, document_id=None, case_id=None, code_id=None, limit=100, min_length=1):
    """The most frequent terms of a document, a case, the passages of a code, or the whole project.

    Counts come from the stored segmentation (no re-segmenting); stop words are left out.
    """
    stop_words_seed(project=project)
    stop = set(StopWord.objects.filter(project=project).values_list("word", flat=True))
    indexes = DocumentIndex.objects.filter(project=project).select_related("document")
    if document_id is not None:
        indexes = indexes.filter(document_id=document_id)
    if case_id is not None:
        indexes = indexes.filter(document__case_id=case_id)
    passages = None
    if code_id is not None:
        passages = {}
        for document_id_, start, end in Coding.objects.filter(
            code_id=code_id, document__project=project
        ).values_list("document_id", "start", "end"):
            passages.setdefault(document_id_, []).append((start, end))
        indexes = indexes.filter(document_id__in=list(passages))
    labels = _speaker_labels(indexes)
    counts, document_counts = Counter(), Counter()
    for index in indexes.iterator(chunk_size=50):
        spans, text = index.spans, index.document.text
        if passages is None:
            ranges = [(0, len(spans) // 2)]
        else:
            # Overlapping passages of one code count their shared words once.
            covered = set()
            for start, end in passages[index.document_id]:
                first, last = _spans_in(spans, start, end)
                covered.update(range(first, last))
            ranges = [(i, i + 1) for i in sorted(covered)]
        seen = set()
        skip = labels.get(index.document_id, ())
        for first, last in ranges:
            for i in range(first, last):
                if skip and _in_label(skip, spans[2 * i]):
                    continue
                word = text[spans[2 * i] : spans[2 * i + 1]].lower()
                if word in stop or len(word) < min_length or word.isdigit():
                    continue
                counts[word] += 1
                seen.add(word)
        document_counts.update(seen)
    return [WordCount(word, count, document_counts[word]) for word, count in counts.most_common(limit)]
