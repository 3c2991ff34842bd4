"""Bit-parallel primitives for the minimizer: configuration bitsets, transversals, set cover.

Python ints serve as bitsets everywhere: over configurations (bit ``row_id - 1``), over
conditions, over positive rows of a prime-implicant chart, or over prime implicants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, product

Cube = tuple[int, ...]

# Above this many conditions the 2^k-bit lattice bitsets get too large; a Berge-style
# incremental transversal algorithm takes over.
LATTICE_MAX_CONDITIONS = 20
# Largest configuration space decoded through a prebuilt table (2^17 tuples, about 20 MB).
CONFIG_TABLE_MAX = 1 << 17
# bin() digits to 0/1 bytes: itertools.compress then picks the configurations in one C loop.
_DIGITS_TO_BITS = bytes.maketrans(b"01", b"\x00\x01")


def popcount(x: int) -> int:
    return x.bit_count()


def bit_indices(x: int) -> list[int]:
    """Positions of the set bits of ``x``, ascending."""
    if not x:
        return []
    if x.bit_count() < 64:
        out = []
        while x:
            low = x & -x
            out.append(low.bit_length() - 1)
            x ^= low
        return out
    text = bin(x)[:1:-1]
    out = []
    find = text.find
    i = find("1")
    while i >= 0:
        out.append(i)
        i = find("1", i + 1)
    return out


def _repeat(unit: int, chunk: int, count: int) -> int:
    """``unit`` (fitting in ``chunk`` bits) repeated ``count`` times, chunk after chunk."""
    if count == 1:
        return unit
    spread = ((1 << (chunk * count)) - 1) // ((1 << chunk) - 1)
    return unit * spread


class ConfigSpace:
    """All configurations of the conditions, indexed like R's row ids minus one."""

    def __init__(self, noflevels: Sequence[int]):
        self.noflevels = tuple(noflevels)
        self.k = len(self.noflevels)
        size = 1
        strides = []
        for levels in reversed(self.noflevels):
            strides.append(size)
            size *= levels
        self.strides = tuple(reversed(strides))
        self.size = size
        self.full = (1 << size) - 1
        self._literal_masks: list[list[int]] | None = None
        self._configs: list[Cube] | None = None

    def index(self, config: Cube) -> int:
        return sum(v * s for v, s in zip(config, self.strides, strict=True))

    def config(self, index: int) -> Cube:
        if self._configs is not None:
            return self._configs[index]
        return tuple((index // s) % n for s, n in zip(self.strides, self.noflevels, strict=True))

    def configs(self, indices: Iterable[int]) -> list[Cube]:
        if self._configs is None and self.size <= CONFIG_TABLE_MAX:
            # One table of all configurations (row order = product order) turns every later decoding
            # into a list lookup; models with many simplifying assumptions need exactly that.
            self._configs = list(product(*(range(n) for n in self.noflevels)))
        if self._configs is not None:
            table = self._configs
            return [table[i] for i in indices]
        return [self.config(i) for i in indices]

    def configs_of_mask(self, mask: int) -> list[Cube]:
        """The configurations whose bits are set in ``mask``, ascending (``configs(bit_indices(mask))``)."""
        if self.size > CONFIG_TABLE_MAX:
            return self.configs(bit_indices(mask))
        if self._configs is None:
            self._configs = list(product(*(range(n) for n in self.noflevels)))
        # Least significant bit first; models with tens of thousands of assumptions need this speed.
        selectors = bin(mask)[:1:-1].encode().translate(_DIGITS_TO_BITS)
        return list(compress(self._configs, selectors))

    def literal_masks(self) -> list[list[int]]:
        if self._literal_masks is None:
            masks = []
            for levels, stride in zip(self.noflevels, self.strides, strict=True):
                chunk = stride * levels
                block = (1 << stride) - 1
                masks.append([
                    _repeat(block << (v * stride), chunk, self.size // chunk) for v in range(levels)
                ])
            self._literal_masks = masks
        return self._literal_masks

    def cover_mask(self, term: Cube) -> int:
        mask = self.full
        masks = self.literal_masks()
        for i, v in enumerate(term):
            if v != -1:
                mask &= masks[i][v]
        return mask

    def mask_of(self, configs: Iterable[Cube]) -> int:
        mask = 0
        for c in configs:
            mask |= 1 << self.index(c)
        return mask


def minimal_edges(edges: Iterable[int]) -> list[int]:
    """Drop duplicate edges and edges that contain another edge: hitting the smaller one suffices."""
    unique = sorted(set(edges), key=popcount)
    kept: list[int] = []
    for e in unique:
        if not any(f & e == f for f in kept):
            kept.append(e)
    return kept


def _subsets_bitset(mask: int, k: int) -> int:
    """Bitset over the 2^k subsets of k elements, marking every subset of ``mask``."""
    z = 1
    for b in range(k):
        if mask >> b & 1:
            z |= z << (1 << b)
    return z


_WITHOUT_BIT_CACHE: dict[int, list[int]] = {}


def _without_bit_masks(k: int) -> list[int]:
    """For each element b, the bitset of subsets (of k elements) that do not contain b."""
    cached = _WITHOUT_BIT_CACHE.get(k)
    if cached is None:
        size = 1 << k
        cached = []
        for b in range(k):
            half = 1 << b
            cached.append(_repeat((1 << half) - 1, 2 * half, size // (2 * half)))
        _WITHOUT_BIT_CACHE[k] = cached
    return cached


def minimal_transversals_lattice(edges: Sequence[int], k: int) -> list[int]:
    """All minimal hitting sets of ``edges`` (bitmasks over k elements), via the subset lattice.

    Every subset of the k elements is one bit of a 2^k-bit integer, so "hits every edge" and
    "no element can be dropped" become a few dozen big-int operations instead of a search.
    """
    size = 1 << k
    all_sets = (1 << size) - 1
    missing = 0
    for e in edges:
        missing |= _subsets_bitset(all_sets_mask(k) & ~e, k)
    hitting = all_sets & ~missing
    redundant = 0
    for b, without in enumerate(_without_bit_masks(k)):
        redundant |= (hitting & without) << (1 << b)
    return bit_indices(hitting & ~redundant)


def all_sets_mask(k: int) -> int:
    return (1 << k) - 1


class TooComplex(ValueError):
    """The exact answer is too large to enumerate (e.g. millions of irredundant covers)."""


# Beyond this many partial covers, or this many subset checks, Berge's multiplication would run
# for hours or exhaust memory: the answer is too large to be of use anyway.
BERGE_FAMILY_LIMIT = 300_000
BERGE_WORK_LIMIT = 30_000_000


def minimal_transversals_berge(edges: Sequence[int]) -> list[int]:
    """All minimal hitting sets of ``edges`` (arbitrary-width bitmasks), Berge's multiplication."""
    family = [0]
    work = 0
    for e in minimal_edges(edges):
        hit = [t for t in family if t & e]
        miss = [t for t in family if not t & e]
        if not miss:
            continue
        work += len(miss) * popcount(e) * len(hit)
        if work > BERGE_WORK_LIMIT:
            raise TooComplex("too many irredundant combinations to enumerate")
        fresh: set[int] = set()
        for t in miss:
            rest = e
            while rest:
                low = rest & -rest
                rest ^= low
                candidate = t | low
                # A candidate is redundant only if an already-hitting set lies inside it; such a set
                # must contain `low`, because the family is an antichain.
                if not any(h & low and h & candidate == h for h in hit):
                    fresh.add(candidate)
        family = hit + sorted(fresh)
        if len(family) > BERGE_FAMILY_LIMIT:
            raise TooComplex("too many irredundant combinations to enumerate")
    return family


def minimal_transversals(edges: Sequence[int], k: int) -> list[int]:
    edges = minimal_edges(edges)
    if k <= LATTICE_MAX_CONDITIONS and len(edges) > 2:
        return minimal_transversals_lattice(edges, k)
    return minimal_transversals_berge(edges)


# ---------------------------------------------------------------------------------------------
# Prime implicant chart: exact set cover


def strictly_dominated(cover_masks: Sequence[int]) -> list[bool]:
    """R's row.dom: a PI whose covered positives are a strict subset of another PI's is dropped."""
    # Thousands of PIs share a few hundred distinct coverages; compare those only.
    distinct = sorted(set(cover_masks), key=popcount, reverse=True)
    dominated: set[int] = set()
    for pos, mask in enumerate(distinct):
        size = popcount(mask)
        for other in distinct[:pos]:
            if popcount(other) > size and other & mask == mask:
                dominated.add(mask)
                break
    return [mask in dominated for mask in cover_masks]


def _reduce_chart(row_options: list[int], cover_masks: Sequence[int]) -> tuple[int, int]:
    """Essential PIs and dominated rows, applied until nothing changes.

    Both preserve the full set of minimal (and of irredundant) covers: a row covered by a single
    PI forces it into every cover, and a row whose PIs include all PIs of another row is covered
    whenever that other row is. Returns (forced PIs mask, remaining rows mask).
    """
    remaining = 0
    for r in range(len(row_options)):
        remaining |= 1 << r
    forced = 0
    changed = True
    while changed and remaining:
        changed = False
        for r in bit_indices(remaining):
            opts = row_options[r]
            if popcount(opts) == 1 and not forced & opts:
                forced |= opts
                changed = True
        if forced:
            covered = 0
            for j in bit_indices(forced):
                covered |= cover_masks[j]
            if remaining & covered:
                remaining &= ~covered
                changed = True
        rows = sorted(bit_indices(remaining), key=lambda r: popcount(row_options[r]))
        survivors: list[int] = []
        for r in rows:
            opts = row_options[r]
            if any(row_options[s] & opts == row_options[s] for s in survivors):
                remaining &= ~(1 << r)
                changed = True
            else:
                survivors.append(r)
    return forced, remaining


def _coverage_classes(
    row_options: list[int], cover_masks: Sequence[int], forced: int, remaining: int
) -> tuple[list[int], list[list[int]]]:
    """Group the non-forced PIs by the remaining rows they cover, rows renumbered 0..R-1.

    Feasibility depends on the remaining rows only, and two PIs covering the same remaining rows
    are interchangeable in any cover (a minimal or irredundant cover never holds both), so the
    chart can be solved on one representative per group and the covers multiplied out afterwards.
    """
    rows = bit_indices(remaining)
    position = {r: i for i, r in enumerate(rows)}
    groups: dict[int, list[int]] = {}
    for j, mask in enumerate(cover_masks):
        if forced >> j & 1:
            continue
        key = 0
        for r in bit_indices(mask & remaining):
            key |= 1 << position[r]
        if key:
            groups.setdefault(key, []).append(j)
    keys = sorted(groups, key=lambda m: (-popcount(m), m))
    return keys, [groups[m] for m in keys]


def _expand(class_covers: list[tuple[int, ...]], members: list[list[int]], forced: list[int]):
    expanded = set()
    for cover in class_covers:
        for choice in product(*(members[c] for c in cover)):
            expanded.add(tuple(sorted((*forced, *choice))))
    return sorted(expanded, key=lambda c: (len(c), c))


def _maximal_classes(masks: list[int], nrows: int) -> tuple[list[int], list[list[int]]]:
    """The classes no other class strictly contains, each with the classes it contains (itself first).

    Masks are distinct and sorted by decreasing size. The classes containing a class are the
    intersection, over its rows, of the classes covering each row: bit operations, not pairs.
    """
    covering = [0] * nrows
    for c, mask in enumerate(masks):
        for r in bit_indices(mask):
            covering[r] |= 1 << c
    containers = []
    for mask in masks:
        found = -1
        for r in bit_indices(mask):
            found &= covering[r]
        containers.append(found)
    maximal = [c for c, found in enumerate(containers) if found == 1 << c]
    position = {m: i for i, m in enumerate(maximal)}
    maximal_bits = sum(1 << m for m in maximal)
    inside = [[m] for m in maximal]
    for c, found in enumerate(containers):
        for m in bit_indices(found & maximal_bits & ~(1 << c)):
            inside[position[m]].append(c)
    return maximal, inside


def _substitutions(
    cover: tuple[int, ...], inside: list[list[int]], masks: list[int], everything: int
) -> list[tuple[int, ...]]:
    """Every cover obtained by replacing members of a minimum cover of maximal classes by classes
    they contain; a minimum cover of the full chart is always one of these (replacing each of its
    classes by a maximal class containing it gives a cover that is no larger)."""
    out: list[tuple[int, ...]] = []
    size = len(cover)
    rest_union = [0] * (size + 1)
    for i in reversed(range(size)):
        rest_union[i] = rest_union[i + 1] | masks[inside[cover[i]][0]]

    def walk(i: int, union: int, chosen: list[int]) -> None:
        if i == size:
            out.append(tuple(sorted(chosen)))
            return
        for c in inside[cover[i]]:
            # The classes still to be replaced can only shrink: without them at full size, no cover.
            if (union | masks[c] | rest_union[i + 1]) == everything:
                chosen.append(c)
                walk(i + 1, union | masks[c], chosen)
                chosen.pop()

    walk(0, 0, [])
    return out


def minimum_covers(row_options: list[int], cover_masks: Sequence[int]) -> list[tuple[int, ...]]:
    """Every cover of the rows with the minimum number of PIs (R's models without all.sol).

    ``row_options[r]`` is the bitmask of PIs covering row r; ``cover_masks[j]`` the rows PI j covers.
    After essential PIs, dominated rows and interchangeable PIs are factored out, the minimum
    covers are searched among the maximal coverage classes only (column dominance: a few hundred
    instead of thousands), then the contained classes are substituted back. The search is a
    branch and bound with iterative deepening on the number of classes: the row with the fewest
    options branches first, classes tried at a node are banned in later siblings (each cover is
    found once), and two lower bounds prune: rows sharing no class each need their own, and the
    largest ``budget`` classes must reach the number of uncovered rows.
    """
    if any(opts == 0 for opts in row_options):
        return []
    forced, remaining = _reduce_chart(row_options, cover_masks)
    forced_list = bit_indices(forced)
    if not remaining:
        return [tuple(forced_list)]
    all_masks, members = _coverage_classes(row_options, cover_masks, forced, remaining)
    nrows = remaining.bit_count()
    maximal, inside = _maximal_classes(all_masks, nrows)
    # The search runs on maximal classes renumbered 0..M-1 (index i stands for maximal[i]).
    full_options = [0] * nrows
    for c, m in enumerate(maximal):
        for r in bit_indices(all_masks[m]):
            full_options[r] |= 1 << c
    # Rows renumbered by their number of classes, fewest first: scanning the set bits of a row
    # set from the lowest then meets the most selective rows first.
    row_order = sorted(range(nrows), key=lambda r: full_options[r].bit_count())
    options = [full_options[r] for r in row_order]
    masks = [0] * len(maximal)
    for new_r, opts in enumerate(options):
        for c in bit_indices(opts):
            masks[c] |= 1 << new_r
    results: list[tuple[int, ...]] = []
    sizes = [m.bit_count() for m in masks]

    def packing_exceeds(uncovered: int, banned: int, budget: int) -> bool:
        # Rows that share no class each need their own class (greedy, most selective rows first).
        used = banned
        bound = 0
        rows = uncovered
        while rows:
            low = rows & -rows
            opts = options[low.bit_length() - 1]
            if not opts & ~banned & used:
                bound += 1
                if bound > budget:
                    return True
                used |= opts
            rows ^= low
        return False

    def bound_exceeds(uncovered: int, banned: int, budget: int) -> bool:
        if packing_exceeds(uncovered, banned, budget):
            return True
        candidates = 0
        for r in bit_indices(uncovered):
            candidates |= options[r]
        candidates &= ~banned
        # Classes are sorted by decreasing full size, an upper bound of what they cover now.
        needed = uncovered.bit_count()
        reach = 0
        for c in bit_indices(candidates)[:budget]:
            reach += sizes[c]
        if reach < needed:
            return True
        best = sorted(((masks[c] & uncovered).bit_count() for c in bit_indices(candidates)), reverse=True)
        return sum(best[:budget]) < needed

    def containing(rows: int, allowed: int) -> int:
        """The allowed classes that cover every row of ``rows`` (most selective rows first)."""
        while rows:
            low = rows & -rows
            allowed &= options[low.bit_length() - 1]
            if not allowed:
                return 0
            rows ^= low
        return allowed

    def search(uncovered: int, banned: int, budget: int, chosen: list[int]) -> None:
        if not uncovered:
            results.append(tuple(chosen))
            return
        if budget == 1:
            for c in bit_indices(containing(uncovered, ~banned)):
                results.append((*chosen, c))
            return
        best_opts = 0
        best_count = 1 << 30
        for r in bit_indices(uncovered):
            opts = options[r] & ~banned
            count = opts.bit_count()
            if count < best_count:
                best_count = count
                best_opts = opts
                if count <= 1:
                    break
        if best_count == 0:
            return
        if budget == 2:
            if packing_exceeds(uncovered, banned, 2):
                return
            # The last two classes: the second must contain what the first leaves.
            local_banned = banned
            for c in bit_indices(best_opts):
                rest = uncovered & ~masks[c]
                local_banned |= 1 << c
                if not rest:
                    results.append((*chosen, c))
                    continue
                allowed = ~local_banned
                while rest:  # containing(), inlined: this loop is the hot spot
                    low = rest & -rest
                    allowed &= options[low.bit_length() - 1]
                    if not allowed:
                        break
                    rest ^= low
                if allowed:
                    for d in bit_indices(allowed):
                        results.append((*chosen, c, d))
            return
        if bound_exceeds(uncovered, banned, budget):
            return
        order = sorted(bit_indices(best_opts), key=lambda c: -(masks[c] & uncovered).bit_count())
        local_banned = banned
        for c in order:
            chosen.append(c)
            search(uncovered & ~masks[c], local_banned, budget - 1, chosen)
            chosen.pop()
            local_banned |= 1 << c

    everything = (1 << nrows) - 1
    budget = 1
    while bound_exceeds(everything, 0, budget):
        budget += 1
    while not results:
        search(everything, 0, budget, [])
        budget += 1
    class_covers: set[tuple[int, ...]] = set()
    for cover in results:
        class_covers.update(_substitutions(cover, inside, all_masks, everything))
    return _expand(sorted(class_covers), members, forced_list)


def irredundant_covers(row_options: list[int], cover_masks: Sequence[int]) -> list[tuple[int, ...]]:
    """Every cover from which no PI can be dropped (R's all.sol=TRUE), smallest first."""
    if any(opts == 0 for opts in row_options):
        return []
    forced, remaining = _reduce_chart(row_options, cover_masks)
    forced_list = bit_indices(forced)
    if not remaining:
        return [tuple(forced_list)]
    masks, members = _coverage_classes(row_options, cover_masks, forced, remaining)
    edges = [0] * remaining.bit_count()
    for c, mask in enumerate(masks):
        for r in bit_indices(mask):
            edges[r] |= 1 << c
    transversals = minimal_transversals_berge(edges)
    return _expand([tuple(bit_indices(t)) for t in transversals], members, forced_list)
