"""Pruning what background work leaves behind, so that a server running for years keeps small
tables: finished entries of the task queue, and each app's own records of finished work (sent
e-mails), once they are older than QUALCASE_JOB_KEEP_DAYS.

Apps register a cleaner in their ready(), as they register recoverers (jobs/recovery.py). The
worker calls clean_all() when it starts and then every hour; running it twice is harmless.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

_cleaners = []


def register(cleaner):
    """Add a function cleaner(*, before) that deletes its app's records of work finished before
    `before` (a datetime) and returns how many it deleted."""
    if cleaner not in _cleaners:
        _cleaners.append(cleaner)
    return cleaner


def task_results_prune(*, before) -> int:
    """Finished queue entries (done or failed) older than `before`; waiting or running ones stay."""
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return deleted


def clean_all() -> int:
    before = timezone.now() - timedelta(days=settings.QUALCASE_JOB_KEEP_DAYS)
    deleted = 0
    for cleaner in [task_results_prune, *_cleaners]:
        try:
            deleted += cleaner(before=before) or 0
        except Exception:  # housekeeping must never take the worker down
            logger.exception("housekeeping %s failed", getattr(cleaner, "__qualname__", cleaner))
    return deleted
