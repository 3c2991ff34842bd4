from analysis.agreement.disagreements import BOUNDARY, DIFFERENT_CODE, MISSING, Coded, find_disagreements


def test_identical_codings_are_not_disagreements():
    assert find_disagreements([Coded(1, "X", 0, 5)], [Coded(2, "X", 0, 5)]) == []


def test_same_code_other_boundaries_is_one_boundary_disagreement():
    (d,) = find_disagreements([Coded(1, "X", 0, 5)], [Coded(2, "X", 2, 9)])
    assert (d.kind, d.start, d.end, d.a.id, d.b.id) == (BOUNDARY, 0, 9, 1, 2)


def test_overlap_with_only_another_code_is_a_different_code():
    (d,) = find_disagreements([Coded(1, "X", 0, 5)], [Coded(2, "Y", 0, 5)])
    assert (d.kind, d.codes) == (DIFFERENT_CODE, ("X", "Y"))


def test_nothing_overlapping_is_missing_on_either_side():
    found = find_disagreements([Coded(1, "X", 0, 5)], [Coded(2, "Y", 10, 15)])
    assert [(d.kind, d.a and d.a.id, d.b and d.b.id) for d in found] == [
        (MISSING, 1, None),
        (MISSING, None, 2),
    ]
