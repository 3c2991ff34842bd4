"""Benchmark of the document coding page on a two-hour interview (not a unit test).

Builds a 200,000-character Chinese transcript per size (``--codings 500,2000,10000``: that many
codings by up to ten coders) in a throwaway SQLite database (or the one DATABASE_URL names, e.g.
through scripts/with_postgres.py), then prints for each size:
- the server time of the page (everything the first draw needs), median of 20;
- in headless Chromium (Debian's /usr/bin/chromium): time from navigation (from the
  project's document list) to the first draw of
  the visible text with highlights and stripes (the page's `qc-first-draw` performance mark),
  the time from a jump to the end of the document until its last chunk is drawn, the longest
  task while scrolling from the first line to the last, the time from pressing Enter in the code
  picker until the new coding is drawn, and the renderer's memory (JS heap from CDP and the
  proportional set size of the renderer processes);
- the team poll's answer size and server time, with nothing changed and after one change;
- the CPU of a gunicorn server (2 workers, a separate process) while 30 simulated pages poll it
  every 2.5 s for ``--poll-seconds`` (60), in % of one core.

Run from the repository root: ``.venv/bin/python bench/coding_page.py [--runs 5] [--codings 2000]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["QUALCASE_VAR_DIR"] = tempfile.mkdtemp(prefix="qualcase-bench-")
# Playwright's sync API runs an event loop in this thread; the ORM calls here are sequential.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import warnings  # noqa: E402

import django  # noqa: E402

# The benchmark serves static files from the source tree, not from a collectstatic directory.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.utils import timezone  # noqa: E402

from coding.codebook import services as codebook_services  # noqa: E402
from coding.documents import services as document_services  # noqa: E402
from coding.models import Coding, Role  # noqa: E402
from coding.projects import services as project_services  # noqa: E402

CHROMIUM = os.environ.get("QUALCASE_CHROMIUM", "/usr/bin/chromium")
LENGTH = 200_000
PHRASES = [
    "我们和街道办的合作主要靠项目制",
    "民政局每年会给一笔购买服务的资金",
    "社工站的人手一直不够",
    "居家养老服务中心要完成规定的服务次数",
    "评估的时候看的主要是台账",
    "老人们其实更需要陪伴",
    "有时候领导一句话项目就定下来了",
    "我们也在想办法减少对政府资金的依赖",
    "专业性体现在个案管理上",
    "居委会那边希望我们多办活动",
    "这个指标是上面定的",
    "大家做法越来越像",
    "𠮷祥社区的志愿者很积极",
    "去年换了一家机构来做😀",
    "自治金项目的申请流程很复杂",
    "街道会派人来检查",
]
CODEBOOK = [
    "合谋化",
    "内卷化",
    "行政化",
    "趋同化",
    "强制性",
    "模仿性",
    "规范性",
    "合法性资源",
    "经济资源",
    "专业服务",
    "吸纳型合作",
    "伙伴关系",
    "讨价还价",
    "契约性合作",
    "互依式合作",
    "制度性合作",
]
COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"]


def transcript(rng):
    paragraphs, size = [], 0
    turn = 0
    while size < LENGTH:
        speaker = "问：" if turn % 2 == 0 else "答："
        sentences = rng.randint(1, 3) if turn % 2 == 0 else rng.randint(3, 12)
        body = "，".join(rng.choice(PHRASES) for _ in range(sentences)) + "。"
        paragraphs.append(speaker + body)
        size += len(paragraphs[-1]) + 1
        turn += 1
    return "\n".join(paragraphs)[:LENGTH]


def build_project():
    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    owner = users.create_user(username="bench-owner", password="bench-password-42")
    coders = [
        users.create_user(username=f"bench-coder-{n}", password="bench-password-42") for n in range(1, 11)
    ]
    project = project_services.project_create(name="基准测试", owner=owner)
    for coder in coders:
        project_services.membership_add(project=project, user=coder, role=Role.CODER)
    codes = [
        codebook_services.code_create(project=project, name=name, color=COLORS[i % len(COLORS)])
        for i, name in enumerate(CODEBOOK)
    ]
    return owner, coders, project, codes


def build_document(owner, coders, project, codes, count):
    """A transcript with `count` codings by up to ten coders (a thousand each, at least two)."""
    rng = random.Random(20160710 + count)
    coders = coders[: max(2, min(10, count // 1000))]
    text = transcript(rng)
    document = document_services.document_create(
        project=project, title=f"两小时访谈 {count}", text=text, created_by=owner
    )
    rows, seen = [], set()
    while len(rows) < count:
        start = rng.randrange(0, len(text) - 300)
        end = start + rng.randint(8, 250)
        code, coder = rng.choice(codes), rng.choice(coders)
        if (start, end, code.pk, coder.pk) in seen:
            continue
        seen.add((start, end, code.pk, coder.pk))
        rows.append(
            Coding(document=document, code=code, coder=coder, start=start, end=end, quote=text[start:end])
        )
    Coding.objects.bulk_create(rows, batch_size=2000)
    # Made earlier in the study, not just now: a poll's look-back window must not see them.
    earlier = timezone.now() - datetime.timedelta(days=1)
    Coding.objects.filter(document=document).update(created_at=earlier, updated_at=earlier)
    return document, len(coders)


def server_times(user, url, runs=20):
    client = Client()
    client.force_login(user)
    client.get(url)  # warm up templates and caches
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        answer = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200
    return statistics.median(times), len(answer.content)


def apply_server_times(user, project, document, runs=10):
    """Server time of POST …/codings/ on this document, the request behind every apply."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    code = project.codes.first()
    times = []
    for n in range(runs):
        began = time.perf_counter()
        answer = client.post(
            f"/api/projects/{project.pk}/codings/",
            {"document": document.pk, "code": code.pk, "start": 10 + n, "end": 40 + n},
            format="json",
        )
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 201, answer.content
    return statistics.median(times)


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def browser_times(user, urls, runs):
    """Figures per page url: first draw, end draw after a jump, scrolling, apply, memory."""
    from playwright.sync_api import sync_playwright

    session = session_of(user)
    server = LiveServerThread("localhost", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://localhost:{server.port}"
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for url in urls:
                figures = {key: [] for key in ("first_draw", "html_loaded", "start_task", "end_draw", "scroll", "apply")}
                context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": "localhost", "path": "/"}]
                )
                # Long tasks from the first moment of each page, to find the longest one of its start-up.
                context.add_init_script(
                    "window.qcTasks = []; new PerformanceObserver((list) => window.qcTasks.push("
                    "...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });"
                )
                page = context.new_page()
                # Each load comes from the project's document list, as a researcher opens a
                # transcript: navigating straight from the previous run's fully scrolled page
                # would count the teardown of its 60,000 nodes into this load's time.
                document_list = url.rstrip("/").rsplit("/", 1)[0] + "/"
                for run in range(runs):
                    page.goto(document_list)
                    page.goto(url)
                    page.wait_for_selector("#workspace[data-ready='1']")
                    marks = page.evaluate(
                        """() => ({
                            draw: performance.getEntriesByName("qc-first-draw")[0].startTime,
                            html: performance.getEntriesByType("navigation")[0].responseEnd,
                        })"""
                    )
                    figures["first_draw"].append(marks["draw"])
                    figures["html_loaded"].append(marks["html"])
                    figures["start_task"].append(page.evaluate("Math.max(0, ...window.qcTasks)"))
                    figures["end_draw"].append(end_draw_time(page))
                    figures["scroll"].append(scroll_longest_task(page))
                    figures["apply"].append(apply_time(page, 3 + 2 * run))
                figures["memory"] = renderer_memory(context, page)
                context.close()
                results[url] = figures
            browser.close()
    finally:
        server.terminate()
    return results


def end_draw_time(page):
    """From a jump to the end of the document until its last chunk is drawn (timers, not frames)."""
    return page.evaluate(
        """async () => {
            window.scrollTo(0, 0);
            await new Promise((resolve) => setTimeout(resolve, 300));
            const last = window.qualcase.chunks.at(-1);
            const began = performance.now();
            window.scrollTo(0, document.documentElement.scrollHeight);
            while (!last.drawn && performance.now() - began < 10000) {
                await new Promise((resolve) => setTimeout(resolve, 1));
            }
            const took = performance.now() - began;
            window.scrollTo(0, 0);
            await new Promise((resolve) => setTimeout(resolve, 300));
            return last.drawn ? took : Infinity;
        }"""
    )


def scroll_longest_task(page):
    return page.evaluate(
        """async () => {
            let longest = 0;
            const observer = new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
            });
            observer.observe({ type: "longtask" });
            const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
            const step = window.innerHeight * 0.8;
            while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2) {
                window.scrollBy(0, step);
                await frame();
                await frame();
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
            observer.disconnect();
            window.scrollTo(0, 0);
            return longest;
        }"""
    )


def _pss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _renderers_of_this_process():
    """Pids of Chromium renderer processes started (through Playwright) by this benchmark."""
    parents, renderers = {}, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        if b"--type=renderer" in cmdline:
            renderers.append(int(entry.name))
    mine = []
    for pid in renderers:
        ancestor = parents.get(pid)
        while ancestor and ancestor != os.getpid():
            ancestor = parents.get(ancestor)
        if ancestor == os.getpid():
            mine.append(pid)
    return mine


def renderer_memory(context, page):
    """JS heap and DOM nodes (CDP Performance metrics) and renderer PSS, after a full scroll."""
    page.goto(page.url)
    page.wait_for_selector("#workspace[data-ready='1']")
    scroll_longest_task(page)
    cdp = context.new_cdp_session(page)
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    pss = sum(_pss_kib(pid) for pid in _renderers_of_this_process()) / 1024
    return {
        "heap_used": metrics.get("JSHeapUsedSize", 0) / 2**20,
        "heap_total": metrics.get("JSHeapTotalSize", 0) / 2**20,
        "nodes": int(metrics.get("Nodes", 0)),
        "renderer_pss": pss,
    }


def apply_time(page, paragraph):
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate(
        """(index) => {
            const p = window.qualcase.paragraphs[index].el;
            const range = document.createRange();
            range.selectNodeContents(p);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        paragraph,
    )
    page.locator("#ws-text").dispatch_event("mouseup")
    page.locator(".ws-picker-input").fill("hmh")
    # Timed inside the page: from the Enter keydown to the first frame after the new coding is
    # stored and its chunk redrawn (the request to the server included).
    page.evaluate(
        """() => {
            const before = window.qualcase.codings.size;
            window.applyTime = new Promise((resolve) => {
                let pressed = null;
                document.addEventListener("keydown", (event) => {
                    if (event.key === "Enter") pressed = performance.now();
                }, { capture: true, once: true });
                const tick = () => {
                    if (pressed !== null && window.qualcase.codings.size > before) {
                        requestAnimationFrame(() => resolve(performance.now() - pressed));
                    } else {
                        requestAnimationFrame(tick);
                    }
                };
                requestAnimationFrame(tick);
            });
        }"""
    )
    page.keyboard.press("Enter")
    return page.evaluate("window.applyTime")


# ---------------------------------------------------------------------------------------------
# The team poll


def poll_start(user, url):
    """The poll's url and the cursor a freshly opened page starts from."""
    client = Client()
    client.force_login(user)
    page = client.get(url).content.decode()
    data = json.loads(page.split('id="workspace-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    return data["urls"]["changes"], {"after": data["head"]["revision"]}


def data_times(user, url, runs=20):
    """The whole document's data (fetched after the first draw) and its revalidation; None if the
    page embeds everything (as before issue 20)."""
    client = Client()
    client.force_login(user)
    page = client.get(url).content.decode()
    data = json.loads(page.split('id="workspace-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    data_url = data.get("urls", {}).get("data")
    if not data_url:
        return None
    times, revalidations = [], []
    etag = client.get(data_url)["ETag"]
    for _ in range(runs):
        began = time.perf_counter()
        answer = client.get(data_url)
        times.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        assert client.get(data_url, headers={"If-None-Match": etag}).status_code == 304
        revalidations.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), len(answer.content), statistics.median(revalidations)


def poll_figures(user, project, document, url, runs=20):
    """Answer size and median server time of one poll: with nothing changed, and after one change."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    changes_url, cursor = poll_start(user, url)
    client.get(changes_url, cursor)  # warm up

    def timed(params):
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            answer = client.get(changes_url, params)
            times.append((time.perf_counter() - began) * 1000)
            assert answer.status_code == 200, answer.content
        return statistics.median(times), len(answer.content)

    # Nothing changed since the page opened.
    unchanged = timed(cursor)
    code = project.codes.last()
    answer = client.post(
        f"/api/projects/{project.pk}/codings/",
        {"document": document.pk, "code": code.pk, "start": 5, "end": 77},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    changed = timed(cursor)
    client.delete(f"/api/projects/{project.pk}/codings/{answer.json()['id']}/")
    return unchanged, changed


def _cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def poll_load(user, url, pages=30, seconds=60):
    """CPU of a 2-worker gunicorn (master and workers) while `pages` pages poll every 2.5 s."""
    import http.client
    import socket
    import subprocess
    import threading

    changes_url, cursor = poll_start(user, url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    session = session_of(user)
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}", "Accept": "application/json"}
    stop = threading.Event()
    failures, answered = [], [0]

    def page_loop(offset):
        state = dict(cursor)
        stop.wait(offset)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while not stop.is_set():
            query = "&".join(f"{key}={value}" for key, value in state.items()).replace("+", "%2B")
            try:
                connection.request("GET", f"{changes_url}?{query}", headers=headers)
                answer = connection.getresponse()
                body = json.loads(answer.read())
                if answer.status != 200:
                    failures.append(answer.status)
                else:
                    answered[0] += 1
                    state = poll_cursor(state, body)
            except Exception as exc:  # noqa: BLE001 - a benchmark notes failures and goes on
                failures.append(repr(exc))
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            stop.wait(2.5)

    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        pids = [server.pid, *_children(server.pid)]
        threads = [threading.Thread(target=page_loop, args=(i * 2.5 / pages,)) for i in range(pages)]
        for thread in threads:
            thread.start()
        time.sleep(3)  # every page has polled once: warm workers
        before, began = _cpu_seconds(pids), time.perf_counter()
        time.sleep(seconds)
        used, wall = _cpu_seconds(pids) - before, time.perf_counter() - began
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    return 100 * used / wall, answered[0], failures


def poll_cursor(state, body):
    return {"after": body["revision"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads in the browser")
    parser.add_argument("--codings", default="2000", help="comma-separated sizes, e.g. 500,2000,10000")
    parser.add_argument("--poll-seconds", type=int, default=60, help="length of the 30-page poll load")
    args = parser.parse_args()
    sizes = [int(size) for size in args.codings.split(",")]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    owner, coders, project, codes = build_project()
    user = coders[0]
    built = []
    for size in sizes:
        began = time.perf_counter()
        document, coder_count = build_document(owner, coders, project, codes, size)
        url = f"/projects/{project.pk}/documents/{document.pk}/"
        built.append((size, document, url))
        print(
            f"[{size}] built {len(document.text):,} characters, "
            f"{Coding.objects.filter(document=document).count():,} codings by {coder_count} coders "
            f"in {time.perf_counter() - began:.1f} s"
        )
    # The list a researcher opens a transcript from, with every size built above in it.
    median, _ = server_times(user, f"/projects/{project.pk}/documents/")
    print(f"server: the project's document list ({len(built)} transcripts), median {median:.0f} ms over 20 requests")
    for size, document, url in built:
        median, kib = server_times(user, url)
        print(f"[{size}] server: page, median {median:.0f} ms over 20 requests, {kib / 1024:.0f} KiB")
        whole = data_times(user, url)
        if whole:
            print(
                f"[{size}] server: whole document data, median {whole[0]:.0f} ms, {whole[1] / 1024:.0f} KiB; "
                f"304 when unchanged, median {whole[2]:.1f} ms"
            )
        (unchanged_ms, unchanged_size), (changed_ms, changed_size) = poll_figures(user, project, document, url)
        print(
            f"[{size}] server: poll unchanged {unchanged_size:,} bytes, median {unchanged_ms:.1f} ms; "
            f"after one change {changed_size:,} bytes, median {changed_ms:.1f} ms"
        )
        print(
            f"[{size}] server: POST a coding, median {apply_server_times(user, project, document):.0f} ms over 10"
        )
    if os.access(CHROMIUM, os.X_OK):
        results = browser_times(user, [url for _, _, url in built], args.runs)
        for size, _, url in built:
            figures = results[url]
            worst = lambda key, figures=figures: max(figures[key])  # noqa: E731
            median = lambda key, figures=figures: statistics.median(figures[key])  # noqa: E731
            print(
                f"[{size}] browser: first draw median {median('first_draw'):.0f} ms, worst "
                f"{worst('first_draw'):.0f} (HTML received at {median('html_loaded'):.0f} ms) over {args.runs} loads"
            )
            print(
                f"[{size}] browser: longest task from navigation until the whole document is in, median "
                f"{median('start_task'):.0f} ms, worst {worst('start_task'):.0f} (0 = no task over 50 ms)"
            )
            print(
                f"[{size}] browser: end of document drawn after a jump, median {median('end_draw'):.0f} ms, "
                f"worst {worst('end_draw'):.0f}"
            )
            print(
                f"[{size}] browser: longest task while scrolling top to bottom, median {median('scroll'):.0f} ms, "
                f"worst {worst('scroll'):.0f} (0 = no task over 50 ms)"
            )
            print(
                f"[{size}] browser: apply a code, Enter to drawn, median {median('apply'):.0f} ms, "
                f"worst {worst('apply'):.0f}"
            )
            memory = figures["memory"]
            print(
                f"[{size}] browser: memory after a full scroll: JS heap {memory['heap_used']:.0f} MiB used "
                f"of {memory['heap_total']:.0f}, {memory['nodes']:,} DOM nodes, "
                f"renderer PSS {memory['renderer_pss']:.0f} MiB"
            )
    else:
        print(f"browser: skipped, no Chromium at {CHROMIUM}")
    for size, _, url in built:
        cpu, answered, failures = poll_load(user, url, seconds=args.poll_seconds)
        print(
            f"[{size}] server: 30 pages polling every 2.5 s for {args.poll_seconds} s, nothing changing: "
            f"{cpu:.1f} % of one core ({answered} answers, {len(failures)} failures)"
        )


if __name__ == "__main__":
    main()
