"""Exact Boolean minimization of QCA truth tables, matching R's QCA package (Dusa).

Contract used by the rest of ``analysis.qca`` (keep the names stable):

* ``Cube``: one entry per condition; ``-1`` means the condition is absent from the term,
  otherwise the level ``0..noflevels[i]-1``. A truth-table row is a cube with no ``-1``.
* ``minimize_cubes`` returns a ``Solution`` (prime implicants, their coverage, R's "essential",
  every minimal model, and the simplifying assumptions of each model).
* ``intermediate_cubes`` returns (conservative, parsimonious, intermediates), one intermediate
  per conservative x parsimonious model pair, in R's order C1P1, C1P2, ..., C2P1, ...
* ``row_id`` is R's 1-based truth-table row id, first condition varying slowest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product

Cube = tuple[int, ...]


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


def row_id(noflevels: Sequence[int], config: Cube) -> int:
    index = 0
    for levels, value in zip(noflevels, config, strict=True):
        index = index * levels + value
    return index + 1


def _covers(term: Cube, config: Cube) -> bool:
    return all(t == -1 or t == c for t, c in zip(term, config, strict=True))


def minimize_cubes(
    noflevels: Sequence[int],
    positives: Sequence[Cube],
    negatives: Sequence[Cube],
    *,
    use_remainders: bool,
    dont_cares: Sequence[Cube] = (),
    row_dom: bool = False,
    all_sol: bool = False,
) -> Solution:
    # Provisional brute-force implementation so that callers can integrate against the contract.
    positives = [tuple(p) for p in positives]
    negative_set = {tuple(n) for n in negatives}
    positive_set = set(positives)
    dont_care_set = {tuple(d) for d in dont_cares}
    configs = list(product(*(range(n) for n in noflevels)))
    if use_remainders:
        allowed = {c for c in configs if c not in negative_set}
    else:
        allowed = positive_set | dont_care_set
    terms = list(product(*(range(-1, n) for n in noflevels)))
    implicants = [t for t in terms if all(c in allowed for c in configs if _covers(t, c))]
    implicant_set = set(implicants)

    def is_prime(t: Cube) -> bool:
        for i, v in enumerate(t):
            if v != -1 and t[:i] + (-1,) + t[i + 1:] in implicant_set:
                return False
        return True

    primes = [t for t in implicants if is_prime(t)]
    covers = {t: frozenset(i for i, p in enumerate(positives) if _covers(t, p)) for t in primes}
    primes = [t for t in primes if covers[t]]
    covers = {t: covers[t] for t in primes}
    everything = frozenset(range(len(positives)))
    models: list[list[Cube]] = []
    for size in range(1, len(primes) + 1):
        for combo in combinations(primes, size):
            if frozenset().union(*(covers[t] for t in combo)) == everything:
                models.append(list(combo))
        if models:
            break
    essential = [t for t in primes if all(t in m for m in models)]
    assumptions = []
    for model in models:
        covered = {c for c in configs if any(_covers(t, c) for t in model)}
        assumptions.append(sorted(covered - positive_set, key=lambda c: row_id(noflevels, c)))
    return Solution(primes, covers, essential, models, assumptions)


def intermediate_cubes(
    noflevels: Sequence[int],
    positives: Sequence[Cube],
    negatives: Sequence[Cube],
    *,
    dir_exp: Sequence[frozenset[int] | None],
    dont_cares: Sequence[Cube] = (),
    row_dom: bool = False,
    all_sol: bool = False,
) -> tuple[Solution, Solution, list[IntermediateSolution]]:
    raise NotImplementedError("intermediate solutions are being implemented")
