"""Killing the task worker in the middle of a job loses nothing: the next worker finishes it."""

import pytest

from scripts.live_stack import TEAM_SETUP, TEAM_STATE, wait_until

pytestmark = pytest.mark.live


def test_a_worker_killed_during_a_reindex_leaves_it_to_the_next_one(live_stack):
    # Jobs silent for 5 s count as dead, so the test need not wait a minute.
    stack = live_stack(gunicorn_workers=1, worker=False, env={"QUALCASE_JOB_STALLED_SECONDS": "5"})
    team = stack.shell(TEAM_SETUP.format(coders=1, documents=40, length=15000, index=False, prefix=""))
    project = team["project"]
    # A code with a new Chinese name changes the dictionary: a re-index job is queued.
    status, _code = stack.request(
        "POST", f"/api/projects/{project}/codes/", token=team["editor_token"], body={"name": "协商嵌入式治理"}
    )
    assert status == 201

    stack.start_worker()

    def job():
        # The API's status endpoint reports the newest job's progress.
        status, answer = stack.request(
            "GET", f"/api/projects/{project}/dictionary/status/", token=team["owner_token"]
        )
        assert status == 200
        return answer["job"]

    midway = wait_until(
        lambda: (lambda j: j if j and j["status"] == "running" and j["done"] < j["total"] else None)(
            job()
        ),
        timeout=60,
        interval=0.1,
    )
    assert midway, job()
    stack.kill_worker()

    killed = stack.shell(TEAM_STATE.format(project=project))
    assert killed["behind"] > 0
    assert "running" in killed["jobs"]  # the killed worker could not say anything

    stack.start_worker()
    finished = wait_until(
        lambda: (lambda s: s if s["behind"] == 0 else None)(stack.shell(TEAM_STATE.format(project=project))),
        timeout=300,
    )
    assert finished, stack.shell(TEAM_STATE.format(project=project))
    assert "done" in finished["jobs"]
    assert "running" not in finished["jobs"] and "pending" not in finished["jobs"]
