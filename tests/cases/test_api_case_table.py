"""GET/POST /api/projects/{id}/cases/table/: the attribute grid as CSV or XLSX through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from tests.factories import make_attribute, make_case


def url(project):
    return f"/api/projects/{project.pk}/cases/table/"


def csv_file(text):
    return SimpleUploadedFile("grid.csv", text.encode("utf-8"))


def test_viewers_export_csv_and_xlsx(api, viewer, project):
    make_case(project)
    response = api(viewer).get(url(project))
    assert response.content.decode("utf-8-sig").splitlines() == ["case", "W区居家养老"]
    assert api(viewer).get(url(project), {"file_format": "xlsx"}).content.startswith(b"PK")


def test_a_dry_run_reports_changes_and_writes_nothing_then_the_import_applies(api, editor, project):
    make_attribute(project, name="budget", type="number")
    body = {"file": csv_file("case,budget\n新案例,5\n"), "dry_run": "true"}
    response = api(editor).post(url(project), body, format="multipart")
    assert response.json() == {
        "applied": False,
        "rows": 1,
        "new_cases": ["新案例"],
        "changes": [{"case": "新案例", "attribute": "budget", "old": "", "new": "5"}],
    }
    assert not Case.objects.filter(name="新案例").exists()
    response = api(editor).post(
        url(project), {"file": csv_file("case,budget\n新案例,5\n")}, format="multipart"
    )
    assert response.json()["applied"] is True
    assert Case.objects.filter(project=project, name="新案例").exists()


def test_bad_rows_answer_400_naming_row_and_column(api, editor, project):
    make_attribute(project, name="budget", type="number")
    response = api(editor).post(url(project), {"file": csv_file("case,budget\nA,很多\n")}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "Nothing was imported: correct the errors listed and import the file again.",
            "Row 2, column B: “很多” is not a number.",
        ]
    }
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"), [("viewer", 403), ("coder", 403), ("outsider", 404), ("editor", 200)]
)
def test_only_editors_import(api, project, request, user, status):
    response = api(request.getfixturevalue(user)).post(
        url(project), {"file": csv_file("case\nA\n")}, format="multipart"
    )
    assert response.status_code == status


def test_a_missing_file_is_named(api, editor, project):
    response = api(editor).post(url(project), {}, format="multipart")
    assert response.json() == {"file": ["Attach a .csv or .xlsx file as `file`."]}
