"""Benchmark of the transcript import through the API (not a unit test).

Run from the repository root: ``.venv/bin/python bench/import_documents.py [--files 50] [--mb 5]``.
``--hostile`` instead imports each hostile or huge file of tests/coding/hostile_files.py in a fresh
process and prints its time and peak memory above the process's baseline (targets: refused in
< 2 s with < 100 MB; the 19 MB transcript imported in < 15 s with < 500 MB).
Builds fictional Chinese interview transcripts (speaker turns, a header block, 𠮷) in UTF-8,
GB18030, UTF-16 and .docx, posts them in one multipart request to
POST /api/projects/{id}/documents/import/ against a throwaway SQLite database (or DATABASE_URL),
and prints the figures. The target: 50 files, 5 MB in all, under 30 s. Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 30.0

SENTENCES = [
    "我们和街道的合作主要是通过政府购买服务的项目来进行的。",
    "民政局每年拨款，但是资金到位总是比较慢，我们只能先垫付。",
    "社区居委会有时候会把行政任务交给我们的社工，这让我们很为难。",
    "老人们对上门服务比较满意，特别是助餐和助浴这两项。",
    "评估的时候主要看台账和服务次数，很少有人真正去问老人的感受。",
    "其他几家服务中心的做法跟我们差不多，大家都在互相学习。",
    "𠮷祥社工站的负责人说，他们也遇到了同样的问题。",
    "我们希望有更多的自主性，可以根据老人的需要调整服务内容。",
]


def transcript(number: int, size_bytes: int, rng: random.Random) -> str:
    lines = [
        f"访谈编号：201607{number % 28 + 1:02d}YJ{number}",
        f"访谈日期：2016年7月{number % 28 + 1}日",
        f"地点：W区第{number % 4 + 1}服务中心",
        "受访者身份：社工",
        "",
    ]
    size = 0
    turn = 0
    while size < size_bytes:
        speaker = "问" if turn % 2 == 0 else "答"
        minutes, seconds = divmod(turn * 37, 60)
        line = f"[00:{minutes % 60:02d}:{seconds:02d}] {speaker}：" + "".join(
            rng.choice(SENTENCES) for _ in range(rng.randint(1, 6))
        )
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
        turn += 1
    return "\n".join(lines)


def encoded(number: int, text: str) -> tuple[str, bytes]:
    kind = number % 4
    if kind == 0:
        return f"201607{number:02d}YJ{number}.txt", text.encode("utf-8")
    if kind == 1:
        return f"201607{number:02d}LS{number}.txt", text.replace("\n", "\r\n").encode("gb18030")
    if kind == 2:
        return f"201607{number:02d}ZH{number}.txt", text.encode("utf-16")
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return f"201607{number:02d}WB{number}.docx", buffer.getvalue()


HOSTILE = {
    # name: (file name, builder, expected outcome, seconds, megabytes)
    "odt-space-bomb": ("bomb.odt", "odt_space_bomb()", "refused", 2, 100),
    "docx-lying-header-1GiB": ("lying.docx", "docx_lying_header(1024)", "refused", 2, 100),
    "docx-190MB-xml": ("big.docx", "docx_with_xml(190)", "refused", 2, 100),
    "docx-1.5M-empty-runs": ("flood.docx", "docx_element_flood(1_500_000)", "refused", 2, 100),
    "txt-19MB": ("20160710YJ2.txt", "transcript_text(19 * 1024 * 1024).encode()", "imported", 15, 500),
}


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def hostile_case(name: str, path: str) -> int:
    """In a fresh process: import one file through the service the API uses; print one JSON line."""
    import json
    import resource

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ["QUALCASE_VAR_DIR"] = var_dir
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command

        from coding.documents.services import documents_import
        from coding.projects.services import project_create

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user(username="bench", password="x" * 20)
        project = project_create(name="hostile", owner=user)
        upload = SimpleUploadedFile(HOSTILE[name][0], Path(path).read_bytes())
        # Warm the importers' lazy imports so that their memory is not counted as the file's.
        documents_import(project=project, uploads=[SimpleUploadedFile("warm.txt", b"a")], created_by=user)
        baseline = max(_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        started, cpu_started = time.perf_counter(), time.process_time()
        (result,) = documents_import(project=project, uploads=[upload], created_by=user)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "cpu": cpu,
                    "extra_mb": peak - baseline,
                    "outcome": "imported" if result.imported else "refused",
                    "message": result.message,
                    "characters": len(result.document.text) if result.imported else 0,
                },
                ensure_ascii=False,
            )
        )
    return 0


def hostile(timeout: float) -> int:
    import json
    import subprocess

    from tests.coding import hostile_files  # noqa: F401 - the builders named in HOSTILE

    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, (filename, builder, expected, max_seconds, max_mb) in HOSTILE.items():
            data = eval(builder, vars(hostile_files))  # noqa: S307 - our own table above
            path = Path(folder) / filename
            path.write_bytes(data)
            del data
            child = subprocess.Popen(
                [sys.executable, __file__, "--case", name, "--path", str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                out, err = child.communicate(timeout=timeout)
                figures = json.loads(out.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                # The whole process's high-water mark (not above its baseline): what it held when we
                # gave up on it.
                with open(f"/proc/{child.pid}/status") as status:
                    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
                child.kill()
                child.communicate()
                figures = {
                    "seconds": timeout,
                    "cpu": float("nan"),
                    "extra_mb": hwm / 1024,
                    "outcome": "timeout",
                }
            except (json.JSONDecodeError, IndexError):
                tail = err.strip().splitlines()[-1:] if err else [f"exit {child.returncode}"]
                figures = {
                    "seconds": float("nan"),
                    "cpu": float("nan"),
                    "extra_mb": float("nan"),
                    "outcome": "crashed",
                }
                figures["message"] = tail
            ok = (
                figures["outcome"] == expected
                and figures["seconds"] < max_seconds
                and figures["extra_mb"] < max_mb
            )
            failures += not ok
            print(
                f"{name:24} {path.stat().st_size / 1024 / 1024:8.2f} MB  {figures['outcome']:9} "
                f"{figures['seconds']:7.2f} s ({figures['cpu']:.2f} s CPU)  {figures['extra_mb']:8.1f} MB extra  "
                f"(target {expected} < {max_seconds} s, < {max_mb} MB: {'met' if ok else 'MISSED'})"
            )
            print(f"{'':24} {str(figures.get('message', ''))[:110]}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--mb", type=float, default=5.0, help="total size of the files in megabytes")
    parser.add_argument("--hostile", action="store_true", help="time hostile and huge files instead")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds a hostile case may take")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        return hostile_case(args.case, args.path)
    if args.hostile:
        return hostile(args.timeout)

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ.setdefault("QUALCASE_VAR_DIR", var_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from rest_framework.test import APIClient

        from coding.models import Document, SpeakerTurn
        from coding.projects.services import project_create

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user(username=f"bench{time.time_ns()}", password="x" * 20)
        project = project_create(name="import benchmark", owner=user)

        started = time.perf_counter()
        # The target counts the files' bytes; UTF-16 and GB18030 change the size, so aim at UTF-8 bytes.
        target_bytes = args.mb * 1024 * 1024
        per_file = int(target_bytes / args.files)
        files = [
            encoded(
                n,
                transcript(n, per_file, random.Random(n)),
            )
            for n in range(args.files)
        ]
        # GB18030 and .docx come out smaller than UTF-8: rescale until the files total the target.
        for _attempt in range(3):
            per_file = int(per_file * target_bytes / sum(len(data) for _name, data in files))
            files = [encoded(n, transcript(n, per_file, random.Random(n))) for n in range(args.files)]
        build_seconds = time.perf_counter() - started
        total_bytes = sum(len(data) for _name, data in files)

        # Other apps may do work on every new document (the search index segments it with jieba);
        # time that apart, so the figures say where the seconds go.
        indexing = {"seconds": 0.0, "calls": 0}
        try:
            import search.services as search_services
        except ImportError:
            search_services = None
        if search_services is not None and hasattr(search_services, "document_index"):
            original_index = search_services.document_index

            def timed_index(**kwargs):
                started_index = time.perf_counter()
                try:
                    return original_index(**kwargs)
                finally:
                    indexing["seconds"] += time.perf_counter() - started_index
                    indexing["calls"] += 1

            search_services.document_index = timed_index

        client = APIClient()
        client.force_authenticate(user)
        uploads = [SimpleUploadedFile(name, data) for name, data in files]
        started = time.perf_counter()
        response = client.post(
            f"/api/projects/{project.pk}/documents/import/", {"files": uploads}, format="multipart"
        )
        seconds = time.perf_counter() - started
        body = response.json()
        documents = Document.objects.filter(project=project)
        characters = sum(len(text) for text in documents.values_list("text", flat=True))
        turns = SpeakerTurn.objects.filter(document__project=project).count()
        refused = [(r["filename"], r["message"]) for r in body["results"] if r["status"] != "imported"]

        print(f"database        {django.db.connection.vendor}")
        print(
            f"files           {len(files)} ({', '.join(sorted({name.rsplit('.', 1)[1] for name, _ in files}))})"
        )
        print(f"bytes uploaded  {total_bytes / 1024 / 1024:.2f} MB (built in {build_seconds:.1f} s)")
        print(f"imported        {body['imported']}, refused {body['refused']} {refused[:3]}")
        print(f"characters      {characters:,}")
        print(f"speaker turns   {turns:,}")
        print(
            f"request         {seconds:.2f} s  ({seconds / len(files) * 1000:.0f} ms a file, "
            f"{total_bytes / 1024 / 1024 / seconds:.2f} MB/s)"
        )
        if indexing["calls"]:
            print(
                f"  of which       {indexing['seconds']:.2f} s search indexing ({indexing['calls']} documents), "
                f"{seconds - indexing['seconds']:.2f} s the import itself"
            )
        if search_services is not None:
            # Past a size, the search app segments the rest in a background job: say when it is done.
            from search.models import DocumentIndex

            while time.perf_counter() - started < 600:
                if DocumentIndex.objects.filter(document__project=project).count() >= body["imported"]:
                    break
                time.sleep(0.5)
            print(
                f"searchable      all {body['imported']} documents after {time.perf_counter() - started:.1f} s"
            )
        ok = response.status_code == 200 and body["imported"] == len(files) and seconds < TARGET_SECONDS
        print(f"target          < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
