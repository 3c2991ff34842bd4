"""Project settings: delete with a preview and a typed name, ownership transfer, codebook copy, activity."""

from coding.models import Code, Membership, Project, ProjectActivity, Role
from coding.projects import errors, services
from tests.factories import make_code, make_coding, make_document


def test_delete_is_refused_unless_the_exact_name_is_typed(project, owner, api):
    response = api(owner).delete(f"/api/projects/{project.pk}/?confirm_name=wrong")
    assert response.status_code == 400
    assert response.json() == {"confirm_name": [str(errors.DELETE_NAME_MISMATCH)]}
    assert Project.objects.filter(pk=project.pk).exists()


def test_delete_with_the_name_in_the_body_removes_a_nested_codebook_and_codings(project, owner, api):
    parent = make_code(project, name="A")
    child = make_code(project, name="B", parent=parent)
    make_code(project, name="C", parent=child)
    make_coding(make_document(project, owner), child, owner, 0, 2)
    response = api(owner).delete(
        f"/api/projects/{project.pk}/", {"confirm_name": project.name}, format="json"
    )
    assert response.status_code == 204
    assert not Project.objects.filter(pk=project.pk).exists() and not Code.objects.exists()


def test_the_delete_preview_counts_what_will_go(project, owner, api):
    make_coding(make_document(project, owner), make_code(project), owner, 0, 2)
    body = api(owner).get(f"/api/projects/{project.pk}/delete-preview/").json()
    counts = {row["kind"]: row["count"] for row in body["items"]}
    assert body["name"] == project.name
    assert (
        counts["coding.document"] == 1 and counts["coding.coding"] == 1 and counts["coding.membership"] == 5
    )


def test_the_delete_page_shows_the_preview_and_refuses_a_wrong_name(project, owner, client):
    make_document(project, owner)
    client.force_login(owner)
    page = client.get(f"/projects/{project.pk}/delete/").content.decode()
    assert "1 × documents" in page
    client.post(f"/projects/{project.pk}/delete/", {"confirm_name": "政社"})
    assert Project.objects.filter(pk=project.pk).exists()
    response = client.post(f"/projects/{project.pk}/delete/", {"confirm_name": project.name})
    assert response.status_code == 302 and not Project.objects.filter(pk=project.pk).exists()


def test_transfer_makes_the_member_owner_and_the_old_owner_editor(project, owner, coder, api):
    membership = Membership.objects.get(project=project, user=coder)
    response = api(owner).post(
        f"/api/projects/{project.pk}/transfer/", {"member": membership.pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["role"] == "owner"
    assert Membership.objects.get(project=project, user=owner).role == Role.EDITOR
    event = ProjectActivity.objects.filter(kind="ownership_transferred").get()
    assert (event.subject, event.actor, event.old_role) == (coder, owner, "coder")


def test_transfer_to_another_projects_member_reads_as_nonexistent(
    project, other_project, owner, outsider, api
):
    foreign = Membership.objects.get(project=other_project, user=outsider)
    response = api(owner).post(f"/api/projects/{project.pk}/transfer/", {"member": foreign.pk}, format="json")
    assert response.status_code == 400 and "member" in response.json()


def test_a_copy_of_the_codebook_keeps_tree_definitions_and_colours_but_no_documents(project, owner, coder):
    parent = make_code(project, name="治理", definition="定义", color="#112233")
    make_code(project, name="合谋化", parent=parent, color="#445566")
    make_document(project, owner)
    copy = services.project_create_from_codebook(source=project, name="第二期", owner=coder)
    tree = {code.name: code for code in Code.objects.filter(project=copy)}
    assert tree["合谋化"].parent == tree["治理"] and tree["治理"].definition == "定义"
    assert tree["合谋化"].color == "#445566" and not copy.documents.exists()
    assert Membership.objects.get(project=copy).user == coder


def test_membership_changes_are_recorded_with_who_and_when(project, owner, viewer, api):
    membership = Membership.objects.get(project=project, user=viewer)
    api(owner).patch(f"/api/projects/{project.pk}/members/{membership.pk}/", {"role": "coder"}, format="json")
    api(owner).delete(f"/api/projects/{project.pk}/members/{membership.pk}/")
    rows = api(owner).get(f"/api/projects/{project.pk}/activity/").json()["results"]
    assert [(r["kind"], r["subject"], r["actor"], r["old_role"], r["new_role"]) for r in rows[:2]] == [
        ("removed", "victor", "olivia", "coder", ""),
        ("role_changed", "victor", "olivia", "viewer", "coder"),
    ]


def test_a_project_is_created_from_the_home_page(client, coder):
    client.force_login(coder)
    response = client.post("/", {"name": "城中村研究", "description": ""})
    project = Project.objects.get(name="城中村研究")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert Membership.objects.get(project=project).role == Role.OWNER
