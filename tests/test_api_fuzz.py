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

# Tokens, and ids of real objects in the demo project: random ids only ever reach the 404 branch.
SETUP = """
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from accounts.models import Invitation
from analysis.models import QCARun, QCAStudy, StudySet
from cases.models import Attribute, Case
from coding.models import CodebookChange, Code, Coding, Document, Membership
from search.models import AutoCodingRun, DictionaryTerm, StopWord
users = get_user_model().objects
tokens = {{name: Token.objects.get_or_create(user=users.get(username=name))[0].key for name in {names!r}}}
project = Membership.objects.get(user__username={viewer!r}).project
def first(model, **lookup):
    return model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()
ids = {{
    "project_id": project.pk,
    "attributes": first(Attribute, project=project),
    "auto-coding": first(AutoCodingRun, project=project),
    "cases": first(Case, project=project),
    "codebook/history": first(CodebookChange, project=project),
    "codes": first(Code, project=project),
    "codings": first(Coding, document__project=project),
    "dictionary": first(DictionaryTerm, project=project),
    "documents": first(Document, project=project),
    "invitations": first(Invitation, project=project),
    "members": first(Membership, project=project, role="coder"),
    "stop-words": first(StopWord, project=project),
    "document_id": first(Document, project=project),
    "case_id": first(Case, project=project),
    "attribute_id": first(Attribute, project=project),
    "study_id": first(QCAStudy, project=project),
    "set_id": first(StudySet, study__project=project),
    "run_id": first(QCARun, study__project=project),
}}
print(json.dumps({{"tokens": tokens, "ids": ids}}))
"""


def write_config(ids, path):
    """schemathesis.toml: real ids most of the time (0.8), generated ones (huge, negative) otherwise."""
    lines = []
    for name, value in ids.items():
        if value is not None:
            lines += [f'[dictionaries."{name}"]', f"values = [{value}]", ""]
    binding = '{{ dictionary = "{}", probability = 0.8 }}'
    lines.append("[parameters]")
    for name in ("project_id", "document_id", "case_id", "attribute_id", "study_id", "set_id", "run_id"):
        if ids.get(name) is not None:
            lines.append(f'"path.{name}" = {binding.format(name)}')
    for prefix, value in ids.items():
        if "_" not in prefix and value is not None:  # the objects behind `{id}` in .../<prefix>/{id}/
            lines += ["", "[[operations]]", f"include-path-regex = '/{prefix}/\\{{id\\}}'"]
            lines.append(f'parameters = {{ "path.id" = {binding.format(prefix)} }}')
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def live_stack(request, tmp_path):
    make, stacks = live_stack_factory(request, tmp_path)
    yield make
    for stack in stacks:
        stack.stop()


def run_schemathesis(port, token, workdir, config):
    base = f"http://127.0.0.1:{port}"
    return subprocess.run(
        [
            str(ST),
            "--config-file",
            str(config),
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
    setup = stack.shell(SETUP.format(names=list(USERS.values()), viewer=USERS["viewer"]))
    tokens = setup["tokens"]
    config = write_config(setup["ids"], tmp_path / "schemathesis.toml")
    port = stack.servers[0][0]

    # The viewer first: the owner's run may change or remove what the viewer would read.
    failures = []
    for role, username in USERS.items():
        result = run_schemathesis(port, tokens[username], tmp_path, config)
        (tmp_path / f"schemathesis-{role}.txt").write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            failures.append(f"== as {role} ({username}): exit {result.returncode}\n{result.stdout[-20000:]}")
    server_log = "\n".join(path.read_text() for path in stack.root.glob("gunicorn-*.log"))
    assert not failures, "\n".join(failures)
    # Errors the checks cannot see (a 500 answered as a schema-valid JSON error) are logged.
    assert "API error" not in server_log, server_log[-5000:]
