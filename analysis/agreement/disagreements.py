"""Where two coders disagree in one document, pure Python (no Django import).

Each coding of one coder is set against the other coder's codings in the same document:
- ``boundary``: the other coded the same code over an overlapping but different passage;
- ``code``: the other coded an overlapping passage, but only with other codes;
- ``missing``: the other coded nothing that overlaps it with this code or any other.
Identical codings (same code, same start and end) are agreements and are not listed. A pair of
codings is reported once, whichever side it was found from.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

BOUNDARY = "boundary"
DIFFERENT_CODE = "code"
MISSING = "missing"
KINDS = (MISSING, BOUNDARY, DIFFERENT_CODE)


@dataclass(frozen=True)
class Coded:
    id: Hashable
    code: Hashable
    start: int
    end: int


@dataclass(frozen=True)
class Disagreement:
    kind: str
    start: int  # the passage both codings span, to jump to
    end: int
    a: Coded | None  # coder A's coding (None: A has nothing here)
    b: Coded | None
    codes: tuple  # the codes involved, for filtering

    def to_json(self):
        def one(c):
            return None if c is None else {"id": c.id, "code": c.code, "start": c.start, "end": c.end}

        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "a": one(self.a),
            "b": one(self.b),
            "codes": list(self.codes),
        }


def _overlap(x: Coded, y: Coded) -> int:
    return min(x.end, y.end) - max(x.start, y.start)


def _best(x: Coded, candidates: Sequence[Coded]) -> Coded:
    # The largest overlap, then the nearest boundaries, then the id: a stable choice.
    return max(
        candidates, key=lambda y: (_overlap(x, y), -abs(x.start - y.start) - abs(x.end - y.end), str(y.id))
    )


def find_disagreements(a: Sequence[Coded], b: Sequence[Coded]) -> list[Disagreement]:
    """Every disagreement between coder A's codings ``a`` and coder B's ``b`` in one document."""
    out: dict[tuple, Disagreement] = {}

    def scan(mine: Sequence[Coded], theirs: Sequence[Coded], mine_is_a: bool):
        # Only the other's codings that start less than their longest span before this one ends
        # can overlap it: a binary search finds them, instead of setting every coding against
        # every other (2,000 codings per coder in one transcript took 1.1 s).
        theirs = sorted(theirs, key=lambda y: y.start)
        starts = [y.start for y in theirs]
        longest = max((y.end - y.start for y in theirs), default=0)
        for x in mine:
            near = theirs[bisect_right(starts, x.start - longest) : bisect_left(starts, x.end)]
            overlapping = [y for y in near if _overlap(x, y) > 0]
            same = [y for y in overlapping if y.code == x.code]
            if any(y.start == x.start and y.end == x.end for y in same):
                continue
            if same:
                kind, y = BOUNDARY, _best(x, same)
            elif overlapping:
                # Only when the other coder has no coding of this code nearby is it a different code.
                kind, y = DIFFERENT_CODE, _best(x, overlapping)
            else:
                kind, y = MISSING, None
            pa, pb = (x, y) if mine_is_a else (y, x)
            key = (kind, pa.id if pa else None, pb.id if pb else None)
            if key in out:
                continue
            start = min(x.start, y.start) if y else x.start
            end = max(x.end, y.end) if y else x.end
            codes = tuple(dict.fromkeys(c.code for c in (pa, pb) if c is not None))
            out[key] = Disagreement(kind, start, end, pa, pb, codes)

    scan(a, b, True)
    scan(b, a, False)
    return sorted(out.values(), key=lambda d: (d.start, d.end, d.kind, str(d.codes)))
