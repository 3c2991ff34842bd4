"""Property tests: the minimizer against brute force on random small truth tables."""

from __future__ import annotations

from itertools import combinations, product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.qca.minimize import intermediate_cubes, minimize_cubes

POSITIVE, NEGATIVE, REMAINDER, DONT_CARE = range(4)


@st.composite
def truth_tables(draw, max_conditions: int = 6, multivalue: bool = False):
    k = draw(st.integers(min_value=1, max_value=max_conditions))
    if multivalue:
        noflevels = draw(st.lists(st.integers(2, 3), min_size=k, max_size=k))
    else:
        noflevels = [2] * k
    configs = list(product(*(range(n) for n in noflevels)))
    weights = draw(st.sampled_from([(3, 3, 4, 0), (2, 2, 6, 0), (3, 3, 3, 1), (1, 4, 5, 0)]))
    kinds = draw(
        st.lists(
            st.sampled_from([kind for kind, w in enumerate(weights) for _ in range(w)]),
            min_size=len(configs),
            max_size=len(configs),
        )
    )
    if POSITIVE not in kinds:
        kinds[draw(st.integers(0, len(configs) - 1))] = POSITIVE
    if NEGATIVE not in kinds and len(configs) > 1:
        spots = [i for i, kind in enumerate(kinds) if kind != POSITIVE]
        if spots:
            kinds[draw(st.sampled_from(spots))] = NEGATIVE

    def pick(kind):
        return [c for c, kd in zip(configs, kinds, strict=True) if kd == kind]

    return noflevels, configs, pick(POSITIVE), pick(NEGATIVE), pick(DONT_CARE)


def _covers(term, config) -> bool:
    return all(t == -1 or t == c for t, c in zip(term, config, strict=True))


def _literals(term) -> int:
    return sum(v != -1 for v in term)


def brute_prime_implicants(noflevels, configs, allowed):
    terms = list(product(*(range(-1, n) for n in noflevels)))
    implicants = {t for t in terms if all(c in allowed for c in configs if _covers(t, c))}

    def prime(t):
        return all(t[:i] + (-1,) + t[i + 1:] not in implicants for i, v in enumerate(t) if v != -1)

    return {t for t in implicants if prime(t)}


def r_ccubes_reach(primes, positives):
    """The PIs R's CCubes search reaches: it stops after two levels without new PIs, once covered."""
    kept, covered, counter = set(), set(), 0
    for level in range(0, max((_literals(t) for t in primes), default=0) + 1):
        new = {t for t in primes if _literals(t) == level}
        kept |= new
        covered |= {p for p in positives for t in new if _covers(t, p)}
        if kept and covered == set(positives):
            counter = 0 if new else counter + 1
        if counter > 1:
            break
    return kept


class ReferenceTooExpensive(Exception):
    pass


def petrick_irredundant_covers(chart, positives, limit=4000):
    """Petrick's method on plain sets: multiply out one (sum of PIs) factor per positive, absorbing
    every product that contains another. An independent reference for the chart solver."""
    factors = {frozenset(t for t in chart if _covers(t, p)) for p in positives}
    if not chart or frozenset() in factors:
        return set()
    products = {frozenset()}
    for factor in sorted(factors, key=len):
        expanded = sorted({prod | {t} for prod in products for t in factor}, key=len)
        if len(expanded) > limit:
            raise ReferenceTooExpensive
        products = set()
        kept = []
        for x in expanded:
            if not any(y <= x for y in kept):
                kept.append(x)
        products = set(kept)
    return products


def brute_minimal_covers(chart, positives):
    covers = petrick_irredundant_covers(chart, positives)
    smallest = min((len(c) for c in covers), default=0)
    return {c for c in covers if len(c) == smallest}


def brute_irredundant_covers(chart, positives):
    def is_cover(terms):
        return all(any(_covers(t, p) for t in terms) for p in positives)

    found = set()
    for size in range(1, len(chart) + 1):
        for combo in combinations(chart, size):
            if is_cover(combo) and all(not is_cover(combo[:i] + combo[i + 1:]) for i in range(size)):
                found.add(frozenset(combo))
    return found


def _expected(noflevels, configs, positives, negatives, dont_cares, use_remainders):
    if use_remainders:
        allowed = set(configs) - set(negatives)
    else:
        allowed = set(positives) | set(dont_cares)
    primes = brute_prime_implicants(noflevels, configs, allowed)
    if use_remainders:
        primes = r_ccubes_reach({t for t in primes if any(_covers(t, p) for p in positives)}, positives)
    chart = sorted(t for t in primes if any(_covers(t, p) for p in positives))
    return allowed, chart


def _check_model_is_cover(model, positives, allowed, configs):
    assert all(any(_covers(t, p) for t in model) for p in positives)
    for t in model:
        assert all(c in allowed for c in configs if _covers(t, c))


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@PROPERTY_SETTINGS
@given(truth_tables(), st.booleans())
def test_models_are_all_minimal_covers(table, use_remainders):
    noflevels, configs, positives, negatives, dont_cares = table
    solution = minimize_cubes(
        noflevels, positives, negatives, use_remainders=use_remainders, dont_cares=dont_cares
    )
    allowed, chart = _expected(noflevels, configs, positives, negatives, dont_cares, use_remainders)
    assert sorted(solution.prime_implicants) == chart
    for term in chart:
        assert solution.pi_covers[term] == frozenset(
            i for i, p in enumerate(positives) if _covers(term, p)
        )
    try:
        expected_models = brute_minimal_covers(chart, positives)
    except ReferenceTooExpensive:
        # Too many irredundant covers to multiply out; the models are still checked to be
        # covers of one common size below.
        expected_models = {frozenset(m) for m in solution.models}
        assert len({len(m) for m in solution.models}) == 1
    assert {frozenset(m) for m in solution.models} == expected_models
    assert len(solution.models) == len(expected_models)
    for model, assumptions in zip(solution.models, solution.simplifying_assumptions, strict=True):
        _check_model_is_cover(model, positives, allowed, configs)
        covered = [c for c in configs if any(_covers(t, c) for t in model) and c not in positives]
        assert assumptions == covered
    essential = set.intersection(*(set(m) for m in solution.models)) if solution.models else set()
    assert set(solution.essential) == essential


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(truth_tables(max_conditions=4, multivalue=True), st.booleans())
def test_multivalue_models_are_all_minimal_covers(table, use_remainders):
    noflevels, configs, positives, negatives, dont_cares = table
    solution = minimize_cubes(
        noflevels, positives, negatives, use_remainders=use_remainders, dont_cares=dont_cares
    )
    _, chart = _expected(noflevels, configs, positives, negatives, dont_cares, use_remainders)
    assert sorted(solution.prime_implicants) == chart
    try:
        assert {frozenset(m) for m in solution.models} == brute_minimal_covers(chart, positives)
    except ReferenceTooExpensive:
        pass


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(truth_tables(max_conditions=4), st.booleans())
def test_all_sol_returns_every_irredundant_cover(table, use_remainders):
    noflevels, configs, positives, negatives, dont_cares = table
    _, chart = _expected(noflevels, configs, positives, negatives, dont_cares, use_remainders)
    if len(chart) > 14:
        return  # the brute force over all subsets would dominate the run time
    solution = minimize_cubes(
        noflevels, positives, negatives, use_remainders=use_remainders, dont_cares=dont_cares, all_sol=True
    )
    assert {frozenset(m) for m in solution.models} == brute_irredundant_covers(chart, positives)
    sizes = [len(m) for m in solution.models]
    assert sizes == sorted(sizes)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(truth_tables(max_conditions=5), st.booleans())
def test_row_dominance_drops_strictly_dominated_implicants(table, use_remainders):
    noflevels, configs, positives, negatives, dont_cares = table
    _, chart = _expected(noflevels, configs, positives, negatives, dont_cares, use_remainders)

    def covered(t):
        return {p for p in positives if _covers(t, p)}

    undominated = [t for t in chart if not any(covered(t) < covered(u) for u in chart)]
    solution = minimize_cubes(
        noflevels, positives, negatives, use_remainders=use_remainders, dont_cares=dont_cares, row_dom=True
    )
    assert sorted(solution.prime_implicants) == sorted(undominated)
    try:
        assert {frozenset(m) for m in solution.models} == brute_minimal_covers(undominated, positives)
    except ReferenceTooExpensive:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(truth_tables(max_conditions=5), st.data())
def test_intermediate_solutions_stay_within_easy_counterfactuals(table, data):
    noflevels, configs, positives, negatives, dont_cares = table
    dir_exp = [data.draw(st.sampled_from([None, frozenset({0}), frozenset({1})])) for _ in noflevels]
    conservative, parsimonious, intermediates = intermediate_cubes(
        noflevels, positives, negatives, dir_exp=dir_exp, dont_cares=dont_cares
    )
    assert len(intermediates) == len(conservative.models) * len(parsimonious.models)
    pairs = [(i.conservative_model, i.parsimonious_model) for i in intermediates]
    assert pairs == sorted(pairs)
    for inter in intermediates:
        if all(e is None for e in dir_exp):
            # R's short cut: no expectations at all gives the conservative model, no counterfactuals.
            assert inter.easy_counterfactuals == inter.difficult_counterfactuals == []
            continue
        assumptions = parsimonious.simplifying_assumptions[inter.parsimonious_model]
        assert sorted(inter.easy_counterfactuals + inter.difficult_counterfactuals) == sorted(assumptions)
        allowed = set(positives) | set(inter.easy_counterfactuals)
        for model in inter.solution.models:
            _check_model_is_cover(model, positives, allowed, configs)
