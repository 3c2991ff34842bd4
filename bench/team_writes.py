"""Team writes against a real deployment: gunicorn (3 workers) and the task worker, on SQLite and
on PostgreSQL. Prints, per database, the request count, a status histogram and latencies:

1. stress: 16 coders each create 500 codings as fast as they can while an editor adds a code
   with a new Chinese name every 2 s (each one starts a re-index job). Target: 0 errors and
   p95 < 300 ms on the 2-core machine.
2. pace: 16 coders each apply a code every 3 s, as people do. Target: median < 30 ms, p95 < 100 ms.

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/team_writes.py
    .venv/bin/python bench/team_writes.py --per-coder 100 --pace-seconds 30   # quicker

Without a PostgreSQL DATABASE_URL (scripts/with_postgres.py sets one) only SQLite is measured.
"""

import argparse
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.live_stack import TEAM_SETUP, TEAM_STATE, LiveStack, postgres_url, team_load, wait_until  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(label, results, elapsed):
    statuses = collections.Counter(str(entry["status"]) for entry in results)
    codings = [entry["seconds"] * 1000 for entry in results if entry["kind"] == "coding"]
    print(
        f"  {label}: {len(results)} requests in {elapsed:.1f} s, statuses {dict(statuses)}, "
        f"coding median {statistics.median(codings):.1f} ms, p95 {percentile(codings, 0.95):.1f} ms, "
        f"max {max(codings):.1f} ms"
    )


def measure(database, args):
    with tempfile.TemporaryDirectory() as root, LiveStack(database=database, root=root) as stack:
        team = stack.shell(TEAM_SETUP.format(coders=16, documents=5, length=20000, index=True, prefix=""))
        print(f"{database}:")
        if args.only != "pace":
            stress(stack, team, args)
        if args.only != "stress":
            pace(stack, args)


def stress(stack, team, args):
    if True:
        started = time.monotonic()
        results = team_load(stack, team, per_coder=args.per_coder, code_every=2.0)
        report(f"stress 16 x {args.per_coder} + a code every 2 s", results, time.monotonic() - started)
        state = stack.shell(TEAM_STATE.format(project=team["project"]))
        acknowledged = sum(entry["kind"] == "coding" and entry["status"] == 201 for entry in results)
        print(
            f"  stored codings {state['codings']} (acknowledged {acknowledged}, distinct {state['distinct']})"
        )
        started = time.monotonic()
        settled = wait_until(
            lambda: stack.shell(TEAM_STATE.format(project=team["project"]))["behind"] == 0, timeout=300
        )
        print(f"  search index current for every document: {bool(settled)} ({time.monotonic() - started:.1f} s after)")

def pace(stack, args):
    if True:
        team = stack.shell(TEAM_SETUP.format(coders=16, documents=5, length=20000, index=True, prefix="pace-"))
        per_coder = max(1, int(args.pace_seconds / 3))
        started = time.monotonic()
        results = team_load(stack, team, per_coder=per_coder, code_every=30.0, pace=3.0)
        report(f"pace 16 coders, one coding every 3 s for {args.pace_seconds:.0f} s", results, time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-coder", type=int, default=500)
    parser.add_argument("--pace-seconds", type=float, default=60.0)
    parser.add_argument("--only", choices=["stress", "pace"], help="Measure one of the two loads only.")
    args = parser.parse_args()
    databases = ["sqlite"] + (["postgresql"] if postgres_url() else [])
    if not postgres_url():
        print("(no PostgreSQL DATABASE_URL: run through scripts/with_postgres.py to measure it too)")
    for database in databases:
        measure(database, args)


if __name__ == "__main__":
    main()
