"""The profile's display name is what teammates see: members, activity, coders (username if empty)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services
from coding.codings.workspace import document_workspace
from coding.models import Membership
from coding.projects import services as project_services
from tests.factories import make_code, make_coding, make_document


@pytest.fixture
def named(coder, owner):
    services.profile_update(user=coder, display_name="陈静")
    services.profile_update(user=owner, display_name="Olivia Wang")
    return coder


def test_the_members_page_shows_display_names_beside_usernames(named, client, owner, viewer, project):
    client.force_login(owner)
    page = client.get(f"/projects/{project.pk}/members/").content.decode()
    assert '<td>陈静 <span class="muted">(cora)</span></td>' in page
    assert "<td>victor</td>" in page  # no display name: the username alone


def test_the_members_api_gives_display_names_falling_back_to_usernames(named, api, viewer, project):
    services.profile_update(user=viewer, display_name="   ")
    members = api(viewer).get(f"/api/projects/{project.pk}/members/").json()["results"]
    names = {member["username"]: member["display_name"] for member in members}
    assert names == {
        "cai": "cai",
        "cora": "陈静",
        "edward": "edward",
        "olivia": "Olivia Wang",
        "victor": "victor",
    }


def test_a_member_list_costs_the_same_queries_however_many_members(named, api, owner, project, outsider):
    url = f"/api/projects/{project.pk}/members/"
    with CaptureQueriesContext(connection) as five:
        api(owner).get(url)
    project_services.membership_add(project=project, user=outsider, role="viewer")
    services.profile_update(user=outsider, display_name="Oscar")
    with CaptureQueriesContext(connection) as six:
        assert len(api(owner).get(url).json()["results"]) == 6
    assert len(six) == len(five)


def test_the_activity_list_names_actor_and_member_by_display_name(
    named, client, api, owner, outsider, project
):
    project_services.membership_add(project=project, user=outsider, role="viewer", by=owner)
    services.profile_update(user=outsider, display_name="Oscar Li")
    client.force_login(owner)
    page = client.get(f"/projects/{project.pk}/activity/").content.decode()
    assert "<td>Oscar Li</td>" in page and "<td>Olivia Wang</td>" in page
    event = api(owner).get(f"/api/projects/{project.pk}/activity/").json()["results"][0]
    assert (event["subject_display_name"], event["actor_display_name"]) == ("Oscar Li", "Olivia Wang")
    assert (event["subject"], event["actor"]) == ("oscar", "olivia")


def test_an_invitation_in_the_activity_list_keeps_its_address(api, owner, project):
    services.invitation_create(project=project, by=owner, role="coder", email="new@uni.edu.cn")
    event = api(owner).get(f"/api/projects/{project.pk}/activity/").json()["results"][0]
    assert (event["subject"], event["subject_display_name"]) == ("new@uni.edu.cn", None)


def test_codings_name_their_coder_by_display_name(named, api, owner, coder, project):
    document = make_document(project, owner)
    coding = make_coding(document, make_code(project), coder)
    listed = api(owner).get(f"/api/projects/{project.pk}/codings/").json()["results"][0]
    assert (listed["coder_username"], listed["coder_display_name"]) == ("cora", "陈静")
    one = api(owner).get(f"/api/projects/{project.pk}/codings/{coding.pk}/").json()
    assert one["coder_display_name"] == "陈静"


def test_the_coding_page_gets_display_names_in_its_members_map(named, owner, project):
    document = make_document(project, owner)
    membership = Membership.objects.get(project=project, user=owner)
    members = document_workspace(document=document, membership=membership)["members"]
    assert {"id": named.pk, "username": "cora", "display_name": "陈静"} in members


def test_the_project_home_counts_codings_per_coder_by_display_name(named, client, owner, coder, project):
    document = make_document(project, owner, title="访谈七")
    make_coding(document, make_code(project), coder)
    client.force_login(owner)
    assert "陈静 1" in client.get(f"/projects/{project.pk}/").content.decode()
