"""Benchmark of the document coding page on a two-hour interview (not a unit test).

Builds a 200,000-character Chinese transcript with 2,000 codings by two coders in a throwaway
SQLite database (or the one DATABASE_URL names, e.g. through scripts/with_postgres.py), then prints:
- the server time of the page (HTML with the embedded text, codebook and codings), median of 20;
- in headless Chromium (Debian's /usr/bin/chromium): time from navigation to the first draw of
  the visible text with highlights and stripes (the page's `qc-first-draw` performance mark),
  the longest task while scrolling from the first line to the last, and the time from pressing
  Enter in the code picker until the new coding is drawn.

Run from the repository root: ``.venv/bin/python bench/coding_page.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
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

from coding.codebook import services as codebook_services  # noqa: E402
from coding.documents import services as document_services  # noqa: E402
from coding.models import Coding, Role  # noqa: E402
from coding.projects import services as project_services  # noqa: E402

CHROMIUM = os.environ.get("QUALCASE_CHROMIUM", "/usr/bin/chromium")
LENGTH = 200_000
CODINGS = 2_000
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


def build():
    call_command("migrate", verbosity=0)
    rng = random.Random(20160710)
    users = get_user_model().objects
    owner = users.create_user(username="bench-owner", password="bench-password-42")
    coders = [users.create_user(username=f"bench-coder-{n}", password="bench-password-42") for n in (1, 2)]
    project = project_services.project_create(name="基准测试", owner=owner)
    for coder in coders:
        project_services.membership_add(project=project, user=coder, role=Role.CODER)
    codes = [
        codebook_services.code_create(project=project, name=name, color=COLORS[i % len(COLORS)])
        for i, name in enumerate(CODEBOOK)
    ]
    text = transcript(rng)
    document = document_services.document_create(project=project, title="两小时访谈", text=text, created_by=owner)
    rows, seen = [], set()
    while len(rows) < CODINGS:
        start = rng.randrange(0, len(text) - 300)
        end = start + rng.randint(8, 250)
        code, coder = rng.choice(codes), rng.choice(coders)
        if (start, end, code.pk, coder.pk) in seen:
            continue
        seen.add((start, end, code.pk, coder.pk))
        rows.append(
            Coding(document=document, code=code, coder=coder, start=start, end=end, quote=text[start:end])
        )
    Coding.objects.bulk_create(rows)
    return coders[0], project, document


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


def browser_times(user, url, runs):
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    server = LiveServerThread("localhost", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://localhost:{server.port}"
    figures = {"first_draw": [], "html_loaded": [], "longest_scroll_task": [], "apply": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": "localhost", "path": "/"}]
            )
            page = context.new_page()
            for run in range(runs):
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
                figures["longest_scroll_task"].append(scroll_longest_task(page))
                figures["apply"].append(apply_time(page, 3 + 2 * run))
            browser.close()
    finally:
        server.terminate()
    return figures


def scroll_longest_task(page):
    return page.evaluate(
        """async () => {
            let longest = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
            }).observe({ type: "longtask" });
            const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
            const step = window.innerHeight * 0.8;
            while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2) {
                window.scrollBy(0, step);
                await frame();
                await frame();
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
            window.scrollTo(0, 0);
            return longest;
        }"""
    )


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads in the browser")
    args = parser.parse_args()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    began = time.perf_counter()
    user, project, document = build()
    url = f"/projects/{project.pk}/documents/{document.pk}/"
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(
        f"built {len(document.text):,} characters, {Coding.objects.filter(document=document).count():,} "
        f"codings by 2 coders in {time.perf_counter() - began:.1f} s"
    )
    median, size = server_times(user, url)
    print(
        f"server: page HTML + data {size / 1024:.0f} KiB, median {median:.0f} ms over 20 requests (goal < 300)"
    )
    print(f"server: POST a coding on it, median {apply_server_times(user, project, document):.0f} ms over 10")
    if not os.access(CHROMIUM, os.X_OK):
        print(f"browser: skipped, no Chromium at {CHROMIUM}")
        return
    figures = browser_times(user, url, args.runs)
    print(
        f"browser: first draw of the visible text with highlights and stripes, median "
        f"{statistics.median(figures['first_draw']):.0f} ms after navigation over {args.runs} loads "
        f"(goal < 1000; HTML received at {statistics.median(figures['html_loaded']):.0f} ms)"
    )
    scroll = figures["longest_scroll_task"]
    print(
        f"browser: longest task while scrolling from the first line to the last, median "
        f"{statistics.median(scroll):.0f} ms, worst {max(scroll):.0f} ms over {args.runs} scrolls "
        "(goal < 100; 0 = no task over 50 ms)"
    )
    apply = figures["apply"]
    print(
        f"browser: apply a code, from Enter to the drawn coding, median {statistics.median(apply):.0f} ms, "
        f"worst {max(apply):.0f} ms over {args.runs} (goal < 150)"
    )


if __name__ == "__main__":
    main()
