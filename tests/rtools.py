"""The one way tests reach R and QCA 3.23 (tests/r/README.md): test tools, never used by the app.

The library folder is ``$QUALCASE_R_LIBS`` or ``/tmp/qualcase-rlib`` (where ``scripts/system_deps.sh``
installs it as root). A test that needs R calls ``require_r()``: under ``CI=true`` a missing R is a
failure, because CI must check the exported scripts; elsewhere it is a skip that names the fix.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

R_LIBS = os.environ.get("QUALCASE_R_LIBS", "/tmp/qualcase-rlib")
INSTALLER = Path(__file__).resolve().parent / "r" / "install_r_qca.sh"


@functools.cache
def r_problem() -> str | None:
    """None when Rscript and QCA 3.23 are usable, else why not."""
    if shutil.which("Rscript") is None:
        return f"Rscript is not installed (as root: {INSTALLER} {R_LIBS})"
    check = subprocess.run(
        ["Rscript", "-e", 'stopifnot(packageVersion("QCA") == "3.23"); library(jsonlite)'],
        env={**os.environ, "R_LIBS": R_LIBS},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check.returncode:
        return f"R has no QCA 3.23 in {R_LIBS} (as root: {INSTALLER} {R_LIBS}): {check.stderr.strip()[-300:]}"
    return None


def require_r() -> None:
    problem = r_problem()
    if problem is None:
        return
    if os.environ.get("CI") in ("true", "1"):
        pytest.fail(f"R with QCA 3.23 is required under CI=true: {problem}")
    pytest.skip(f"!!! R NOT TESTED: {problem}")


def run_r(script: str | Path, *, cwd: str | Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run an R script file (or R code) with QCA's library folder; raises with R's stderr on error."""
    path = Path(script)
    args = ["Rscript", "--vanilla", str(path)] if path.suffix == ".R" and path.exists() else ["Rscript", "-e", str(script)]
    done = subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, "R_LIBS": R_LIBS, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise AssertionError(f"R failed ({done.returncode}):\n{done.stderr[-3000:]}\n{done.stdout[-2000:]}")
    return done


def read_json(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
