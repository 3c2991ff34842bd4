"""The CRLF demo transcript stays CRLF in every clone, whatever the cloner's core.autocrlf."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRLF_FILE = "demo/data/transcripts/06_20170412JJ1.txt"


def test_git_is_told_not_to_convert_the_crlf_transcript():
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    answer = subprocess.run(
        ["git", "check-attr", "text", "--", CRLF_FILE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # "unset" is what `-text` in demo/data/transcripts/.gitattributes gives; without it git may
    # turn the \r\n into \n on checkout (core.autocrlf) and load_demo no longer tests normalisation.
    assert answer.stdout.strip() == f"{CRLF_FILE}: text: unset"
    assert b"\r\n" in (ROOT / CRLF_FILE).read_bytes()
