import os

import pytest

from scripts.live_stack import LiveStack, postgres_url


def live_stack_factory(request, tmp_path):
    """LiveStack(...) on the parametrised database; PostgreSQL needs the suite's server."""
    database = request.param
    if database == "postgresql" and postgres_url() is None:
        if os.environ.get("CI") in ("true", "1"):
            pytest.fail("PostgreSQL is required under CI=true (DATABASE_URL is not a PostgreSQL URL)")
        pytest.skip("no PostgreSQL server: run through scripts/with_postgres.py (make test does)")
    stacks = []

    def make(**options):
        stack = LiveStack(database=database, root=tmp_path / f"stack{len(stacks)}", **options)
        stacks.append(stack)
        return stack.start()

    return make, stacks


@pytest.fixture(params=["sqlite", "postgresql"])
def live_stack(request, tmp_path):
    make, stacks = live_stack_factory(request, tmp_path)
    yield make
    for stack in stacks:
        stack.stop()
