"""Recovery of jobs that a worker did not finish.

The task queue (django-tasks with its database backend) hands each task to one worker; a worker
killed in the middle leaves the task marked as running forever and never retries it. So the
durable truth is the domain's own job record (for example search's ReindexJob, with a heartbeat
written as it progresses), and each app registers a function that finds its stalled or missing
work and enqueues it again. Jobs are idempotent and versioned, so running one twice is harmless.

The worker calls recover_all() when it starts and every few seconds while it runs.
"""

import logging

logger = logging.getLogger(__name__)

_recoverers = []


def register(recoverer):
    """Add a function of no arguments that re-enqueues its app's unfinished work; returns a count."""
    if recoverer not in _recoverers:
        _recoverers.append(recoverer)
    return recoverer


def recover_all() -> int:
    """Run every registered recoverer; one failing does not stop the others."""
    recovered = 0
    for recoverer in list(_recoverers):
        try:
            recovered += recoverer() or 0
        except Exception:  # a broken recoverer must not take the worker down with it
            logger.exception("job recovery %s failed", getattr(recoverer, "__qualname__", recoverer))
    return recovered
