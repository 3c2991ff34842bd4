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


def _naive(a, b):
    """The definition, every coding set against every other: the reference for the fast scan."""
    from analysis.agreement import disagreements

    out = {}
    for mine, theirs, mine_is_a in ((a, b, True), (b, a, False)):
        for x in mine:
            overlapping = [y for y in theirs if disagreements._overlap(x, y) > 0]
            same = [y for y in overlapping if y.code == x.code]
            if any(y.start == x.start and y.end == x.end for y in same):
                continue
            if same:
                kind, y = BOUNDARY, disagreements._best(x, same)
            elif overlapping:
                kind, y = DIFFERENT_CODE, disagreements._best(x, overlapping)
            else:
                kind, y = MISSING, None
            pa, pb = (x, y) if mine_is_a else (y, x)
            out.setdefault((kind, pa and pa.id, pb and pb.id), (kind, pa, pb))
    return sorted(out.values(), key=lambda d: (d[0], str(d[1]), str(d[2])))


def test_the_scan_finds_what_setting_every_pair_against_each_other_finds():
    import random

    rng = random.Random(16)
    for _round in range(30):
        def codings(prefix, n):
            return [
                Coded(f"{prefix}{i}", rng.choice("xyz"), s, s + rng.choice([1, 2, 5, 40, 300]))
                for i, s in enumerate(rng.randrange(0, 600) for _ in range(n))
            ]

        a, b = codings("a", rng.randint(0, 40)), codings("b", rng.randint(0, 40))
        found = sorted(((d.kind, d.a, d.b) for d in find_disagreements(a, b)), key=lambda d: (d[0], str(d[1]), str(d[2])))
        assert found == _naive(a, b)


def test_the_scan_does_not_set_every_coding_against_every_other(monkeypatch):
    # 2,000 codings per coder in one 200,000-character transcript took 1.1 s when each was
    # measured against all of the other coder's: 8 million overlaps instead of a few thousand.
    from analysis.agreement import disagreements

    calls = []
    original = disagreements._overlap
    monkeypatch.setattr(disagreements, "_overlap", lambda x, y: calls.append(1) or original(x, y))
    a = [Coded(f"a{i}", "x", i * 100, i * 100 + 60) for i in range(2000)]
    b = [Coded(f"b{i}", "x", i * 100 + 30, i * 100 + 90) for i in range(2000)]
    found = find_disagreements(a, b)
    assert len(found) == 2000 and {d.kind for d in found} == {BOUNDARY}
    assert len(calls) < 50_000
