"""Two app servers on one PostgreSQL with one task worker serve one team: what a coder saves on
one server reaches a coder on the other through the coding page's team updates."""

import datetime

import pytest

from scripts.live_stack import TEAM_SETUP

pytestmark = pytest.mark.live


@pytest.mark.parametrize("live_stack", ["postgresql"], indirect=True)
def test_codings_made_on_one_server_appear_on_the_other(live_stack):
    stack = live_stack(app_servers=2, gunicorn_workers=2)
    team = stack.shell(TEAM_SETUP.format(coders=2, documents=1, length=2000, index=True, prefix=""))
    project, document = team["project"], team["documents"][0]
    first, second = team["coders"]
    since = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=5)).isoformat()

    status, coding = stack.request(
        "POST",
        f"/api/projects/{project}/codings/",
        token=first["token"],
        body={"document": document, "code": team["codes"][0], "start": 3, "end": 9},
        server=0,
    )
    assert status == 201

    changes_path = f"/api/projects/{project}/documents/{document}/codings-changes/"
    status, changes = stack.request(
        "GET", f"{changes_path}?since={since.replace('+', '%2B')}", token=second["token"], server=1
    )
    assert status == 200, changes
    assert coding["id"] in {row["id"] for row in changes["changed"]}, changes

    # A deletion made on the second server reaches a coder polling the first one.
    status, _ = stack.request(
        "DELETE", f"/api/projects/{project}/codings/{coding['id']}/", token=first["token"], server=1
    )
    assert status == 204
    status, changes = stack.request(
        "GET", f"{changes_path}?since={since.replace('+', '%2B')}", token=second["token"], server=0
    )
    assert status == 200 and coding["id"] not in changes["ids"], changes
