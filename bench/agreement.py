"""Benchmark of the agreement table on a generated study (not a unit test).

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/agreement.py

Migrates the database it is given, generates 1,000 documents (3,000-20,000 characters), a codebook
of 20 top-level codes (4 of them with 3 children), and 200,000 codings by 10 coders who agree in
part (each coding is a shifted or re-coded copy of a shared passage, or a passage of its own), then
times the table through the whole API stack for 10 coders and for 2, and prints time, queries and
the overall figures. Target from issue 16: all measures for 10 coders under 5 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from coding.models import Code, Coding, Document, Membership, Project, Role  # noqa: E402

FILLER = "政府购买服务社会组织互动合作资源依赖合法性专业服务居家养老街道民政局项目制。"


def generate(*, documents, codings, coders, seed):
    rng = random.Random(seed)
    User = get_user_model()
    users = [User.objects.create_user(username=f"agree{n}-{seed}", password=None) for n in range(coders)]
    project = Project.objects.create(name=f"agreement bench {seed}", created_by=users[0])
    Membership.objects.bulk_create(
        [
            Membership(project=project, user=u, role=Role.OWNER if n == 0 else Role.CODER)
            for n, u in enumerate(users)
        ]
    )
    tops = Code.objects.bulk_create([Code(project=project, name=f"主题 {n}", order=n) for n in range(20)])
    children = Code.objects.bulk_create(
        [
            Code(project=project, name=f"子 {n}.{k}", parent=tops[n], order=k)
            for n in range(4)
            for k in range(3)
        ]
    )
    leaves = tops[4:] + children
    docs = Document.objects.bulk_create(
        [
            Document(
                project=project,
                title=f"访谈 {n:04d}",
                text=(FILLER * 700)[: rng.randint(3000, 20000)],
                content_hash="x",
            )
            for n in range(documents)
        ]
    )
    rows = []
    per_doc = codings // documents
    for doc in docs:
        length = len(doc.text)
        shared = []
        for _ in range(per_doc // coders):
            s = rng.randrange(0, length - 400)
            shared.append((s, s + rng.randint(30, 300), rng.choice(leaves)))
        for u in users:
            for s, e, code in shared:
                r = rng.random()
                if r < 0.15:  # a passage of one's own
                    s = rng.randrange(0, length - 400)
                    e = s + rng.randint(30, 300)
                elif r < 0.35:  # other boundaries
                    s = max(0, s + rng.randint(-20, 20))
                    e = max(s + 1, e + rng.randint(-20, 20))
                if r > 0.92:
                    code = rng.choice(leaves)
                rows.append(Coding(document=doc, code=code, coder=u, start=s, end=e, quote=""))
    seen = set()
    unique = []
    for c in rows:
        key = (c.document_id, c.code_id, c.coder_id, c.start, c.end)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    Coding.objects.bulk_create(unique, batch_size=20000)
    return project, users, len(unique)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=200_000)
    parser.add_argument("--coders", type=int, default=10)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--repeat", type=int, default=1, help="time each table this many times")
    parser.add_argument("--profile", help="write a cProfile of the first 10-coder request here")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    started = time.perf_counter()
    project, users, made = generate(
        documents=args.documents, codings=args.codings, coders=args.coders, seed=args.seed
    )
    print(
        f"generated {args.documents} documents, {made} codings by {args.coders} coders in {time.perf_counter() - started:.1f} s"
    )
    client = APIClient()
    client.force_authenticate(users[0])
    for label, chosen, extra in (
        (f"{args.coders} coders, top-level codes with subtree", users, {"subtree": "1"}),
        ("2 coders, top-level codes with subtree", users[:2], {"subtree": "1"}),
    ):
        params = {"coder": ",".join(str(u.pk) for u in chosen), **extra}
        for run in range(args.repeat):
            profiler = cProfile.Profile() if args.profile and run == 0 and chosen is users else None
            with CaptureQueriesContext(connection) as queries:
                t, cpu = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                response = client.get(f"/api/projects/{project.pk}/agreement/", params)
                if profiler:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                # Wall time is what a user waits; the CPU time of this process (Django and the
                # computation, not PostgreSQL) shows how much of it is ours on a busy machine.
                elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
            assert response.status_code == 200, response.content[:300]
            overall = response.json()["overall"]
            figures = ", ".join(f"{k}={v['value']:.3f}" for k, v in overall.items() if v["value"] is not None)
            verdict = "ok" if elapsed < 5 else "SLOW"
            print(f"{label}: {elapsed:.2f} s ({cpu:.2f} s CPU here), {len(queries)} queries [{verdict}] {figures}")
            sql_time = ", ".join(q["time"] for q in queries.captured_queries)
            print(f"    seconds per query: {sql_time}")


if __name__ == "__main__":
    main()
