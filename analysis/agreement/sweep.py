"""The hot loops of the agreement table: one sort and two sweeps per document (pure Python).

Every coder's merged units of every category in a document become boundary events
``(x, category, coder)``, sorted once. Units of one coder and one category are disjoint and never
touch (they were merged), so each event toggles that coder in the category; the order of events at
one position does not matter. Coders are bits of an integer, so "who covers this stretch" is one
int, and a whole category's agreement over any number of coders and documents reduces to a small
histogram {who was present, who covered: length} from which every character measure follows
(`compute.py`). Nothing here visits characters one by one or compares coders pair by pair.
"""

from __future__ import annotations

from collections import defaultdict

from analysis.agreement.tallies import CodingUnitizedTally

END = (float("inf"), -1, -1)  # sentinel event: closes the last stretch, toggles nothing


def category_pass(events, base, masks, last_x, last_k, lengths, pieces, bits):
    """Per category, lazily: how long and over how many boundary pieces each set of coders covered.

    ``events`` is sorted and ends with END. ``masks[c]`` is the set of coders covering category c
    (as bits), ``last_x[c]`` / ``last_k[c]`` where (position, boundary index) it last changed.
    ``lengths[c]`` and ``pieces[c]`` map ``base | mask`` (base: the document's present coders,
    shifted above the coder bits) to code points and to nominal-α units (pieces between
    consecutive boundaries of anyone's units), so documents with other coders present stay apart.
    """
    k = -1
    previous = None
    for x, c, i in events:
        if x != previous:
            k += 1
            previous = x
        if c < 0:
            break
        mask = masks[c]
        if mask:
            d = x - last_x[c]
            if d:
                key = base | mask
                h = lengths[c]
                h[key] = h.get(key, 0) + d
                h = pieces[c]
                h[key] = h.get(key, 0) + k - last_k[c]
        masks[c] = mask ^ bits[i]
        last_x[c] = x
        last_k[c] = k


class Coverage:
    """What `valued_pass` learns besides cu-α: the union of each coder's units (any value)."""

    __slots__ = ("split", "pieces", "squares", "units", "length")

    def __init__(self):
        self.split = 0  # ∫ f (m - f), f = coders covering a point: ordered (covered, not) pairs
        self.pieces = 0  # boundary pieces someone covered (the nominal α's units)
        self.squares = 0  # Σ l² over each coder's maximal covered stretches
        self.units = 0  # how many such stretches
        self.length = 0  # Σ their lengths


def valued_pass(events, m, n, tally: CodingUnitizedTally) -> Coverage:
    """cu-α sums (eqs. 10, 11 of Krippendorff et al. 2016) over one document, into ``tally``.

    ``events`` (sorted, ending with END) toggle value ``b`` of coder ``i`` at ``x``; a coder's
    value at a point is the *set* of values they gave it (a bit mask), so overlapping codes are one
    nominal value. After all events at one position, each coder whose set changed closes its
    valued stretch g and opens the next; g's weight is w_g = ∫_g (F - 1) / (m - 1), F = how many
    coders have a value there, and pairs of coders add F(F - 1) coincidences per point, Σ_v f_v(f_v - 1)
    of them on the diagonal. Also returns each coder's coverage (any value), which gives |u|α over
    all categories and the nominal α's unit count.
    """
    inverse = 1.0 / (m - 1)
    margins = tally.margins
    self_pairs = tally.self_pairs
    held = [0] * n  # each coder's current set, as events arrive
    value = [0] * n  # each coder's set since `since` (settled)
    opened_at = [0.0] * n  # ∫F when the coder's current valued stretch began
    since = [0] * n
    covered_from = [0] * n
    f: dict[int, int] = defaultdict(int)  # how many coders hold each set
    big_f = same = 0  # F, and Σ_v f_v (f_v - 1)
    integral_f = total = diagonal = 0
    coverage = Coverage()
    units = 0
    touched: list[int] = []
    previous = None
    for x, b, i in events:
        if x != previous:
            if touched:
                for j in touched:
                    new, old = held[j], value[j]
                    if new == old:
                        continue
                    if old:
                        w = (integral_f - opened_at[j] - (previous - since[j])) * inverse
                        margins[old] += w
                        self_pairs[old] += w * w
                        if w > 0:
                            units += 1
                        count = f[old]
                        same -= 2 * (count - 1)
                        f[old] = count - 1
                        big_f -= 1
                    else:
                        covered_from[j] = previous
                    if new:
                        count = f[new]
                        same += 2 * count
                        f[new] = count + 1
                        big_f += 1
                        opened_at[j] = integral_f
                        since[j] = previous
                    else:
                        length = previous - covered_from[j]
                        coverage.squares += length * length
                        coverage.units += 1
                        coverage.length += length
                    value[j] = new
                touched.clear()
            if big_f:
                d = x - previous
                integral_f += d * big_f
                total += d * big_f * (big_f - 1)
                diagonal += d * same
                coverage.split += d * big_f * (m - big_f)
                coverage.pieces += 1
            previous = x
        if b >= 0:
            held[i] ^= 1 << b
            touched.append(i)
    tally.total += total * inverse
    tally.diagonal += diagonal * inverse
    tally.units += units
    return coverage


def matched_segments(segments, threshold: float) -> int:
    """Σ over segments of how many other coders have a segment overlapping it by ≥ threshold of the
    two segments' joint extent (MAXQDA's segment agreement, every ordered coder pair).

    ``segments`` are (start, end, coder) sorted by start; each coder's are disjoint.
    """
    found = [0] * len(segments)  # per segment: the other coders matching it, as bits
    # A later segment h (ts >= s) can match g only if ts - s <= (1 - t) / t · |g|: the offset
    # alone is part of |g ∪ h| - |g ∩ h|, which t · |g ∪ h| <= |g ∩ h| <= |g| bounds. So the scan
    # stops long before the end of g, and 10 coders marking one passage cost little.
    reach = (1 - threshold) / threshold if threshold > 0 else 1.0
    for a, (s, e, i) in enumerate(segments):
        last = s + (e - s) * reach if reach < 1 else e
        for b in range(a + 1, len(segments)):
            ts, te, j = segments[b]
            if ts >= e or ts > last + 1e-9:
                break
            if j == i:
                continue
            overlap = (te if te < e else e) - ts
            if overlap > 0 and overlap >= threshold * ((e if e > te else te) - s):
                found[a] |= 1 << j
                found[b] |= 1 << i
    return sum(bits.bit_count() for bits in found)
