"""`manage.py worker`: run the background jobs of every app, on any database and any host.

One loop: recover unfinished jobs (jobs/recovery.py), then run every task waiting in the queue
(django-tasks-db's `db_worker --batch`), then wait a moment. Run one or several, on one host or
many: the queue hands each task to one worker only. `make run` starts one beside gunicorn.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from jobs import recovery


class Command(BaseCommand):
    help = "Run background jobs (re-indexing, large imports) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument(
            "--recover-every",
            type=float,
            default=10.0,
            help="Seconds between looks for jobs that a killed worker left unfinished.",
        )
        parser.add_argument("--once", action="store_true", help="Recover, run what is queued, then exit.")

    def handle(self, *, interval, recover_every, once, verbosity, **options):
        last_recovery = None
        while True:
            close_old_connections()
            now = time.monotonic()
            if last_recovery is None or now - last_recovery >= recover_every:
                recovered = recovery.recover_all()
                if recovered and verbosity:
                    self.stdout.write(f"worker: re-enqueued {recovered} unfinished job(s)")
                last_recovery = now
            # --batch runs every ready task and returns; db_worker's own signal handling makes
            # SIGTERM finish the running task and exit, and SIGKILL is what recovery is for.
            call_command(
                "db_worker",
                batch=True,
                queue_name="*",
                startup_delay=False,
                reload=False,
                interval=0,
                verbosity=max(verbosity - 1, 0),
            )
            if once:
                return
            time.sleep(interval)
