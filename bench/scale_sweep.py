"""Scale sweep of every GET route (not a unit test): which page or endpoint is slow at team scale?

Small test data never shows a query that measures a long text once per joined row, an N+1 over
codings, or a Python loop over every coding. This builds a project at team scale in a throwaway
SQLite database (or the one DATABASE_URL names: `scripts/with_postgres.py -- .venv/bin/python
bench/scale_sweep.py`):
- 6 transcripts of 200,000 Chinese characters (bench/coding_page.py's generator), 10,000 codings
  on one and 2,000 on each of the others, plus 24 short documents with a few codings each;
- 10 coders, a codebook of 16 codes plus 12 child codes, with a history of renames, moves, a merge
  and a deletion (snapshots of codings);
- 30 cases with five typed attributes, every document in a case;
- a QCA study (code presence) with one run; a dictionary term, a stop word, an auto-coding run,
  an invitation.
Then it walks every URL pattern of `django.urls.get_resolver()` (pages and /api/), fills path
parameters with ids of the objects built, requests each `--runs` times (3) as the project owner
through django.test.Client, and prints a table sorted by median time: route name, path, status,
median ms, queries, response size. Routes over 200 ms are flagged; routes it cannot request
(admin site, tokens, POST-only actions answer 405 and are listed as they answer) are listed as
skipped with the reason.

Run from the repository root: ``nice -n 10 .venv/bin/python bench/scale_sweep.py [--runs 3] [--only NAME]``.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import coding_page  # noqa: E402  (sets up Django on a throwaway database unless DATABASE_URL is set)
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import services as account_services  # noqa: E402
from accounts.models import Invitation  # noqa: E402
from analysis.models import CodeMeasure, CoderScope, QCARun, SetSource  # noqa: E402
from analysis.studies import services as study_services  # noqa: E402
from analysis.studies.runs import run_create  # noqa: E402
from cases import services as case_services  # noqa: E402
from cases.organise import documents_assign  # noqa: E402
from coding.codebook import services as codebook_services  # noqa: E402
from coding.documents import services as document_services  # noqa: E402
from coding.models import CodebookChange, Coding, Membership, Role  # noqa: E402
from search import autocoding  # noqa: E402
from search import services as search_services  # noqa: E402

SLOW_MS = 200
BIG = [10_000, 2_000, 2_001, 2_002, 2_003, 2_004]  # distinct counts give distinct random texts
SMALL_DOCUMENTS = 24
CASES = 30
SEARCH_WORD = "社工"


def small_document(owner, coders, project, codes, number):
    rng = random.Random(number)
    text = coding_page.transcript(rng)[: rng.randint(2_000, 6_000)]
    document = document_services.document_create(
        project=project, title=f"短访谈 {number:02d}", text=text, created_by=owner
    )
    chosen = rng.sample(codes, rng.randint(1, 6))
    rows, seen = [], set()
    for _ in range(rng.randint(3, 40)):
        start = rng.randrange(0, len(text) - 300)
        end = start + rng.randint(8, 250)
        code, coder = rng.choice(chosen), rng.choice(coders[:3])
        if (start, end, code.pk, coder.pk) not in seen:
            seen.add((start, end, code.pk, coder.pk))
            rows.append(Coding(document=document, code=code, coder=coder, start=start, end=end, quote=text[start:end]))
    Coding.objects.bulk_create(rows)
    return document


def codebook_history(owner, project, codes):
    """Child codes, renames, moves, a merge and a deletion: the history page's rows and snapshots."""
    children = []
    for number in range(12):
        parent = codes[number % 4]
        children.append(
            codebook_services.codebook_code_create(project=project, user=owner, name=f"子编码 {number}", parent=parent)
        )
    for round_ in range(3):
        for child in children:
            child.refresh_from_db()
            codebook_services.codebook_code_update(code=child, user=owner, definition=f"定义第 {round_} 版")
    for child in children[:4]:
        child.refresh_from_db()
        codebook_services.code_move(code=child, user=owner, parent=codes[5])
    document = Coding.objects.filter(code=codes[0]).first().document
    # Children hold codings too, so that merging and deleting move and snapshot real rows.
    for index, child in enumerate(children[:6]):
        Coding.objects.bulk_create(
            Coding(document=document, code=child, coder=owner, start=s, end=s + 20, quote=document.text[s : s + 20])
            for s in range(index * 10, 150_000, 600)
        )
    children[1].refresh_from_db()
    codebook_services.code_merge(source=children[0], target=children[1], user=owner)
    children[2].refresh_from_db()
    codebook_services.codebook_code_delete(code=children[2], user=owner)
    return children[1]


def cases_and_attributes(project, documents):
    rng = random.Random(7)
    attributes = [
        case_services.attribute_create(project=project, name="地区", type="category", choices=["浦东", "闵行", "徐汇"]),
        case_services.attribute_create(project=project, name="员工数", type="number"),
        case_services.attribute_create(project=project, name="成立日期", type="date"),
        case_services.attribute_create(project=project, name="有党组织", type="boolean"),
        case_services.attribute_create(project=project, name="备注", type="text"),
    ]
    cases = []
    for number in range(CASES):
        case = case_services.case_create(project=project, name=f"机构 {number:02d}", description="社会组织")
        values = [rng.choice(["浦东", "闵行", "徐汇"]), rng.randint(3, 80), f"20{rng.randint(10, 22)}-03-01",
                  rng.random() < 0.5, "访谈两次"]
        for attribute, value in zip(attributes, values, strict=True):
            case_services.attribute_value_set(case=case, attribute=attribute, value=value)
        cases.append(case)
    for index, document in enumerate(documents):
        documents_assign(project=project, document_ids=[document.pk], case_id=cases[index % CASES].pk)
    return cases, attributes


def qca_study(owner, project, codes):
    study = study_services.study_create(project=project, name="购买成效", created_by=owner)
    for index, code in enumerate(codes[:5]):
        study_services.set_create(
            study=study, label=f"S{index}", role="outcome" if index == 0 else "condition", source=SetSource.CODE,
            code=code, measure=CodeMeasure.PRESENCE, coder_scope=CoderScope.ANY, expectation="either",
        )
    try:
        with transaction.atomic():
            run_create(study=study, user=owner)
    except Exception as exc:  # noqa: BLE001 - a study the sweep cannot run still has its pages
        print(f"QCA run not made: {exc}")
    return study


def build():
    began = time.perf_counter()
    owner, coders, project, codes = coding_page.build_project()
    documents = [coding_page.build_document(owner, coders, project, codes, count)[0] for count in BIG]
    documents += [small_document(owner, coders, project, codes, n) for n in range(SMALL_DOCUMENTS)]
    child = codebook_history(owner, project, codes)
    cases, attributes = cases_and_attributes(project, documents)
    study = qca_study(owner, project, codes)
    term = search_services.dictionary_term_add(project=project, term="购买服务", created_by=owner)
    search_services.stop_words_seed(project=project)
    stop_word = search_services.stop_word_add(project=project, word="然后呢")
    passages = autocoding.passages_for_query(project=project, text="街道会派人来检查", extent="sentence")
    run = autocoding.autocoding_apply(
        project=project, code=codes[3], coder=owner, passages=passages, query="街道会派人来检查", options={}
    )
    account_services.invitation_create(project=project, by=owner, role=Role.CODER, email="new@example.org")
    print(
        f"built in {time.perf_counter() - began:.0f} s: {len(documents)} documents "
        f"({sum(len(d.text) for d in documents):,} characters), {Coding.objects.count():,} codings, "
        f"{len(cases)} cases, {CodebookChange.objects.count()} codebook changes, autocoding {run.codings_count}"
    )
    big = documents[0]
    return {
        "owner": owner,
        "project_id": project.pk,
        "document_id": big.pk,
        "code_id": codes[0].pk,
        "case_id": cases[0].pk,
        "attribute_id": attributes[0].pk,
        "study_id": study.pk,
        "set_id": study.sets.order_by("pk").first().pk,
        "run_id": QCARun.objects.filter(study=study).values_list("pk", flat=True).first(),
        "search_run_id": run.pk,
        "change_id": CodebookChange.objects.filter(project=project).order_by("-pk").values_list("pk", flat=True)[0],
        "member_id": Membership.objects.filter(project=project, user=coders[0]).get().pk,
        "coding_id": Coding.objects.filter(document=big).order_by("pk").values_list("pk", flat=True)[0],
        "term_id": term.pk,
        "stop_word_id": stop_word.pk,
        "invitation_id": Invitation.objects.filter(project=project).values_list("pk", flat=True).first(),
        "user_id": coders[0].pk,
        "coder_a": coders[0].pk,
        "coder_b": coders[1].pk,
        "since": (timezone.now() - datetime.timedelta(hours=2)).isoformat().replace("+", "%2B"),
        "child_code_id": child.pk,
    }


# What `pk` means, by route name prefix (first match wins).
PK_BY_ROUTE = [
    ("member-", "member_id"),
    ("document-", "document_id"),
    ("code-", "code_id"),
    ("coding-", "coding_id"),
    ("case-", "case_id"),
    ("attribute-", "attribute_id"),
    ("dictionary-", "term_id"),
    ("stop-word-", "stop_word_id"),
    ("auto-coding-", "search_run_id"),
    ("invitation-", "invitation_id"),
    ("codebook-change-", "change_id"),
    ("api-site-user-", "user_id"),
]
PARAMS = {
    "project_id": "project_id", "document_id": "document_id", "code_id": "code_id", "case_id": "case_id",
    "study_id": "study_id", "set_id": "set_id", "change_id": "change_id", "attribute_id": "attribute_id",
}
# Query strings a GET needs to do its real work (a search needs its words).
QUERY = {
    "search": f"?q={SEARCH_WORD}",
    "search-page": f"?q={SEARCH_WORD}",
    "auto-coding-preview": f"?q={SEARCH_WORD}&extent=sentence&code={{code_id}}",
    "word-frequencies": "", "word-frequencies-csv": "",
    "passages-page": "?code={code_id}",
    "export-passages-csv": "?code={code_id}", "export-passages-xlsx": "?code={code_id}",
    "export-passages-html": "?code={code_id}", "export-passages-docx": "?code={code_id}",
    "codebook-file": "?file_format=csv",
    "matrix-page": "?attribute={attribute_id}",
    "export-code-attribute-csv": "?attribute={attribute_id}", "export-code-attribute-xlsx": "?attribute={attribute_id}",
    "export-code-attribute-svg": "?attribute={attribute_id}",
    # The poll's worst case: every change logged since the page's first revision.
    "document-workspace-changes": "?after=0",
    "document-codings-changes": "?since={since}",
    "agreement-page": "?coder={coder_a}&coder={coder_b}",
    "agreement-table": "?coder={coder_a}&coder={coder_b}",
    "export-agreement-csv": "?coder={coder_a}&coder={coder_b}",
    "export-agreement-xlsx": "?coder={coder_a}&coder={coder_b}",
    "agreement-document": "?coder_a={coder_a}&coder_b={coder_b}",
    "agreement-disagreements": "?coder_a={coder_a}&coder_b={coder_b}",
}
MATRIX_NAMES = ["case-code-matrix", "document-code-matrix", "cooccurrence", "code-attribute"]
RUN_FILE_NAMES = ["results.csv", "truth-table.csv", "matrix-r.csv", "matrix-fsqca.csv", "run.R", "results.json"]
SKIP_PREFIXES = {"admin/": "admin site (the owner is not staff)"}
SKIP_NAMES = {
    "logout": "signs the client out", "password_reset_confirm": "needs a reset token",
    "email-confirm": "needs a signed token", "invitation-open": "needs an invitation token",
    "setup": "needs a setup token", "api-docs": "static page of the schema",
    "project-export-download": "same as project-export-qdpx",
}


def walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern)


def fill(name, pattern, ids):
    """Concrete paths for a pattern, or (None, reason) when an id cannot be made."""
    if pattern.startswith("^") or "(?P<" in pattern:
        return None, "regular-expression pattern"
    values = dict(ids)
    for prefix, key in PK_BY_ROUTE:
        if (name or "").startswith(prefix):
            values["pk"] = ids.get(key)
            break
    if name in ("search-run-undo",):
        values["run_id"] = ids["search_run_id"]
    else:
        values["run_id"] = ids["run_id"]
    if name == "case-value-detail":
        values["attribute_id"] = ids["attribute_id"]
    paths = [pattern]
    if "<slug:name>" in pattern:
        paths = [pattern.replace("<slug:name>", n) for n in MATRIX_NAMES]
    if "<str:filename>" in pattern:
        paths = [p.replace("<str:filename>", f) for p in paths for f in RUN_FILE_NAMES]
    filled = []
    for path in paths:
        for _converter, key in re.findall(r"<(?:(\w+):)?(\w+)>", path):
            value = values.get(PARAMS.get(key, key))
            if value is None:
                return None, f"no id for <{key}>"
            path = re.sub(rf"<(?:\w+:)?{key}>", str(value), path)
        filled.append("/" + path + QUERY.get(name, "").format(**ids))
    return filled, None


WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def measure(client, path, runs):
    times, queries, size, status = [], 0, 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            content = b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - began) * 1000)
        queries, size, status = len(captured.captured_queries), len(content), response.status_code
    # A GET that writes (or locks rows for writing) takes the write lock from the coders: on
    # SQLite the whole database's. Counted on the last request, after any first-time setup.
    writes = sum(1 for query in captured.captured_queries if WRITE.match(query["sql"]) or "FOR UPDATE" in query["sql"])
    return statistics.median(times), status, queries, size, writes


def profile(client, path):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        profiler.runcall(client.get, path)
    print(f"\n== {path}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]
    for query in slowest:
        print(f"  {query['time']} s  {query['sql'][:400]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated route names to request (all when empty)")
    parser.add_argument("--top", type=int, default=0, help="print only the slowest N rows")
    parser.add_argument("--profile", action="store_true", help="cProfile each request once (use with --only)")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    settings.ALLOWED_HOSTS = ["*"]
    # Pages link static files from the source tree, not from a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a 500 shows in the table
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    ids = build()
    client = Client(raise_request_exception=False)
    client.force_login(ids.pop("owner"))
    rows, skipped, writing = [], [], []
    for name, pattern in walk(get_resolver()):
        if only and name not in only:
            continue
        reason = next((why for prefix, why in SKIP_PREFIXES.items() if pattern.startswith(prefix)), None)
        reason = reason or SKIP_NAMES.get(name)
        paths = None
        if reason is None:
            paths, reason = fill(name, pattern, ids)
        if reason:
            skipped.append((name, pattern, reason))
            continue
        for path in paths:
            if args.profile:
                profile(client, path)
            median, status, queries, size, writes = measure(client, path, args.runs)
            if status == 405:
                skipped.append((name, pattern, "not GET-able (405)"))
                continue
            rows.append((median, name, path, status, queries, size))
            if writes:
                writing.append((name, path, writes))
    rows.sort(reverse=True)
    print(f"\nGET requests that wrote to the database on their last run: {len(writing)}")
    for name, path, writes in writing:
        print(f"  {name}  {path}  ({writes} writing statements)")
    shown = rows[: args.top] if args.top else rows
    print(f"\n{'':2}{'median ms':>10} {'queries':>7} {'bytes':>10} {'status':>6}  route  path")
    for median, name, path, status, queries, size in shown:
        flag = "!!" if median > SLOW_MS else ""
        print(f"{flag:2}{median:10.1f} {queries:7d} {size:10,d} {status:6d}  {name}  {path}")
    slow = [row for row in rows if row[0] > SLOW_MS]
    print(f"\n{len(rows)} requests, {len(slow)} over {SLOW_MS} ms (!!)")
    print(f"skipped {len(skipped)}:")
    for name, pattern, reason in skipped:
        if not pattern.startswith("admin/"):
            print(f"  {name}  /{pattern}  ({reason})")
    admin = sum(1 for _, pattern, _ in skipped if pattern.startswith("admin/"))
    print(f"  ... and {admin} admin/ routes ({SKIP_PREFIXES['admin/']})")


if __name__ == "__main__":
    main()
