"""Auto-coding: apply a code to search hits widened to their sentence, paragraph or speaker turn,
or to every turn of a speaker. A preview computes exactly what `autocoding_apply` writes; the
write is one AutoCodingRun holding its codings, so it can be traced to its query and undone whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coding.codings import revisions
from coding.models import Coding, Document, SpeakerTurn
from search import errors, selectors
from search.models import AutoCodingRun

EXTENTS = ("hit", "sentence", "paragraph", "turn")
# A sentence ends after 。！？ (and their run, with closing quotes), or after . ! ? followed by space.
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\.(?=\s|$)[”’」』）)]*|\n")


@dataclass(frozen=True)
class Passage:
    document: Document
    start: int
    end: int
    exists: bool = False

    @property
    def quote(self):
        return self.document.text[self.start : self.end]


def _strip(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence(text, start, end):
    # A line break ends a sentence, so the last end before the hit is looked for from the start of
    # its line: from the start of the text, every hit rescanned all the text before it (5,000 hits
    # in a 200,000-character transcript took 6.8 s).
    left = text.rfind("\n", 0, start) + 1
    for match in SENTENCE_END.finditer(text, left, start):
        left = match.end()
    found = SENTENCE_END.search(text, max(end - 1, start))
    right = found.end() if found else len(text)
    if found and found.group() == "\n":
        right = found.start()
    return max(left, 0), max(right, end)


def _paragraph(text, start, end):
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def _merge(spans):
    """Overlapping or touching spans of one document become one passage, coded once."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(span) for span in merged]


class _Turns:
    """A document's turns, (start, end) in order of start, and the first one holding a position.

    Turns that do not overlap (as the importer makes them) are found by a binary search: a scan
    per hit was hits x turns (5,000 hits among 3,000 turns of one transcript)."""

    def __init__(self, spans):
        self.spans = spans
        self.starts = [start for start, _end in spans]
        self.disjoint = all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))

    def at(self, position):
        if not self.disjoint:
            return next((t for t in self.spans if t[0] <= position < t[1]), None)
        i = bisect_right(self.starts, position) - 1
        return self.spans[i] if i >= 0 and position < self.spans[i][1] else None


def _holds_one(sorted_positions, start, end):
    """Whether any of the sorted positions lies in [start, end)."""
    i = bisect_left(sorted_positions, start)
    return i < len(sorted_positions) and sorted_positions[i] < end


def check_extent(extent):
    if extent not in EXTENTS:
        raise ValidationError({"extent": [errors.EXTENT_UNKNOWN.format(value=extent)]})


def passages_for_query(*, project, text, extent, exact=False, **filters):
    check_extent(extent)
    by_document = {}
    for document, start, end in selectors.all_hits(project=project, text=text, exact=exact, **filters):
        by_document.setdefault(document.pk, (document, []))[1].append((start, end))
    turns = {}
    if extent == "turn":
        for turn in SpeakerTurn.objects.filter(document_id__in=list(by_document)).order_by(
            "document_id", "start"
        ):
            turns.setdefault(turn.document_id, []).append((turn.start, turn.end))
    turns = {document_id: _Turns(spans) for document_id, spans in turns.items()}
    passages = []
    for document, hits in by_document.values():
        spans = []
        for start, end in hits:
            if extent == "sentence":
                start, end = _sentence(document.text, start, end)
            elif extent == "paragraph":
                start, end = _paragraph(document.text, start, end)
            elif extent == "turn":
                turn = turns[document.pk].at(start) if document.pk in turns else None
                if turn is None:
                    continue  # a hit outside any turn (a heading, say) is not coded by turn
                start, end = turn
            start, end = _strip(document.text, start, end)
            if end > start:
                spans.append((start, end))
        passages.extend(Passage(document, start, end) for start, end in _merge(spans))
    return passages


def passages_for_speaker(*, project, speaker, text="", exact=False, **filters):
    """Every turn of a speaker; with a query, only the speaker's turns that hold one of its hits.

    The query and the filters narrow the turns exactly as they narrow a search: a turn in a
    document without the query is never coded because the speaker happens to match.
    """
    turns = SpeakerTurn.objects.filter(document__project=project, speaker=speaker)
    hits = None
    if (text or "").strip():
        hits = {}
        for document, start, _end in selectors.all_hits(project=project, text=text, exact=exact, **filters):
            hits.setdefault(document.pk, []).append(start)
        turns = turns.filter(document_id__in=list(hits))
    elif filters.get("case_id") is not None:
        turns = turns.filter(document__case_id=filters["case_id"])
    if hits is not None:
        hits = {document_id: sorted(positions) for document_id, positions in hits.items()}
    turns = list(turns.order_by("document__title", "document_id", "start"))
    # Each document once: joined to every turn, a transcript was read (and held) once per turn.
    documents = Document.objects.in_bulk({turn.document_id for turn in turns})
    passages = []
    for turn in turns:
        if hits is not None and not _holds_one(hits[turn.document_id], turn.start, turn.end):
            continue
        document = documents[turn.document_id]
        start, end = _strip(document.text, turn.start, turn.end)
        if end > start:
            passages.append(Passage(document, start, end))
    return passages


def mark_existing(passages, *, code, coder):
    """Flag passages the coder has already coded with this code: applying skips them."""
    existing = set(
        Coding.objects.filter(
            code=code, coder=coder, document_id__in={p.document.pk for p in passages}
        ).values_list("document_id", "start", "end")
    )
    return [
        Passage(p.document, p.start, p.end, (p.document.pk, p.start, p.end) in existing) for p in passages
    ]


@transaction.atomic
def autocoding_apply(*, project, code, coder, passages, query, options) -> AutoCodingRun:
    new = [p for p in mark_existing(passages, code=code, coder=coder) if not p.exists]
    if not new:
        raise ValidationError({"non_field_errors": [errors.NOTHING_TO_CODE]})
    created = Coding.objects.bulk_create(
        [
            Coding(
                document=p.document, code=code, coder=coder, start=p.start, end=p.end, quote=p.quote, memo=""
            )
            for p in new
        ]
    )
    run = AutoCodingRun.objects.create(
        project=project,
        code=code,
        code_name=code.name,
        query=query,
        options=options,
        codings_count=len(created),
        created_by=coder,
    )
    run.codings.set(created)
    # Open coding pages take the new codings at their next poll, like codings applied by hand.
    revisions.record_codings(project_id=project.pk, codings=[(coding.document_id, coding.pk) for coding in created])
    return run


@transaction.atomic
def autocoding_undo(*, run, user) -> int:
    run = AutoCodingRun.objects.select_for_update().get(pk=run.pk)
    if run.undone_at is not None:
        raise ValidationError({"non_field_errors": [errors.RUN_ALREADY_UNDONE]})
    codings = Coding.objects.filter(pk__in=list(run.codings.values_list("pk", flat=True)))
    gone = list(codings.values_list("document_id", "pk"))  # those deleted by hand since are gone already
    # Logged first: the project's lock comes before the codings' rows, as in every other writer.
    revisions.record_codings(project_id=run.project_id, codings=gone, deleted=True)
    codings.delete()
    deleted = len(gone)
    run.undone_at = timezone.now()
    run.undone_by = user
    run.save(update_fields=["undone_at", "undone_by"])
    return deleted
