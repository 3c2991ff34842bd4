"""The minimum-cover search on PI charts against brute force.

Charts are drawn with duplicated and nested coverages on purpose: the search runs on the maximal
coverage classes and substitutes contained classes back, and a wrong substitution shows up only
when classes contain one another.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.qca._cubes import minimum_covers


@st.composite
def charts(draw):
    rows = draw(st.integers(1, 9))
    full = (1 << rows) - 1
    masks = draw(st.lists(st.integers(0, full), min_size=1, max_size=10))
    # Subsets and copies of drawn coverages: column dominance and interchangeable PIs.
    for _ in range(draw(st.integers(0, 6))):
        base = draw(st.sampled_from(masks))
        masks.append(base & draw(st.integers(0, full)) if draw(st.booleans()) else base)
    return rows, masks


def brute_minimum_covers(rows: int, masks: list[int]) -> list[tuple[int, ...]]:
    full = (1 << rows) - 1
    for size in range(1, len(masks) + 1):
        found = []
        for combo in combinations(range(len(masks)), size):
            union = 0
            for j in combo:
                union |= masks[j]
            if union == full:
                found.append(combo)
        if found:
            return found
    return []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charts())
def test_minimum_covers_are_every_cover_of_minimum_size(chart):
    rows, masks = chart
    row_options = [0] * rows
    for j, mask in enumerate(masks):
        for r in range(rows):
            if mask >> r & 1:
                row_options[r] |= 1 << j
    assert minimum_covers(row_options, masks) == brute_minimum_covers(rows, masks)


def test_contained_classes_are_substituted_back():
    # Rows 0-3. PI 0 = {0,1}, PI 1 = {2,3}, PI 2 = {0} (inside PI 0), PI 3 = {1,2,3} (contains PI 1).
    # Minimum covers: {0,1}, {0,3}, {2,3}; PI 2 only appears by substitution for PI 0.
    masks = [0b0011, 0b1100, 0b0001, 0b1110]
    row_options = [0] * 4
    for j, mask in enumerate(masks):
        for r in range(4):
            if mask >> r & 1:
                row_options[r] |= 1 << j
    assert minimum_covers(row_options, masks) == [(0, 1), (0, 3), (2, 3)]
