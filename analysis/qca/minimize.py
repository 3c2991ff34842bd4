"""Exact Boolean minimization of QCA truth tables, matching R's QCA package (Dusa, 3.23).

Contract used by the rest of ``analysis.qca`` (keep the names stable):

* ``Cube``: one entry per condition; ``-1`` means the condition is absent from the term,
  otherwise the level ``0..noflevels[i]-1``. A truth-table row is a cube with no ``-1``.
* ``minimize_cubes`` returns a ``Solution`` (prime implicants, their coverage, R's "essential",
  every minimal model, and the simplifying assumptions of each model).
* ``intermediate_cubes`` returns (conservative, parsimonious, intermediates), one intermediate
  per conservative x parsimonious model pair, in R's order C1P1, C1P2, ..., C2P1, ...
* ``row_id`` is R's 1-based truth-table row id, first condition varying slowest.

How R computes each part, and therefore how this module does:

* Conservative (``include = ""``, or only contradictions): R runs Quine-McCluskey over the
  configurations allowed to be covered (positives and don't cares), keeps the prime implicants
  covering at least one positive, and solves the chart.
* Parsimonious (``include = "?"``): R's CCubes searches terms by increasing number of literals
  that cover some positive and no negative. It stops two complexity levels after the last level
  that produced a new prime implicant, once the implicants found cover every positive; prime
  implicants with more literals than that are never seen by R, so they are dropped here too.
  The implicants of one positive are the minimal sets of conditions that separate it from every
  negative (minimal hitting sets), computed on the 2^k lattice of condition subsets as bitsets.
* Models: every cover with the minimum number of prime implicants (no tie-break on literals);
  with ``all_sol`` every irredundant cover. ``row_dom`` first drops prime implicants whose
  covered positives are a strict subset of another's, as R does.
* Simplifying assumptions: the configurations a model covers that are not positives. Like R
  (which only removes the explained rows), covered don't-care rows are listed too.
* Intermediate (R's ``C_getEC``): for each conservative term that is a subset of a parsimonious
  term, the literals that the parsimonious term dropped and that contradict the directional
  expectations are removed; the parsimonious model's simplifying assumptions covered by these
  relaxed terms are the easy counterfactuals, the rest are difficult. The intermediate solution
  is a conservative minimization of the positives with the easy counterfactuals as don't cares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, compress
from math import sqrt
from operator import itemgetter, ne

from analysis.qca._cubes import (
    ConfigSpace,
    TooComplex,
    bit_indices,
    irredundant_covers,
    minimal_transversals,
    minimum_covers,
    strictly_dominated,
)

Cube = tuple[int, ...]

__all__ = [
    "Constraints",
    "Cube",
    "IntermediateSolution",
    "Solution",
    "TooComplex",
    "intermediate_cubes",
    "minimize_cubes",
    "row_id",
]


@dataclass(frozen=True)
class Solution:
    prime_implicants: list[Cube]
    pi_covers: dict[Cube, frozenset[int]]
    essential: list[Cube]
    models: list[list[Cube]]
    simplifying_assumptions: list[list[Cube]]


@dataclass(frozen=True)
class IntermediateSolution:
    conservative_model: int
    parsimonious_model: int
    easy_counterfactuals: list[Cube]
    difficult_counterfactuals: list[Cube]
    solution: Solution


# R's tolerance for ">=" (admisc::agteb), the square root of the machine epsilon.
_TOLERANCE = sqrt(2.220446049250313e-16)
# find_consistent_models enumerates combinations of PIs; beyond this many the search is hopeless.
SOL_CONS_WORK_LIMIT = 5_000_000


class NoConsistentSolution(ValueError):
    """pi.cons or sol.cons leave no solution (R: "There are no solutions, given these constraints.")."""


@dataclass(frozen=True)
class Constraints:
    """R's ``pi.cons`` and ``sol.cons`` (with ``sol.cov``), and how to measure them on the data.

    ``term_incl(cube)`` is a term's sufficiency inclusion; ``solution_fit(cubes)`` the inclusion
    and coverage of their union.
    """

    pi_cons: float = 0
    sol_cons: float = 0
    sol_cov: float = 1
    term_incl: Callable[[Cube], float] | None = None
    solution_fit: Callable[[Sequence[Cube]], tuple[float, float]] | None = None


def _at_least(a: float, b: float) -> bool:
    return a > b or abs(a - b) <= _TOLERANCE


def row_id(noflevels: Sequence[int], config: Cube) -> int:
    index = 0
    for levels, value in zip(noflevels, config, strict=True):
        index = index * levels + value
    return index + 1


# ---------------------------------------------------------------------------------------------
# Prime implicants


def _qmc_primes(noflevels: Sequence[int], allowed: set[Cube]) -> list[Cube]:
    """All prime implicants of the set of allowed configurations (multi-value Quine-McCluskey).

    A condition can be eliminated only when the term appears with every one of its levels.
    """
    primes: list[Cube] = []
    current = set(allowed)
    while current:
        merged: set[Cube] = set()
        generalized: set[Cube] = set()
        for term in current:
            for i, value in enumerate(term):
                if value == -1:
                    continue
                head, tail = term[:i], term[i + 1:]
                general = (*head, -1, *tail)
                if general in generalized or all(
                    (*head, level, *tail) in current for level in range(noflevels[i]) if level != value
                ):
                    generalized.add(general)
                    merged.add(term)
        primes.extend(current - merged)
        current = generalized
    return primes


def _ccubes_primes(
    noflevels: Sequence[int], positives: Sequence[Cube], negatives: Sequence[Cube]
) -> list[Cube]:
    """Prime implicants covering at least one positive and no negative, remainders free."""
    k = len(noflevels)
    found: set[Cube] = set()
    negatives = list(dict.fromkeys(negatives))
    weights = [1 << i for i in range(k)]
    for p in positives:
        # Bit i of an edge: the negative differs from the positive on condition i.
        edges = [sum(compress(weights, map(ne, p, n))) for n in negatives]
        if 0 in edges:
            continue  # the positive is also a negative: nothing can cover it
        for kept in minimal_transversals(edges, k):
            found.add(tuple(p[i] if kept >> i & 1 else -1 for i in range(k)))
    return list(found)


def _pi_cons_primes(
    noflevels: Sequence[int],
    positives: Sequence[Cube],
    constraints: Constraints,
    masks: list[list[int]],
    everything: int,
) -> list[Cube]:
    """R's CCubes with pi.cons: by increasing number of literals, every projection of a positive
    whose inclusion on the data reaches pi.cons (negatives play no part) and that holds no PI
    found at a lower level; the same stopping rule as without pi.cons."""
    k = len(noflevels)
    found: list[Cube] = []
    covered = 0
    counter = 0
    for size in range(1, k + 1):
        earlier = list(found)
        new: list[Cube] = []
        for chosen in combinations(range(k), size):
            for term in dict.fromkeys(tuple(p[i] if i in chosen else -1 for i in range(k)) for p in positives):
                if any(all(v == -1 or v == term[i] for i, v in enumerate(f)) for f in earlier):
                    continue
                incl = constraints.term_incl(term)
                if incl == incl and not _at_least(incl, constraints.pi_cons):  # NaN passes, as in R
                    continue
                new.append(term)
        found.extend(new)
        for t in new:
            covered |= _term_positive_cover(t, masks, everything)
        if found and covered == everything:
            counter = 0 if new else counter + 1
        if counter > 1:
            break
    return found


def _consistent_models(
    chart: list[Cube], constraints: Constraints, max_size: int
) -> list[list[Cube]]:
    """R's find_consistent_models: every combination of PIs, smallest first, whose union reaches
    sol.cons and sol.cov on the data and that holds no smaller such combination."""
    models: list[tuple[int, ...]] = []
    work = 0
    for size in range(1, max_size + 1):
        earlier = [set(m) for m in models]
        for combo in combinations(range(len(chart)), size):
            work += 1
            if work > SOL_CONS_WORK_LIMIT:
                raise TooComplex("too many combinations of prime implicants to test for sol.cons")
            if any(m <= set(combo) for m in earlier):
                continue
            incl, cov = constraints.solution_fit([chart[j] for j in combo])
            if _at_least(incl, constraints.sol_cons) and _at_least(cov, constraints.sol_cov):
                models.append(combo)
    return [[chart[j] for j in m] for m in models]


def _positive_masks(noflevels: Sequence[int], positives: Sequence[Cube]) -> list[list[int]]:
    masks = [[0] * levels for levels in noflevels]
    for r, p in enumerate(positives):
        for i, v in enumerate(p):
            masks[i][v] |= 1 << r
    return masks


def _term_positive_cover(term: Cube, masks: list[list[int]], everything: int) -> int:
    cover = everything
    for i, v in enumerate(term):
        if v != -1:
            cover &= masks[i][v]
    return cover


def _literal_count(term: Cube) -> int:
    return len(term) - term.count(-1)


def _ccubes_truncate(terms: list[Cube], cover: dict[Cube, int], everything: int) -> list[Cube]:
    """Keep only the prime implicants R's CCubes reaches before its stopping rule fires."""
    by_level: dict[int, list[Cube]] = {}
    for t in terms:
        by_level.setdefault(_literal_count(t), []).append(t)
    if not by_level:
        return []
    kept: list[Cube] = []
    covered = 0
    counter = 0
    for level in range(0, max(by_level) + 1):
        new = by_level.get(level, [])
        kept.extend(new)
        for t in new:
            covered |= cover[t]
        if kept and covered == everything:
            counter = 0 if new else counter + 1
        if counter > 1:
            break
    return kept


def _r_order(terms: list[Cube]) -> list[Cube]:
    """R's sort_matrix/sort_cols order of prime implicants, including its quirk.

    Per condition, last to first: present literals before absent ones, ascending by level; but
    when every term has the condition, R's ascending pass leaves the last term out, so that term
    stays where the descending pass put it. Finally, stably, fewer literals first.
    """
    order = list(terms)
    if not order:
        return order
    k = len(order[0])
    for i in reversed(range(k)):
        level = itemgetter(i)
        order.sort(key=level, reverse=True)  # stable, as sorting on -(level + 1)
        nonzero = len(order) - list(map(level, order)).count(-1)
        span = nonzero - 1 if nonzero == len(order) else nonzero
        order[:span] = sorted(order[:span], key=level)
    order.sort(key=_literal_count)
    return order


def _discovery_key(term: Cube, cover: int) -> tuple:
    # CCubes finds implicants by number of literals, then condition combination, then first positive.
    present = tuple(compress(range(len(term)), map((-1).__ne__, term)))
    return (len(present), present, (cover & -cover).bit_length())


# ---------------------------------------------------------------------------------------------
# Public API


def _empty_solution() -> Solution:
    return Solution([], {}, [], [], [])


def _solve(
    space: ConfigSpace,
    positives: list[Cube],
    primes: list[Cube],
    cover: dict[Cube, int],
    *,
    row_dom: bool,
    all_sol: bool,
    constraints: Constraints | None = None,
    consistent_search: bool = False,
) -> Solution:
    chart = [t for t in primes if cover[t]]
    if row_dom and chart:
        dropped = strictly_dominated([cover[t] for t in chart])
        chart = [t for t, gone in zip(chart, dropped, strict=True) if not gone]
    cover_masks = [cover[t] for t in chart]
    # Thousands of PIs share a few hundred coverages: decode each distinct one once.
    rows_of: dict[int, list[int]] = {m: bit_indices(m) for m in set(cover_masks)}
    row_options = [0] * len(positives)
    for j, mask in enumerate(cover_masks):
        bit = 1 << j
        for r in rows_of[mask]:
            row_options[r] |= bit
    if consistent_search:
        # R's CCubes with sol.cons: models are judged on the data, not on covering the chart.
        depth = 7 if all_sol else min(len(positives), len(chart))
        models = _consistent_models(chart, constraints, depth)
    else:
        if all_sol:
            found = irredundant_covers(row_options, cover_masks)
        else:
            found = minimum_covers(row_options, cover_masks)
        models = [[chart[j] for j in c] for c in found]
    if constraints is not None and constraints.sol_cons > 0 and not consistent_search:
        # R's minimize() on a conservative solution: keep the models consistent enough.
        models = [m for m in models if constraints.solution_fit(m)[0] >= constraints.sol_cons]
    if constraints is not None and (constraints.sol_cons > 0 or constraints.pi_cons > 0) and not models:
        raise NoConsistentSolution()
    essential = [t for t in chart if models and all(t in m for m in models)]
    positive_mask = space.mask_of(positives)
    term_masks: dict[Cube, int] = {}
    assumptions = []
    for model in models:
        covered = 0
        for t in model:
            if t not in term_masks:
                term_masks[t] = space.cover_mask(t)
            covered |= term_masks[t]
        assumptions.append(space.configs_of_mask(covered & ~positive_mask))
    row_sets = {m: frozenset(rows) for m, rows in rows_of.items()}
    pi_covers = {t: row_sets[cover[t]] for t in chart}
    return Solution(chart, pi_covers, essential, models, assumptions)


def minimize_cubes(
    noflevels: Sequence[int],
    positives: Sequence[Cube],
    negatives: Sequence[Cube],
    *,
    use_remainders: bool,
    dont_cares: Sequence[Cube] = (),
    row_dom: bool = False,
    all_sol: bool = False,
    constraints: Constraints | None = None,
    apply_sol_cons: bool = True,
) -> Solution:
    """Minimize the positives; see the module docstring for R's conventions followed here.

    ``use_remainders=True`` (R ``include="?"``): every configuration that is not a negative may be
    covered. ``use_remainders=False``: only positives and ``dont_cares`` may be covered.
    Raises ``TooComplex`` when ``all_sol`` meets a chart with an astronomical number of
    irredundant covers (R would not finish either).
    """
    positives = list(dict.fromkeys(tuple(p) for p in positives))
    if not positives:
        return _empty_solution()
    space = ConfigSpace(noflevels)
    masks = _positive_masks(noflevels, positives)
    everything = (1 << len(positives)) - 1
    pi_cons = constraints is not None and constraints.pi_cons > 0
    if use_remainders and pi_cons:
        primes = _pi_cons_primes(noflevels, positives, constraints, masks, everything)
        cover = {t: _term_positive_cover(t, masks, everything) for t in primes}
    elif use_remainders:
        primes = _ccubes_primes(noflevels, positives, [tuple(n) for n in negatives])
        cover = {t: _term_positive_cover(t, masks, everything) for t in primes}
        primes = [t for t in primes if cover[t]]
        primes.sort(key=lambda t: _discovery_key(t, cover[t]))
        primes = _ccubes_truncate(primes, cover, everything)
    else:
        allowed = set(positives) | {tuple(d) for d in dont_cares}
        primes = _qmc_primes(noflevels, allowed)
        cover = {t: _term_positive_cover(t, masks, everything) for t in primes}
        primes.sort(key=lambda t: (_literal_count(t), t))
        if pi_cons:
            # R's getSolution: drop the PIs below pi.cons; every positive must stay covered.
            primes = [t for t in primes if _at_least(constraints.term_incl(t), constraints.pi_cons)]
            covered = 0
            for t in primes:
                covered |= cover[t]
            if covered != everything:
                raise NoConsistentSolution()
    primes = _r_order(primes)
    active = constraints if apply_sol_cons else (
        None if constraints is None else Constraints(pi_cons=constraints.pi_cons)
    )
    consistent_search = bool(use_remainders and active is not None and active.sol_cons > 0)
    return _solve(
        space,
        positives,
        primes,
        cover,
        row_dom=row_dom,
        all_sol=all_sol,
        constraints=active,
        consistent_search=consistent_search,
    )


def _relaxed_term(
    c_term: Cube,
    p_term: Cube,
    dir_exp: Sequence[frozenset[int] | None],
    conjunctions: Sequence[dict[int, frozenset[int]]] = (),
) -> Cube | None:
    """R's C_getEC for one conservative/parsimonious term pair.

    Returns None when the conservative term is not a subset of the parsimonious one. Simple
    expectations remove the dropped literals they contradict. Conjunctional ones follow R 3.23
    to the letter: each starts again from the conservative term, so only the last one counts,
    and it removes all its conditions among the dropped literals unless the term agrees with it
    on every one of them.
    """
    if any(pv != -1 and pv != cv for pv, cv in zip(p_term, c_term, strict=True)):
        return None
    dropped = [cv != -1 and pv == -1 for cv, pv in zip(c_term, p_term, strict=True)]
    relaxed = list(c_term)
    for i, cv in enumerate(c_term):
        if dropped[i]:
            expected = dir_exp[i]
            if expected and cv not in expected:
                relaxed[i] = -1
    for conjunction in conjunctions:
        relaxed = list(c_term)
        named = [i for i in conjunction if dropped[i]]
        if not all(c_term[i] in conjunction[i] for i in named):
            for i in named:
                relaxed[i] = -1
    return tuple(relaxed)


def intermediate_cubes(
    noflevels: Sequence[int],
    positives: Sequence[Cube],
    negatives: Sequence[Cube],
    *,
    dir_exp: Sequence[frozenset[int] | None],
    dir_conjunctions: Sequence[dict[int, frozenset[int]]] = (),
    dont_cares: Sequence[Cube] = (),
    row_dom: bool = False,
    all_sol: bool = False,
    constraints: Constraints | None = None,
) -> tuple[Solution, Solution, list[IntermediateSolution]]:
    """Conservative, parsimonious and intermediate solutions, as R's minimize() with dir.exp.

    ``dir_exp[i]`` is the set of levels of condition i expected to lead to the outcome, or None.
    """
    if len(dir_exp) != len(noflevels):
        raise ValueError("dir_exp needs one entry per condition")
    positives = list(dict.fromkeys(tuple(p) for p in positives))
    options = {"row_dom": row_dom, "all_sol": all_sol}
    # R filters the conservative and intermediate models by pi.cons only; sol.cons applies to
    # the parsimonious search (CCubes) in an intermediate run.
    conservative = minimize_cubes(
        noflevels, positives, negatives, use_remainders=False, dont_cares=dont_cares,
        constraints=constraints, apply_sol_cons=False, **options,
    )
    parsimonious = minimize_cubes(
        noflevels, positives, negatives, use_remainders=True, dont_cares=dont_cares,
        constraints=constraints, **options,
    )
    intermediates: list[IntermediateSolution] = []
    if not conservative.models:
        return conservative, parsimonious, intermediates
    space = ConfigSpace(noflevels)
    no_expectations = all(not e for e in dir_exp) and not dir_conjunctions
    for c_index, c_model in enumerate(conservative.models):
        for p_index, p_model in enumerate(parsimonious.models):
            if no_expectations:
                # R short-circuits to the conservative model, with no counterfactuals at all.
                solution = Solution(
                    conservative.prime_implicants,
                    conservative.pi_covers,
                    conservative.essential,
                    [c_model],
                    [conservative.simplifying_assumptions[c_index]],
                )
                intermediates.append(IntermediateSolution(c_index, p_index, [], [], solution))
                continue
            relaxed_mask = 0
            for c_term in c_model:
                for p_term in p_model:
                    relaxed = _relaxed_term(c_term, p_term, dir_exp, dir_conjunctions)
                    if relaxed is not None:
                        relaxed_mask |= space.cover_mask(relaxed)
            assumptions = parsimonious.simplifying_assumptions[p_index]
            easy, difficult = [], []
            for config in assumptions:
                (easy if relaxed_mask >> space.index(config) & 1 else difficult).append(config)
            solution = minimize_cubes(
                noflevels, positives, negatives, use_remainders=False, dont_cares=easy,
                constraints=constraints, apply_sol_cons=False, **options,
            )
            intermediates.append(IntermediateSolution(c_index, p_index, easy, difficult, solution))
    return conservative, parsimonious, intermediates
