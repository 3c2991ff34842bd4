"""The suite runs on the database the harness says it runs on (scripts/test.sh, with_postgres.py).

`make test` runs everything twice: with DATABASE_URL pointing at a throwaway PostgreSQL server
(QUALCASE_EXPECT_DB=postgresql) and without it, on SQLite (QUALCASE_EXPECT_DB=sqlite). This test
is what proves that the PostgreSQL half really ran on PostgreSQL.
"""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_backend_matches_environment():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        assert connection.vendor == "postgresql"
    expected = os.environ.get("QUALCASE_EXPECT_DB")
    if expected:
        assert connection.vendor == expected, (
            f"QUALCASE_EXPECT_DB={expected} but tests run on {connection.vendor}"
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version(), current_database()")
            version, database = cursor.fetchone()
            assert version.startswith("PostgreSQL")
            assert database.startswith("test_")  # pytest-django's test database, not a real one
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0]
