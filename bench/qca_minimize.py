"""Benchmark of the QCA minimizer on random crisp truth tables (not a unit test).

Run from the repository root: ``.venv/bin/python bench/qca_minimize.py [--quick]``.
For reference, R's QCA (CCubes) needs about 1 s at k=8, 4-9 s at k=10 and 15-115 s at k=16 for
parsimonious solutions of tables like these.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.qca.minimize import minimize_cubes  # noqa: E402

SIZES = (8, 10, 12, 14, 16)


def random_truth_table(k: int, cases: int, seed: int, noise: float = 0.0):
    """Observed rows of a crisp truth table whose outcome follows a few random paths, plus noise.

    A row is positive when all of its cases show the outcome (R's incl.cut = 1), else negative.
    """
    rng = random.Random(seed)
    paths = []
    for _ in range(rng.randint(2, 4)):
        chosen = rng.sample(range(k), rng.randint(2, 4))
        paths.append({i: rng.randint(0, 1) for i in chosen})
    rows: dict[tuple[int, ...], list[int]] = {}
    for _ in range(cases):
        config = tuple(rng.randint(0, 1) for _ in range(k))
        outcome = int(any(all(config[i] == v for i, v in path.items()) for path in paths))
        if rng.random() < noise:
            outcome = 1 - outcome
        rows.setdefault(config, []).append(outcome)
    positives = [c for c, ys in rows.items() if all(ys)]
    negatives = [c for c, ys in rows.items() if not all(ys)]
    return positives, negatives


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(sizes, seeds_per_size: int, noise: float) -> None:
    header = (
        f"{'k':>3} {'seed':>4} {'cases':>5} {'pos':>4} {'neg':>4} | {'cons s':>8} {'PIs':>4} {'mod':>4}"
        f" | {'pars s':>8} {'PIs':>5} {'mod':>5} {'SA max':>7} | {'peak MB':>8}"
    )
    print(header, flush=True)
    print("-" * len(header))
    totals: dict[int, list[float]] = {}
    for k in sizes:
        for seed in range(seeds_per_size):
            cases = 60 + (seed * 37 + k * 11) % 91  # 60..150 cases
            positives, negatives = random_truth_table(k, cases, seed=1000 * k + seed, noise=noise)
            if not positives or not negatives:
                continue
            started = time.perf_counter()
            conservative = minimize_cubes([2] * k, positives, negatives, use_remainders=False)
            conservative_s = time.perf_counter() - started
            started = time.perf_counter()
            parsimonious = minimize_cubes([2] * k, positives, negatives, use_remainders=True)
            parsimonious_s = time.perf_counter() - started
            sa_max = max((len(sa) for sa in parsimonious.simplifying_assumptions), default=0)
            totals.setdefault(k, []).append(parsimonious_s)
            print(
                f"{k:>3} {seed:>4} {cases:>5} {len(positives):>4} {len(negatives):>4} |"
                f" {conservative_s:>8.4f} {len(conservative.prime_implicants):>4}"
                f" {len(conservative.models):>4} |"
                f" {parsimonious_s:>8.3f} {len(parsimonious.prime_implicants):>5}"
                f" {len(parsimonious.models):>5} {sa_max:>7} | {peak_rss_mb():>8.1f}",
                flush=True,
            )
    print()
    print("parsimonious seconds per k: k, mean, max")
    for k, times in totals.items():
        print(f"{k:>3} {sum(times) / len(times):>8.3f} {max(times):>8.3f}")
    print(f"peak RSS: {peak_rss_mb():.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one table per size")
    parser.add_argument("--seeds", type=int, default=3, help="tables per size")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument(
        "--noise",
        type=float,
        default=0.0,
        help="share of cases with a flipped outcome; noise multiplies the equally minimal models",
    )
    args = parser.parse_args()
    run(args.sizes, 1 if args.quick else args.seeds, args.noise)


if __name__ == "__main__":
    main()
