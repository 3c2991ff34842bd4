#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server that this script starts and stops.

    scripts/with_postgres.py -- python -m pytest

Starts a private server (data directory in a fresh temporary directory, a free port on
127.0.0.1, trust authentication for 127.0.0.1 only), exports
DATABASE_URL=postgres://postgres@127.0.0.1:PORT/qualcase and QUALCASE_EXPECT_DB=postgresql,
runs the command, stops the server and removes the directory, also when the command fails
or the run is interrupted (Ctrl-C, SIGTERM, SIGHUP). Exits with the command's exit code.

PostgreSQL refuses to run as root, so when this runs as root the server is initialised and
started as the `postgres` system user through `runuser`.

Exit code 97 (and nothing run) means no server could be had: no initdb found, or the
server would not start. The caller decides whether that is fatal (it is under CI=true).

Uses only the standard library: it runs before and outside the project's virtualenv.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

NO_SERVER = 97
DB_NAME = "qualcase"


class Interrupted(Exception):
    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def log(message: str) -> None:
    print(f"[with_postgres] {message}", file=sys.stderr, flush=True)


def find_bindir() -> str | None:
    """Directory holding initdb and pg_ctl: $PG_BINDIR if set, else the newest Debian install or PATH."""
    if os.environ.get("PG_BINDIR"):  # an explicit choice is the only candidate
        bindir = os.environ["PG_BINDIR"]
        ok = all(os.access(os.path.join(bindir, tool), os.X_OK) for tool in ("initdb", "pg_ctl"))
        return bindir if ok else None
    candidates = []

    def version(path: str) -> float:
        try:
            return float(path.split("/")[-2])
        except ValueError:
            return 0.0

    # Debian keeps the server binaries off PATH, one directory per major version.
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(os.path.dirname(os.path.realpath(on_path)))
    for bindir in candidates:
        if all(os.access(os.path.join(bindir, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, bindir: str):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        # As root the server runs as `postgres`, which must reach the directory: a TMPDIR under
        # /root would not do, so root uses /tmp.
        self.tmpdir = tempfile.mkdtemp(prefix="qualcase-pg-", dir="/tmp" if self.as_root else None)
        self.datadir = os.path.join(self.tmpdir, "data")
        self.sockdir = os.path.join(self.tmpdir, "socket")
        self.logfile = os.path.join(self.tmpdir, "postgres.log")
        self.port: int | None = None
        self.started = False
        os.mkdir(self.sockdir, 0o700)
        if self.as_root:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(
                    "running as root but there is no 'postgres' user to run the server as "
                    "(installing Debian's postgresql package creates it)"
                ) from None
            for path in (self.tmpdir, self.sockdir):
                os.chown(path, user.pw_uid, user.pw_gid)

    def _cmd(self, tool: str, *args: str) -> list[str]:
        command = [os.path.join(self.bindir, tool), *args]
        if self.as_root:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._cmd(tool, *args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            # The server's own children must not share our terminal's Ctrl-C: we stop it ourselves.
            start_new_session=True,
        )

    def start(self) -> None:
        result = self._run(
            "initdb",
            "-D", self.datadir,
            "-U", "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}")
        # Only 127.0.0.1 may connect over TCP (trust auth); the Unix socket lives in our private
        # temporary directory, so nobody else on the machine can reach this server.
        with open(os.path.join(self.datadir, "pg_hba.conf"), "w") as hba:
            hba.write("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        last_error = ""
        for _attempt in range(3):  # another process may grab the port between probe and bind
            self.port = free_port()
            options = " ".join(
                [
                    f"-p {self.port}",
                    f"-k {self.sockdir}",
                    "-c listen_addresses=127.0.0.1",
                    # Throwaway data: durability only costs time.
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=50",
                ]
            )
            result = self._run(
                "pg_ctl", "-D", self.datadir, "-l", self.logfile, "-w", "-t", "60", "-o", options, "start"
            )
            if result.returncode == 0:
                self.started = True
                break
            last_error = result.stdout + self._tail_log()
        else:
            raise RuntimeError(f"pg_ctl start failed:\n{last_error}")
        result = self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", DB_NAME)
        if result.returncode != 0:
            raise RuntimeError(f"createdb failed:\n{result.stdout}")

    def _tail_log(self) -> str:
        try:
            with open(self.logfile, errors="replace") as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return ""

    def _postmaster_pid(self) -> int | None:
        try:
            with open(os.path.join(self.datadir, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        try:
            if self.started or self._postmaster_pid():
                for mode in ("fast", "immediate"):
                    try:
                        result = self._run("pg_ctl", "-D", self.datadir, "-m", mode, "-w", "-t", "30", "stop")
                    except subprocess.TimeoutExpired:
                        continue
                    if result.returncode == 0:
                        break
                pid = self._postmaster_pid()
                if pid:  # pg_ctl could not stop it: the postmaster still holds its pid file
                    log(f"pg_ctl stop failed, killing postmaster {pid}")
                    for kill in (os.killpg, os.kill):  # its group if it leads one, else itself
                        try:
                            kill(pid, signal.SIGKILL)
                        except (ProcessLookupError, PermissionError):
                            pass
        finally:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2

    def on_signal(signum, _frame):
        raise Interrupted(signum)

    # Ctrl-C arrives as KeyboardInterrupt; the others are turned into an exception too, so the
    # finally clause below stops the server however the run ends.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    bindir = find_bindir()
    if bindir is None:
        where = os.environ.get("PG_BINDIR") or "/usr/lib/postgresql/*/bin or PATH"
        log(f"no PostgreSQL server binaries (initdb, pg_ctl) found in {where}")
        return NO_SERVER

    server = None
    child = None
    try:
        try:
            server = Server(bindir)
            started_at = time.monotonic()
            server.start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            log(f"could not start PostgreSQL from {bindir}: {error}")
            return NO_SERVER
        who = "as user postgres" if server.as_root else f"as uid {os.geteuid()}"
        log(
            f"PostgreSQL from {bindir} started {who} on 127.0.0.1:{server.port} "
            f"in {time.monotonic() - started_at:.1f}s (data in {server.tmpdir})"
        )
        env = dict(os.environ, DATABASE_URL=server.url, QUALCASE_EXPECT_DB="postgresql")
        child = subprocess.Popen(argv, env=env)
        return child.wait()
    except (KeyboardInterrupt, Interrupted) as interrupt:
        name = "SIGINT" if isinstance(interrupt, KeyboardInterrupt) else str(interrupt)
        log(f"interrupted by {name}: stopping the command and the server")
        if child is not None and child.poll() is None:
            # Ctrl-C already reached the child through the terminal; a SIGTERM did not.
            child.send_signal(signal.SIGINT if name == "SIGINT" else signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return 130 if name == "SIGINT" else 128 + getattr(interrupt, "signum", 15)
    finally:
        if server is not None:
            # Stopping must not be cut short by a second Ctrl-C.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            server.stop()
            log("PostgreSQL stopped and its temporary directory removed")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
