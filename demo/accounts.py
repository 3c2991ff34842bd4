"""Whether the demo study's accounts still exist: every page says so while they do (issue 14).

Pages ask on every request, so the answer is kept in the cache: one query when it is missing,
none after. Saving or deleting any user forgets it in this process at once; the memory caches of
the other gunicorn workers notice within TIMEOUT seconds.
"""

import functools
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

STUDY = Path(__file__).resolve().parent / "data" / "study.json"
CACHE_KEY = "demo:accounts-exist"
TIMEOUT = 60


@functools.cache
def usernames() -> tuple[str, ...]:
    with STUDY.open(encoding="utf-8") as handle:
        return tuple(entry["username"] for entry in json.load(handle)["users"])


def exist() -> bool:
    answer = cache.get(CACHE_KEY)
    if answer is None:
        answer = get_user_model().objects.filter(username__in=usernames()).exists()
        cache.set(CACHE_KEY, answer, TIMEOUT)
    return answer


def forget(**_kwargs) -> None:
    """Signal receiver for users saved or deleted (a demo account made, renamed or removed).

    Again after the commit: a page asking in between would cache the answer from before it."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def context(request):
    """Template context processor: `demo_accounts` is called only by templates that show it
    (pages extending base.html), so exports and partial templates cost nothing."""
    return {"demo_accounts": exist}
