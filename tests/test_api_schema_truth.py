"""The schema says what the API answers: unpaginated lists, the codebook file's JSON, error answers."""

import pytest
import yaml


@pytest.fixture
def schema(api, owner):
    return yaml.safe_load(api(owner).get("/api/schema/").content)


def _ok_schema(schema, path, method="get"):
    return schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/{project_id}/codebook/",
        "/api/projects/{project_id}/codes/{id}/history/",
        "/api/projects/{project_id}/word-frequencies/",
    ],
)
def test_whole_lists_are_declared_as_arrays_not_pages(schema, path):
    assert _ok_schema(schema, path)["type"] == "array"


def test_the_codebook_file_in_json_is_declared_as_an_array(schema):
    assert _ok_schema(schema, "/api/projects/{project_id}/codebook/file/")["type"] == "array"


def test_every_operation_documents_its_error_answers(schema):
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "403", "404", "500"} <= set(operation["responses"]), (method, path)
    assert "409" in schema["paths"]["/api/projects/{project_id}/codes/{id}/"]["patch"]["responses"]
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]


def test_a_new_code_counts_zero_codings_not_null(project, api, owner):
    response = api(owner).post(f"/api/projects/{project.pk}/codes/", {"name": "新"}, format="json")
    assert response.json()["codings_count"] == 0


def test_an_account_without_a_profile_answers_empty_strings_not_null(api, owner):
    # Users made before profiles existed, or by createsuperuser, may have none.
    from accounts.models import Profile

    Profile.objects.filter(user=owner).delete()
    data = api(type(owner).objects.get(pk=owner.pk)).get("/api/accounts/me/").json()
    assert data["display_name"] == "" and data["language"] == ""


def test_a_member_without_e_mail_matches_the_schema(schema, project, api, owner):
    member = schema["components"]["schemas"]["MemberOutput"]["properties"]["email"]
    assert member["type"] == "string" and "format" not in member  # "" is no valid format: email
    type(owner).objects.filter(pk=owner.pk).update(email="")
    rows = api(owner).get(f"/api/projects/{project.pk}/members/").json()["results"]
    assert "" in {row["email"] for row in rows}


def test_activity_declares_the_names_that_can_be_null(schema):
    activity = schema["components"]["schemas"]["ActivityOutput"]["properties"]
    for name in ("actor", "actor_display_name", "subject_display_name"):
        assert activity[name].get("nullable") is True, name


def test_a_stale_save_answers_the_current_code_with_its_types(schema, project, api, owner):
    conflict = schema["paths"]["/api/projects/{project_id}/codes/{id}/"]["patch"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Conflict"
    code = api(owner).post(f"/api/projects/{project.pk}/codes/", {"name": "新"}, format="json").json()
    stale = api(owner).patch(
        f"/api/projects/{project.pk}/codes/{code['id']}/", {"definition": "x", "version": 99}, format="json"
    )
    assert stale.status_code == 409
    current = stale.json()["current"]
    # Not "1", "None", "True": APIException would have turned every value into a string.
    assert current["id"] == code["id"] and current["parent"] is None and current["is_active"] is True
    assert current["codings_count"] == 0
