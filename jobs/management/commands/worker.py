"""`manage.py worker`: run the background jobs of every app, on any database and any host.

One loop: recover unfinished jobs (jobs/recovery.py), then run every task waiting in the queue
(django-tasks-db's `db_worker --batch`), then wait a moment. Run one or several, on one host or
many: the queue hands each task to one worker only. `make run` starts one beside gunicorn.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs import housekeeping, recovery

HOUSEKEEPING_EVERY = 3600.0  # seconds


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
        worker_id = get_random_string(32)
        last_recovery = last_housekeeping = None
        while True:
            close_old_connections()
            now = time.monotonic()
            if last_housekeeping is None or now - last_housekeeping >= HOUSEKEEPING_EVERY:
                pruned = housekeeping.clean_all()
                if pruned and verbosity:
                    self.stdout.write(f"worker: pruned {pruned} record(s) of finished work")
                last_housekeeping = now
            if last_recovery is None or now - last_recovery >= recover_every:
                recovered = recovery.recover_all()
                if recovered and verbosity:
                    self.stdout.write(f"worker: re-enqueued {recovered} unfinished job(s)")
                last_recovery = now
            # django-tasks-db's worker in batch mode runs every ready task and returns. Its signal
            # handling makes a first SIGTERM or Ctrl-C finish the running task (then stop: it
            # clears `running`), a second one stop at once; SIGKILL is what recovery is for.
            worker = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            worker.configure_signals()
            worker.run()
            if once or not worker.running:
                return
            time.sleep(interval)
