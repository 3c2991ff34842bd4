"""Benchmark of the QCA minimizer on random crisp truth tables (not a unit test).

Run from the repository root: ``.venv/bin/python bench/qca_minimize.py [--quick]``.
When R with QCA 3.23 is installed (tests/r/install_r_qca.sh), each table is also minimized in R
in the same run and the last columns give R's seconds and the ratio ours / R.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
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


R_LIBS = os.environ.get("QUALCASE_R_LIBS", "/tmp/qualcase-rlib")


def r_parsimonious_seconds(k: int, positives, negatives, timeout: float | None = None) -> float | None:
    """R QCA 3.23's time for the same parsimonious minimization, measured now (None without R).

    One case per row (Y = 1 for positives, 0 for negatives), truthTable(incl.cut = 1), then
    system.time(minimize(tt, include = "?")): the minimization alone, not R's start-up.
    Past ``timeout`` seconds R is stopped and ``-timeout`` is returned (printed as "> N").
    """
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        lines = [",".join([*(f"C{i + 1}" for i in range(k)), "Y"])]
        lines += [",".join([*map(str, row), "1"]) for row in positives]
        lines += [",".join([*map(str, row), "0"]) for row in negatives]
        Path(tmp, "d.csv").write_text("\n".join(lines) + "\n")
        code = (
            'suppressPackageStartupMessages(library(QCA)); d <- read.csv("d.csv");'
            ' tt <- truthTable(d, outcome = "Y", incl.cut = 1);'
            ' cat(system.time(minimize(tt, include = "?"))[["elapsed"]])'
        )
        try:
            done = subprocess.run(
                ["Rscript", "-e", code],
                cwd=tmp,
                env={**os.environ, "R_LIBS": R_LIBS},
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return -float(timeout)
        if done.returncode:
            return None
        return float(done.stdout.strip().split()[-1])


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(
    sizes, seeds_per_size: int, noise: float, with_r: bool = True, r_timeout: float | None = None, first_seed: int = 0
) -> None:
    header = (
        f"{'k':>3} {'seed':>4} {'cases':>5} {'pos':>4} {'neg':>4} | {'cons s':>8} {'PIs':>4} {'mod':>4}"
        f" | {'pars s':>8} {'PIs':>5} {'mod':>5} {'SA max':>7} | {'R s':>8} {'ratio':>6} | {'peak MB':>8}"
    )
    print(header, flush=True)
    print("-" * len(header))
    totals: dict[int, list[float]] = {}
    for k in sizes:
        for seed in range(first_seed, first_seed + seeds_per_size):
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
            r_s = r_parsimonious_seconds(k, positives, negatives, r_timeout) if with_r else None
            if r_s is None:
                r_text = "       -      -"
            elif r_s < 0:
                r_text = f"{'>' + format(-r_s, '.0f'):>8} {'<' + format(parsimonious_s / -r_s, '.3f'):>6}"
            else:
                r_text = f"{r_s:>8.3f} {parsimonious_s / max(r_s, 1e-3):>6.3f}"
            print(
                f"{k:>3} {seed:>4} {cases:>5} {len(positives):>4} {len(negatives):>4} |"
                f" {conservative_s:>8.4f} {len(conservative.prime_implicants):>4}"
                f" {len(conservative.models):>4} |"
                f" {parsimonious_s:>8.3f} {len(parsimonious.prime_implicants):>5}"
                f" {len(parsimonious.models):>5} {sa_max:>7} | {r_text} | {peak_rss_mb():>8.1f}",
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
    parser.add_argument("--no-r", action="store_true", help="do not time R QCA 3.23 (ratio = ours / R)")
    parser.add_argument(
        "--r-timeout", type=float, default=None, help="stop R after this many seconds (printed as > N)"
    )
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first table per size")
    args = parser.parse_args()
    run(
        args.sizes,
        1 if args.quick else args.seeds,
        args.noise,
        with_r=not args.no_r,
        r_timeout=args.r_timeout,
        first_seed=args.first_seed,
    )


if __name__ == "__main__":
    main()
