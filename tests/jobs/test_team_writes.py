"""A team writing at once, against real servers: gunicorn with several worker processes and the
task worker, on SQLite (several processes sharing one file) and on PostgreSQL."""

import collections

import pytest

from scripts.live_stack import TEAM_SETUP, TEAM_STATE, team_load, wait_until

pytestmark = pytest.mark.live


def test_sixteen_coders_and_an_editor_lose_nothing_and_the_index_catches_up(live_stack):
    stack = live_stack(gunicorn_workers=3)
    team = stack.shell(TEAM_SETUP.format(coders=16, documents=5, length=4000, index=True, prefix=""))

    # An editor adds a code with a new Chinese name every 0.5 s: each one changes the dictionary
    # and starts a re-index job on the worker while the coders write.
    results = team_load(stack, team, per_coder=25, code_every=0.5)

    statuses = collections.Counter(entry["status"] for entry in results)
    assert statuses == {201: len(results)}, statuses
    codes_created = sum(entry["kind"] == "code" for entry in results)
    assert codes_created >= 2
    acknowledged = {entry["key"] for entry in results if entry["kind"] == "coding"}
    assert len(acknowledged) == 16 * 25

    state = stack.shell(TEAM_STATE.format(project=team["project"]))
    assert state["codings"] == len(acknowledged)  # none lost
    assert state["distinct"] == state["codings"]  # none duplicated
    # Every document ends on the newest dictionary, and no job is left waiting or running.
    settled = wait_until(
        lambda: (lambda s: s if s["behind"] == 0 and not {"running", "pending"} & set(s["jobs"]) else None)(
            stack.shell(TEAM_STATE.format(project=team["project"]))
        ),
        timeout=90,
    )
    assert settled, stack.shell(TEAM_STATE.format(project=team["project"]))
    assert settled["version"] >= codes_created
