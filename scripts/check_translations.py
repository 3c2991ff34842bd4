#!/usr/bin/env python3
"""Lint: the Simplified Chinese translation is complete and its committed .mo is current.

1. `manage.py makemessages -l zh_Hans --no-obsolete` run on a scratch copy of the source tree
   (so the check never rewrites the working tree) must leave no untranslated and no fuzzy
   entries: every string the code marks for translation has a reviewed translation.
2. Compiling the committed .po the way `manage.py compilemessages` does (msgfmt --check-format)
   must give the same catalog as the committed .mo, so nobody ships a stale .mo.

Skips with a message while the locale files do not exist yet. Run with the project's Python
(it runs manage.py with sys.executable). Exit 0 when fine or skipped, 1 on a problem.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
MESSAGES = Path("locale") / LOCALE / "LC_MESSAGES"
# Never part of the source: the virtualenv, runtime state, VCS data and caches.
SKIP_DIRS = {".git", ".venv", "var", "node_modules", "shared", "__pycache__", "build", "dist"}
C_ENV = dict(os.environ, LC_ALL="C", LANGUAGE="")


def say(message: str) -> None:
    print(f"check_translations: {message}", flush=True)


def copy_source(dest: Path) -> None:
    def ignore(_dir, names):
        return [
            n for n in names if n in SKIP_DIRS or n.endswith((".egg-info", "_cache")) or n == ".hypothesis"
        ]

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)


def statistics(po: Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as msgfmt counts them."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(po)], capture_output=True, text=True, env=C_ENV
    )
    if result.returncode != 0:
        raise RuntimeError(f"msgfmt could not read {po}:\n{result.stderr}")
    text = result.stderr + result.stdout

    def count(pattern: str) -> int:
        match = re.search(r"(\d+) " + pattern, text)
        return int(match.group(1)) if match else 0

    return count("translated"), count("fuzzy"), count("untranslated")


def list_entries(po: Path, option: str) -> str:
    """The offending entries, printed by gettext's msgattrib (--untranslated / --only-fuzzy)."""
    if not shutil.which("msgattrib"):
        return ""
    result = subprocess.run(
        ["msgattrib", option, "--no-wrap", str(po)], capture_output=True, text=True, env=C_ENV
    )
    # The header is the one entry whose msgid is empty (a long msgid starts `msgid ""` + continuation).
    blocks = [
        b for b in result.stdout.split("\n\n") if b.strip() and not re.search(r'^msgid ""\nmsgstr', b, re.M)
    ]
    shown = "\n\n".join(blocks[:20])
    more = f"\n... and {len(blocks) - 20} more" if len(blocks) > 20 else ""
    return shown + more


def catalog(mo: Path) -> dict:
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def main() -> int:
    po_files = sorted((ROOT / MESSAGES).glob("*.po"))
    if not po_files:
        say(f"SKIPPED: no {MESSAGES}/*.po yet (nothing to check until the translation exists)")
        return 0
    tools = ["msgfmt", "xgettext", "msgmerge"]
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        say(f"gettext tools missing ({', '.join(missing)}): apt-get install gettext")
        return 1

    problems = 0
    with tempfile.TemporaryDirectory(prefix="qualcase-i18n-") as tmp:
        tree = Path(tmp) / "src"
        copy_source(tree)
        for po in po_files:
            domain = po.stem  # django, or djangojs
            rel = po.relative_to(ROOT)

            # 1. Re-extract the strings from the code and merge them into a copy of the .po.
            result = subprocess.run(
                [
                    sys.executable, "manage.py", "makemessages",
                    "-l", LOCALE, "-d", domain, "--no-obsolete",
                    "--ignore=var/*", "--ignore=.venv/*", "--ignore=shared/*",
                ],
                cwd=tree, capture_output=True, text=True, env=C_ENV,
            )  # fmt: skip
            if result.returncode != 0:
                say(f"makemessages failed:\n{result.stdout}{result.stderr}")
                problems += 1
                continue
            merged = tree / rel
            translated, fuzzy, untranslated = statistics(merged)
            if fuzzy or untranslated:
                problems += 1
                say(
                    f"{rel}: after makemessages --no-obsolete, {untranslated} untranslated and "
                    f"{fuzzy} fuzzy entries ({translated} translated). Run `python manage.py "
                    f"makemessages -l {LOCALE} --no-obsolete`, translate them, remove the fuzzy "
                    f"flags, then `python manage.py compilemessages`."
                )
                for option, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
                    entries = list_entries(merged, option)
                    if entries.strip():
                        print(f"--- {label} entries ---\n{entries}")
            else:
                say(f"{rel}: {translated} entries, all translated, none fuzzy")

            # 2. Compile the committed .po as compilemessages does; compare with the committed .mo.
            mo = po.with_suffix(".mo")
            if not mo.exists():
                say(
                    f"{mo.relative_to(ROOT)} is missing: run `python manage.py compilemessages` and commit it"
                )
                problems += 1
                continue
            fresh = Path(tmp) / f"{domain}.mo"
            result = subprocess.run(
                ["msgfmt", "--check-format", "-o", str(fresh), str(po)],
                capture_output=True,
                text=True,
                env=C_ENV,
            )
            if result.returncode != 0:
                say(f"msgfmt --check-format rejects {rel}:\n{result.stderr}")
                problems += 1
                continue
            # Compare what gettext reads, not bytes, so another gettext version's layout is not a diff.
            committed, expected = catalog(mo), catalog(fresh)
            if committed != expected:
                problems += 1
                changed = sorted(
                    (k for k in set(committed) | set(expected) if committed.get(k) != expected.get(k)),
                    key=str,
                )
                say(
                    f"{mo.relative_to(ROOT)} does not match {rel} ({len(changed)} entries differ, e.g. "
                    f"{[str(k)[:60] for k in changed[:5]]}): run `python manage.py compilemessages` "
                    "and commit the .mo"
                )
            else:
                same = "byte-identical" if mo.read_bytes() == fresh.read_bytes() else "same catalog"
                say(f"{mo.relative_to(ROOT)} matches the compiled {rel} ({same})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
