"""pytest plugin for the second database run of `make test`: keep only tests that use a database.

scripts/test.sh runs the suite on PostgreSQL, then again on SQLite. A test that touches no
database (the pure-Python QCA engine, its property tests) gives the same result on both, so with
QUALCASE_DB_TESTS_ONLY=1 the SQLite run deselects it instead of spending the time twice.
Loaded with `-p scripts.pytest_db_only`; does nothing unless that variable is set.

A test counts as using the database when it has the django_db mark or requests one of
pytest-django's database fixtures (directly or through its own fixtures), or live_server, or
is a method of a Django TestCase/TransactionTestCase.
"""

import os

DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "admin_user",
    "admin_client",
    "django_user_model",
}


def _uses_database(item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    cls = getattr(item, "cls", None)
    if cls is not None:  # Django's unittest-style TestCase / TransactionTestCase
        from django.test import TransactionTestCase

        if issubclass(cls, TransactionTestCase) and getattr(cls, "databases", None):
            return True
    return bool(DB_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    if os.environ.get("QUALCASE_DB_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        (keep if _uses_database(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config):
    if os.environ.get("QUALCASE_DB_TESTS_ONLY") == "1":
        return (
            "QUALCASE_DB_TESTS_ONLY=1: tests that use no database ran in the PostgreSQL run; deselected here"
        )
    return None
