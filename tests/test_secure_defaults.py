"""Secure defaults: a generated SECRET_KEY kept in var/, and HTTPS=true passing `check --deploy`."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from config.secret_key import load_or_create

ROOT = Path(__file__).resolve().parent.parent


def test_a_secret_key_is_generated_once_private_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = load_or_create(path)
    assert len(key) >= 50 and "insecure" not in key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create(path) == key
    assert load_or_create(tmp_path / "other" / "secret_key") != key


def _manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest for Playwright in this process;
    # a deployment never has it, and check --deploy rightly refuses it.
    unset = {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_without_secret_key_settings_use_the_generated_one(tmp_path):
    done = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        QUALCASE_VAR_DIR=str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == (tmp_path / "secret_key").read_text()


def test_https_true_makes_check_deploy_clean(tmp_path):
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HTTPS="true",
        ALLOWED_HOSTS="qualcase.example.org",
        QUALCASE_VAR_DIR=str(tmp_path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    insecure = _manage("check", "--deploy", "--fail-level", "WARNING", QUALCASE_VAR_DIR=str(tmp_path))
    assert insecure.returncode != 0 and "SESSION_COOKIE_SECURE" in insecure.stderr + insecure.stdout
