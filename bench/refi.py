"""Benchmark of REFI-QDA project import and export (not a unit test).

Writes a .qdpx with 200 Chinese documents (with 𠮷 and emoji, so positions need mapping) and
20,000 codings by three coders in UTF-16 offsets, as NVivo would, then times in a throwaway SQLite
database (or the one DATABASE_URL names, e.g. through scripts/with_postgres.py):
- reading and placing alone (pure Python);
- the preview (dry run) and the import as a new project (one transaction);
- the export of that project back to a .qdpx.
Each must stay under 30 s.

Run from the repository root: ``.venv/bin/python bench/refi.py``.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["QUALCASE_VAR_DIR"] = tempfile.mkdtemp(prefix="qualcase-bench-")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from exchange import selectors, services  # noqa: E402
from exchange.refi import model, reader, writer  # noqa: E402

DOCUMENTS = 200
CODINGS = 20_000
LIMIT_SECONDS = 30
PHRASES = [
    "我们和街道办的合作主要靠项目制",
    "民政局每年会给一笔购买服务的资金",
    "社工站的人手一直不够",
    "评估的时候看的主要是台账",
    "老人们其实更需要陪伴",
    "𠮷祥社区的志愿者很积极",
    "去年换了一家机构来做😀",
    "自治金项目的申请流程很复杂",
]


def guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_qdpx():
    rng = random.Random(17)
    users = [model.User(guid(rng), f"bench-coder-{n}") for n in range(3)]
    parents = [model.Code(guid(rng), f"主题{n}", codable=False, color="#4e79a7") for n in range(6)]
    leaves = []
    for parent in parents:
        for n in range(5):
            code = model.Code(guid(rng), f"{parent.name}-子码{n}", color="#e15759", description="定义")
            parent.children.append(code)
            leaves.append(code)
    variables = [model.Variable(guid(rng), "年龄", "Integer"), model.Variable(guid(rng), "地区", "Text")]
    project = model.ProjectData(
        name="基准项目", origin="NVivo for Windows 20.1", users=users, codes=parents, variables=variables
    )
    per_document = CODINGS // DOCUMENTS
    for d in range(DOCUMENTS):
        paragraphs = ["问：" + "，".join(rng.choice(PHRASES) for _ in range(6)) + "。" for _ in range(40)]
        text = "\n".join(paragraphs)
        source = model.TextSource(guid(rng), f"访谈{d:03d}", text=text)
        for _ in range(per_document):
            start = rng.randrange(0, len(text) - 100)
            end = start + rng.randint(5, 90)
            source.selections.append(
                model.Selection(
                    guid(rng),
                    start,
                    end,
                    codings=[model.Coding(guid(rng), rng.choice(leaves).guid, user=rng.choice(users).guid)],
                )
            )
        project.sources.append(source)
        if d % 10 == 0:
            project.cases.append(
                model.Case(
                    guid(rng),
                    f"个案{d // 10}",
                    source_refs=[source.guid],
                    values=[
                        model.VariableValue(variables[0].guid, 30 + d // 10),
                        model.VariableValue(variables[1].guid, "上海"),
                    ],
                )
            )
    return writer.write_qdpx(project, offsets="utf16")


def timed(label, function):
    began = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - began
    verdict = "ok" if seconds < LIMIT_SECONDS else "TOO SLOW"
    print(f"{label:<34} {seconds:7.2f} s  {verdict}")
    return result, seconds


def main():
    call_command("migrate", verbosity=0)
    owner = get_user_model().objects.create_user(username="bench-owner", password="bench-password-42")
    data, _ = timed("write the .qdpx (pure)", build_qdpx)
    print(f"{'  size':<34} {len(data) / 1024 / 1024:7.2f} MiB")
    parsed, _ = timed("read and place (pure)", lambda: reader.read_qdpx(data))
    print(f"{'  selections placed':<34} {sum(len(s.selections) for s in parsed.sources):7d}")
    timed("preview (dry run)", lambda: services.project_import(user=owner, data=data, dry_run=True))
    (project, report), import_seconds = timed(
        "import as a new project", lambda: services.project_import(user=owner, data=data)
    )
    print(f"{'  codings created':<34} {report['counts']['codings']:7d}")
    exported, export_seconds = timed("export .qdpx", lambda: selectors.project_export(project=project))
    timed("export .qdpx, UTF-16 offsets", lambda: selectors.project_export(project=project, offsets="utf16"))
    print(f"{'  size':<34} {len(exported) / 1024 / 1024:7.2f} MiB")
    return 0 if max(import_seconds, export_seconds) < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
