"""A real deployment on this machine, for the team-write tests and bench/team_writes.py.

    stack = LiveStack(database="sqlite", root=tmp_dir, app_servers=1, gunicorn_workers=3)
    stack.start()           # fresh database, migrate, gunicorn(s), one task worker
    ids = stack.shell(code) # run Python in `manage.py shell`, get the JSON it prints
    stack.request("POST", "/api/...", token=..., body={...}, server=0)
    stack.stop()

Everything is a separate process, as in production: gunicorn with several workers (on SQLite these
are several processes sharing one file, the case that used to fail), `manage.py worker` for the
task queue, and on PostgreSQL a fresh database created on the server that DATABASE_URL names
(scripts/with_postgres.py starts one for `make test`) and dropped afterwards.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class LiveStack:
    def __init__(self, *, database, root, app_servers=1, gunicorn_workers=3, worker=True, env=None):
        self.database = database
        self.root = Path(root)
        self.app_servers = app_servers
        self.gunicorn_workers = gunicorn_workers
        self.with_worker = worker
        self.extra_env = env or {}
        self.servers = []  # (port, Popen)
        self.worker = None
        self.pg_name = None
        self.logs = []

    # -- set-up -----------------------------------------------------------------------------------

    def database_url(self) -> str:
        if self.database == "sqlite":
            return f"sqlite:///{self.root / 'qualcase.sqlite3'}"
        base = postgres_url()
        if base is None:
            raise RuntimeError("PostgreSQL needs DATABASE_URL (scripts/with_postgres.py sets it)")
        parsed = urlparse(base)
        return parsed._replace(path=f"/{self.pg_name}").geturl()

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.database_url(),
                "QUALCASE_VAR_DIR": str(self.root),
                "SECRET_KEY": "live-stack-" + uuid.uuid4().hex,
                "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("QUALCASE_TASK_BACKEND", None)  # the real database queue
        env.update(self.extra_env)
        return env

    def _create_postgres_database(self):
        import psycopg2

        self.pg_name = "qualcase_live_" + uuid.uuid4().hex[:12]
        connection = psycopg2.connect(postgres_url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.pg_name}"')
        connection.close()

    def _drop_postgres_database(self):
        import psycopg2

        connection = psycopg2.connect(postgres_url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        connection.close()

    def manage(self, *args, check=True, timeout=300) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def shell(self, code: str):
        """Run Python in `manage.py shell`; its last printed line is read as JSON."""
        output = self.manage("shell", "-c", code).stdout.strip().splitlines()
        return json.loads(output[-1]) if output else None

    def _log(self, name):
        handle = open(self.root / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.logs.append(handle)
        return handle

    def start_server(self):
        port = free_port()
        log = self._log(f"gunicorn-{port}")
        process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.gunicorn_workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.servers.append((port, process))
        self._wait_for(port)
        return port

    def start_worker(self):
        log = self._log(f"worker-{len(self.logs)}")
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "worker", "--interval", "0.2", "--recover-every", "1"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return self.worker

    def kill_worker(self):
        """SIGKILL, as an out-of-memory killer or a lost host would: no chance to clean up."""
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(timeout=10)
        self.worker = None

    def _wait_for(self, port, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                # The token endpoint answers GET with 405 at once: the app is up, no static files needed.
                status, _body = self.request("GET", "/api/auth/token/", port=port)
                if status == 405:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {port} did not answer; see {self.root}")

    def start(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self.database == "postgresql":
            self._create_postgres_database()
        self.manage("migrate", "--noinput", "-v", "0")
        for _ in range(self.app_servers):
            self.start_server()
        if self.with_worker:
            self.start_worker()
        return self

    def stop(self):
        for _port, process in self.servers:
            process.terminate()
        if self.worker is not None:
            self.worker.terminate()
        for _port, process in self.servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.worker is not None:
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
        for handle in self.logs:
            handle.close()
        if self.pg_name:
            self._drop_postgres_database()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- requests ---------------------------------------------------------------------------------

    def request(self, method, path, *, token=None, body=None, server=0, port=None, timeout=60):
        """One HTTP request; returns (status, parsed JSON or text)."""
        port = port or self.servers[server][0]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Accept": "application/json", "Host": "127.0.0.1"}
        payload = None
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw.decode("utf-8", "replace")


# Python run inside `manage.py shell` to make a team: an owner, an editor and N coders with API
# tokens, a project with a few Chinese documents and codes. Prints the ids as JSON.
TEAM_SETUP = """
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from coding.codebook import services as codebook_services
from coding.documents import services as document_services
from coding.models import Role
from coding.projects import services as project_services

CODERS, DOCUMENTS, LENGTH, INDEX, PREFIX = {coders}, {documents}, {length}, {index}, "{prefix}"
User = get_user_model()
def user(name):
    name = PREFIX + name
    u = User.objects.create_user(username=name, password="live-" + name + "-password-42")
    return u, Token.objects.create(user=u).key
owner, owner_token = user("owner")
editor, editor_token = user("editor")
project = project_services.project_create(name=PREFIX + "团队压力测试", owner=owner)
project_services.membership_add(project=project, user=editor, role=Role.EDITOR)
coders = []
for n in range(CODERS):
    coder, token = user(f"coder{{n}}")
    project_services.membership_add(project=project, user=coder, role=Role.CODER)
    coders.append({{"id": coder.pk, "token": token}})
sentence = "政府购买社会组织服务，街道办与社工机构在项目评估中讨价还价。受访者说：资金依附很明显。"
documents = []
for n in range(DOCUMENTS):
    text = (f"第{{n}}份访谈。" + sentence * (LENGTH // len(sentence) + 1))[:LENGTH]
    documents.append(document_services.document_create(
        project=project, title=f"访谈{{n}}", text=text, created_by=owner, index_for_search=INDEX).pk)
codes = [codebook_services.code_create(project=project, name=name).pk
         for name in ["资源依赖", "行政化", "合谋化", "内卷化", "趋同化", "伙伴关系"]]
print(json.dumps({{"project": project.pk, "owner_token": owner_token, "editor_token": editor_token,
                  "coders": coders, "documents": documents, "codes": codes}}))
"""

# Prints how many codings exist, how many distinct (document, code, coder, start, end) they cover,
# and how many documents are behind their project's dictionary.
TEAM_STATE = """
import json
from django.db.models import F
from coding.models import Coding, Document
from search.models import SearchSettings, ReindexJob
project = {project}
codings = Coding.objects.filter(document__project_id=project)
distinct = codings.values("document_id", "code_id", "coder_id", "start", "end").distinct().count()
version = SearchSettings.objects.get(project_id=project).dictionary_version
behind = Document.objects.filter(project_id=project).exclude(search_index__dictionary_version__gte=version).count()
jobs = list(ReindexJob.objects.filter(project_id=project).values_list("status", flat=True))
print(json.dumps({{"codings": codings.count(), "distinct": distinct, "behind": behind,
                  "version": version, "jobs": jobs}}))
"""


def chinese_name(n: int) -> str:
    """A code name whose Chinese part is new to the dictionary: 协商 + n written in Chinese digits."""
    digits = "零一二三四五六七八九"
    return "协商" + "".join(digits[int(d)] for d in str(n)) + "号"


def team_load(stack, team, *, per_coder, code_every=2.0, pace=None, servers=1):
    """16 coders (or as many as the team has) each create `per_coder` codings through the API,
    as fast as they can or one every `pace` seconds, while the editor creates a code with a new
    Chinese name every `code_every` seconds (each one changes the dictionary and so starts a
    re-index job). Coders are spread over `servers` app servers. Returns the results, one dict a
    request: kind, status, seconds, and the coding's key for codings that were acknowledged.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    results, lock = [], threading.Lock()
    stop = threading.Event()
    project = team["project"]

    def record(**entry):
        with lock:
            results.append(entry)

    def coder_run(index, coder):
        if pace:
            # People do not click in step: spread the coders' first clicks over one period, so the
            # load is 16 independent coders and not one burst of 16 requests every `pace` seconds.
            time.sleep(pace * index / len(team["coders"]))
        for n in range(per_coder):
            started = time.monotonic()
            document = team["documents"][n % len(team["documents"])]
            code = team["codes"][(n + index) % len(team["codes"])]
            # A distinct passage per coder and request, so every acknowledged coding is one row.
            start = (n * 7) % 3000
            body = {"document": document, "code": code, "start": start, "end": start + 5 + index}
            try:
                status, _answer = stack.request(
                    "POST", f"/api/projects/{project}/codings/", token=coder["token"], body=body,
                    server=index % servers,
                )
            except OSError as exc:  # a refused or reset connection is a failure too
                status = f"connection error: {exc}"
            record(kind="coding", status=status, seconds=time.monotonic() - started,
                   key=(document, code, coder["id"], start, start + 5 + index))
            if pace:
                time.sleep(max(0.0, pace - (time.monotonic() - started)))

    def editor_run():
        n = 0
        while not stop.wait(code_every if n else 0.1):
            started = time.monotonic()
            status, _answer = stack.request(
                "POST", f"/api/projects/{project}/codes/", token=team["editor_token"],
                body={"name": chinese_name(n)},
            )
            record(kind="code", status=status, seconds=time.monotonic() - started, key=None)
            n += 1

    editor = threading.Thread(target=editor_run, daemon=True)
    editor.start()
    with ThreadPoolExecutor(max_workers=len(team["coders"])) as pool:
        list(pool.map(lambda pair: coder_run(*pair), enumerate(team["coders"])))
    stop.set()
    editor.join(timeout=30)
    return results


def wait_until(predicate, *, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
