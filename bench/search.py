"""Benchmark of search on 10 million characters of Chinese text (not a unit test).

Run through a throwaway PostgreSQL server, the database the targets are stated for:

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/search.py [--chars 10000000]

Generates transcripts from a vocabulary (domain terms, common words, speaker turns, full-width
punctuation), stores them through document_create (so each is segmented once, as on import), then
prints:
- segmentation of a 200,000-character transcript on import (document_create), median of 3;
- a two-word query's first page of keyword-in-context hits: the selector alone and the whole API
  request, median of 20 each, for a frequent pair, a rarer pair, a phrase and an exact substring.
Targets from issue 8: first page under 200 ms (median); 200,000 characters segmented under 2 s.
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

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from coding.documents import services as document_services  # noqa: E402
from coding.projects import services as project_services  # noqa: E402
from search.selectors import search  # noqa: E402

DOMAIN = (
    "政社互动 社会组织 政府购买服务 居家养老 自治金 民政局 街道 居委会 社工 项目 资金 合同 评估 考核 "
    "服务中心 老人 志愿者 理事长 专业服务 合法性 资源依赖 行政化 内卷化 合谋 趋同 购买 承接 招标 绩效 "
    "枢纽型社会组织 基金会 社区 党建 台账 指标 经费 审计 培训 督导"
).split()
COMMON = (
    "我们 他们 这个 那个 时候 觉得 其实 就是 然后 因为 所以 但是 已经 还是 可以 需要 没有 工作 问题 情况 "
    "时间 方面 主要 比较 一些 现在 以前 后来 开始 希望 要求 安排 负责 联系 沟通 参加 活动 报告 材料 会议 "
    "领导 部门 单位 人员 家庭 孩子 医院 电话 上门 每天 每周 一年 两年 区里 市里 上面 下面 关系 支持 合作 "
    "压力 困难 办法 效果 变化 经验 政策 文件 规定 标准 检查 任务 完成 发现 解决 提供 帮助 了解 知道 认为"
).split()
PUNCTUATION = ["，", "，", "，", "。", "。", "？", "！", "、"]
# Words in about one document in twenty: a query for two of them shows the index at work.
RARE = ["协议书", "第三方评估"]


def vocabulary_text(rng, size):
    words = DOMAIN + COMMON
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(words))]
    rng.shuffle(words)
    parts, length, speaker = [], 0, "问"
    while length < size:
        turn = [f"{speaker}："]
        for _sentence in range(rng.randint(1, 6)):
            turn.extend(rng.choices(words, weights, k=rng.randint(4, 14)))
            turn.append(rng.choice(PUNCTUATION))
        for word in RARE:
            if rng.random() < 0.002:
                turn.insert(rng.randint(1, len(turn) - 1), word)
        line = "".join(turn) + "\n"
        parts.append(line)
        length += len(line)
        speaker = "答" if speaker == "问" else "问"
    return "".join(parts)[:size]


def median_ms(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--document-chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(8)

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    project = project_services.project_create(name="检索基准", owner=user)
    print(f"database: {connection.vendor}")

    start = time.perf_counter()
    documents = max(1, args.chars // args.document_chars)
    for n in range(documents):
        document_services.document_create(
            project=project,
            title=f"访谈{n:04d}",
            text=vocabulary_text(rng, args.document_chars),
            created_by=user,
        )
    load = time.perf_counter() - start
    total = documents * args.document_chars
    print(f"stored and segmented {documents} documents, {total:,} characters, in {load:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    big = vocabulary_text(rng, 200_000)

    def import_one():
        document_services.document_create(project=project, title=f"长访谈{rng.random()}", text=big, created_by=user)

    median, low, high = median_ms(import_one, 3)
    print(
        f"segmenting a 200,000-character transcript on import: median {median:.0f} ms (min {low:.0f}, max {high:.0f})"
    )

    client = APIClient()
    client.force_authenticate(user)
    queries = [
        ("frequent two words", "社会组织 资金", False),
        ("rarer two words", "督导 审计", False),
        ("two rare words", "协议书 第三方评估", False),
        ("phrase", '"政府购买服务 资金"', False),
        ("two words, one excluded", "居家养老 NOT 台账", False),
        ("exact substring, 2 chars", "织资", True),
        ("exact substring, 4 chars", "协议书第", True),
    ]
    for label, text, exact in queries:
        result = search(project=project, text=text, exact=exact)
        hits = sum(len(group.hits) for group in result.groups)
        median, low, high = median_ms(
            lambda t=text, e=exact: search(project=project, text=t, exact=e), args.runs
        )
        url = f"/api/projects/{project.pk}/search/?q={text}&exact={'true' if exact else 'false'}"
        assert client.get(url).status_code == 200
        api_median, _low, _high = median_ms(lambda u=url: client.get(u), args.runs)
        print(
            f"{label:<26} {text!r:<24} {result.documents_count:>4} documents, first page {hits:>3} hits: "
            f"selector median {median:.1f} ms (min {low:.1f}, max {high:.1f}); API request median {api_median:.1f} ms"
        )


if __name__ == "__main__":
    main()
