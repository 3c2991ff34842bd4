"""Schemathesis over the whole API schema (issue 14): no server error and every response as the
schema says, as the demo project's owner and as a viewer, against gunicorn on a demo database.

Bounded and repeatable: a few examples per operation in Schemathesis' deterministic mode, so a
failure here is reproducible with scripts/fuzz_api.sh (which runs more examples) or `st replay`.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.jobs.conftest import live_stack_factory

pytestmark = pytest.mark.live

ST = Path(sys.executable).with_name("st")  # the virtualenv's, as LiveStack finds gunicorn
EXAMPLES = 5
# Owner and viewer of the demo project (demo/data/study.json).
USERS = {"viewer": "zhao.lei", "owner": "zhang.min"}

TOKENS = """
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
users = get_user_model().objects
print(json.dumps({{name: Token.objects.get_or_create(user=users.get(username=name))[0].key for name in {names!r}}}))
"""


@pytest.fixture
def live_stack(request, tmp_path):
    make, stacks = live_stack_factory(request, tmp_path)
    yield make
    for stack in stacks:
        stack.stop()


def run_schemathesis(port, token, workdir):
    base = f"http://127.0.0.1:{port}"
    return subprocess.run(
        [
            str(ST),
            "run",
            f"{base}/api/schema/",
            "--url",
            base,
            "-H",
            f"Authorization: Token {token}",
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",
            "--workers",
            "2",
            "--continue-on-failure",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--phases",
            "examples,fuzzing",
            "--no-color",
        ],
        cwd=workdir,  # Schemathesis keeps its example database in the working directory
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("live_stack", ["sqlite", "postgresql"], indirect=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_stack, tmp_path):
    if not ST.exists():
        pytest.fail("schemathesis is missing: .venv/bin/pip install -e '.[dev]'")
    # Tasks run inside the request (no worker process): one process fewer on the 2-core machine.
    stack = live_stack(
        gunicorn_workers=2,
        worker=False,
        env={"QUALCASE_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    )
    stack.manage("load_demo")
    tokens = stack.shell(TOKENS.format(names=list(USERS.values())))
    port = stack.servers[0][0]

    # The viewer first: the owner's run may change or remove what the viewer would read.
    failures = []
    for role, username in USERS.items():
        result = run_schemathesis(port, tokens[username], tmp_path)
        if result.returncode != 0:
            failures.append(f"== as {role} ({username}): exit {result.returncode}\n{result.stdout[-20000:]}")
    server_log = "\n".join(path.read_text() for path in stack.root.glob("gunicorn-*.log"))
    assert not failures, "\n".join(failures)
    # Errors the checks cannot see (a 500 answered as a schema-valid JSON error) are logged.
    assert "API error" not in server_log, server_log[-5000:]
