"""Benchmark of the matrix exports on a generated study (not a unit test).

Run from the repository root against a throwaway PostgreSQL server:

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/matrices.py

It migrates the database it is given, generates 1,000 documents (3,000-80,000 characters, with speaker
turns) in 50 cases, a codebook of 300 codes three levels deep and 200,000 codings by three coders, then times
each export through the whole API stack (URL routing, access check, SQL, file writing) and prints
one line per export with its time, the number of queries and the size of the file. Targets from
issue 7: case × code CSV under 2 s, co-occurrence under 5 s. `--documents/--codings` scale it.
"""

from __future__ import annotations

import argparse
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
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from cases.models import Attribute, AttributeValue, Case  # noqa: E402
from coding.models import Code, Coding, Document, Membership, Project, Role, SpeakerTurn  # noqa: E402

TARGETS = {"case-code-matrix.csv?measure=count": 2.0, "cooccurrence.csv": 5.0}
EXPORTS = [
    "case-code-matrix.csv?measure=count",
    "case-code-matrix.csv?measure=share&subtree=1",
    "case-code-matrix.xlsx?measure=characters",
    "document-code-matrix.csv?measure=count",
    "document-code-matrix.xlsx?measure=share",
    "cooccurrence.csv",
    "cooccurrence.csv?subtree=1",
    "cooccurrence.csv?mode=near&distance=50",
    "cooccurrence.csv?mode=turn",
    "code-attribute.csv?attribute={attribute}",
]
# Chinese-looking filler; the figures depend on lengths, not on the words.
FILLER = "政府购买服务社会组织互动合作资源依赖合法性专业服务居家养老街道民政局项目制。"


def generate(*, documents, codings, codes, cases, seed):
    rng = random.Random(seed)
    User = get_user_model()
    users = [User.objects.create_user(username=f"bench{n}-{seed}", password=None) for n in range(3)]
    project = Project.objects.create(name=f"bench {seed}", created_by=users[0])
    Membership.objects.bulk_create(
        [
            Membership(project=project, user=user, role=Role.OWNER if n == 0 else Role.CODER)
            for n, user in enumerate(users)
        ]
    )
    case_rows = Case.objects.bulk_create([Case(project=project, name=f"案例 {n:03d}") for n in range(cases)])
    attribute = Attribute.objects.create(
        project=project, name="district", type="category", choices=[f"区{n}" for n in range(8)]
    )
    AttributeValue.objects.bulk_create(
        [
            AttributeValue(case=case, attribute=attribute, text_value=f"区{n % 8}")
            for n, case in enumerate(case_rows)
        ]
    )
    # 30 top-level codes, each with 4 children, each child with 1-2 grandchildren: 300 in all.
    tops = Code.objects.bulk_create([Code(project=project, name=f"主题 {n}", order=n) for n in range(30)])
    children = Code.objects.bulk_create(
        [Code(project=project, parent=top, name=f"子码 {n}", order=n) for top in tops for n in range(4)]
    )
    remaining = codes - len(tops) - len(children)
    grandchildren = Code.objects.bulk_create(
        [
            Code(project=project, parent=children[n % len(children)], name=f"细码 {n}", order=n)
            for n in range(remaining)
        ]
    )
    all_codes = tops + children + grandchildren
    texts = []
    docs = []
    for n in range(documents):
        length = rng.randint(3_000, 80_000)
        text = (FILLER * (length // len(FILLER) + 1))[:length]
        texts.append(length)
        docs.append(
            Document(
                project=project,
                case=case_rows[n % cases],
                title=f"访谈 {n:04d}",
                text=text,
                content_hash=f"{seed}-{n}",
            )
        )
    docs = Document.objects.bulk_create(docs, batch_size=100)
    # Speaker turns of 100-600 characters, question and answer in turn, as the importer makes them.
    turns = []
    for document, length in zip(docs, texts, strict=True):
        start, index = 0, 0
        while start < length:
            end = min(length, start + rng.randint(100, 600))
            turns.append(
                SpeakerTurn(document=document, index=index, start=start, end=end, speaker="问答"[index % 2])
            )
            start, index = end, index + 1
    SpeakerTurn.objects.bulk_create(turns, batch_size=5_000)
    rows = []
    seen = set()
    while len(rows) < codings:
        index = rng.randrange(documents)
        length = texts[index]
        span = rng.randint(20, 400)
        start = rng.randrange(0, length - span)
        code = rng.choice(all_codes)
        coder = rng.choice(users)
        key = (index, code.pk, coder.pk, start)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Coding(document=docs[index], code=code, coder=coder, start=start, end=start + span, quote="…")
        )
    Coding.objects.bulk_create(rows, batch_size=5_000)
    return project, users[0], attribute


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--codings", type=int, default=200_000)
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs per export; the best is printed")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    vendor = connection.vendor
    if vendor != "postgresql":
        print(f"note: running on {vendor}; the targets are for PostgreSQL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    project, owner, attribute = generate(
        documents=args.documents, codings=args.codings, codes=args.codes, cases=args.cases, seed=args.seed
    )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(
        f"generated {args.documents} documents, {args.codes} codes, {args.codings} codings "
        f"on {vendor} in {time.perf_counter() - started:.1f} s"
    )
    client = APIClient()
    client.force_authenticate(owner)
    failed = False
    for export in EXPORTS:
        path = f"/api/projects/{project.pk}/exports/{export.format(attribute=attribute.pk)}"
        best = None
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - began
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
            best = elapsed if best is None else min(best, elapsed)
        target = TARGETS.get(export)
        verdict = ""
        if target is not None:
            ok = best < target
            failed = failed or not ok
            verdict = f"  target < {target:.0f} s: {'ok' if ok else 'MISSED'}"
        print(
            f"{export:48s} {best:6.2f} s  {len(queries.captured_queries)} queries  "
            f"{len(response.content) / 1024:8.1f} KiB{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
