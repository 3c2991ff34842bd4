"""Downloads at /api/projects/{id}/exports/…: files, roles, bad parameters and a fixed query count."""

import csv
import io

import pytest
from openpyxl import load_workbook

from analysis.matrices import errors
from tests.factories import make_code, make_coding, make_document

MATRIX_PATHS = [
    "case-code-matrix.csv",
    "case-code-matrix.xlsx",
    "document-code-matrix.csv",
    "document-code-matrix.xlsx",
    "cooccurrence.csv",
    "cooccurrence.xlsx",
    "cooccurrence.svg",
    "code-attribute.svg?attribute={attribute}",
]


def url(study, name, query=""):
    return f"/api/projects/{study.project.pk}/exports/{name}{query}"


def read_csv(response):
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_case_code_csv_has_a_bom_and_the_figures(study, api, viewer):
    response = api(viewer).get(url(study, "case-code-matrix.csv", "?measure=characters&subtree=1"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="case-code-matrix-characters.csv"' in response["Content-Disposition"]
    assert read_csv(response) == [["Case", "A", "A > A1", "B"], ["X", "14", "6", "18"], ["Y", "3", "0", "10"]]


def test_case_code_xlsx_keeps_numbers_as_numbers(study, api, viewer):
    response = api(viewer).get(url(study, "case-code-matrix.xlsx", "?measure=share"))
    assert response.status_code == 200
    assert read_xlsx(response) == [
        ["Case", "A", "A > A1", "B"],
        ["X", 0.2667, 0.2, 0.6],
        ["Y", 0.1, 0, 0.3333],
    ]


def test_cooccurrence_csv_leaves_the_diagonal_blank(study, api, viewer):
    rows = read_csv(api(viewer).get(url(study, "cooccurrence.csv", "?mode=near&distance=2")))
    assert rows[1] == ["A", "", "1", "2"]


def test_code_attribute_csv(study, api, viewer):
    rows = read_csv(api(viewer).get(url(study, "code-attribute.csv", f"?attribute={study.district.pk}")))
    assert rows[0] == ["Code", "东区", "西区", "北区", "(no value)"]
    assert rows[1] == ["A", "2", "1", "0", "1"]


def test_a_coder_filter_reaches_the_figures(study, api, viewer, coder, second_coder):
    query = f"?coder={coder.pk}"
    rows = read_csv(api(viewer).get(url(study, "case-code-matrix.csv", query)))
    assert rows[1] == ["X", "2", "2", "1"]
    query = f"?coder={coder.pk},{second_coder.pk}"
    assert read_csv(api(viewer).get(url(study, "case-code-matrix.csv", query)))[1] == ["X", "2", "2", "2"]


def test_labels_that_look_like_formulas_are_neutralised(project, owner, coder, api, viewer):
    # Names are stripped on the way in, so a leading tab or CR is tested in test_exports.py.
    for name in ["=SUM(A1)", "+1", "-2", "@cmd"]:
        code = make_code(project, name=name)
        make_coding(make_document(project, owner, title=name), code, coder)
    response = api(viewer).get(f"/api/projects/{project.pk}/exports/document-code-matrix.csv")
    header = read_csv(response)[0]
    assert sorted(header[1:]) == sorted(["'=SUM(A1)", "'+1", "'-2", "'@cmd"])
    xlsx = read_xlsx(api(viewer).get(f"/api/projects/{project.pk}/exports/document-code-matrix.xlsx"))
    assert all(not str(label).startswith(("=", "+", "-", "@")) for label in xlsx[0][1:])
    assert sorted(row[0] for row in xlsx[1:]) == sorted(["'=SUM(A1)", "'+1", "'-2", "'@cmd"])


@pytest.mark.parametrize("path", MATRIX_PATHS)
def test_every_member_may_export_and_outsiders_get_404(study, api, viewer, outsider, path):
    path = path.format(attribute=study.district.pk)
    assert api(viewer).get(url(study, path)).status_code == 200
    assert api(outsider).get(url(study, path)).status_code == 404
    assert api().get(url(study, path)).status_code in (401, 403)


def test_an_unknown_measure_is_a_400_naming_it(study, api, viewer):
    response = api(viewer).get(url(study, "case-code-matrix.csv", "?measure=weight"))
    assert response.status_code == 400
    assert response.json() == {
        "measure": [
            errors.UNKNOWN_MEASURE.format(
                value="weight", choices="count, presence, characters, share, documents"
            )
        ]
    }


@pytest.mark.parametrize(
    ("path", "query", "field", "message"),
    [
        (
            "cooccurrence.csv",
            "?mode=sideways",
            "mode",
            errors.UNKNOWN_MODE.format(value="sideways", choices="overlap, near, turn"),
        ),
        ("cooccurrence.csv", "?mode=near&distance=-3", "distance", errors.BAD_DISTANCE.format(value="-3")),
        (
            "cooccurrence.xlsx",
            "?measure=share",
            "measure",
            errors.UNKNOWN_MEASURE.format(value="share", choices="count, documents"),
        ),
        ("case-code-matrix.csv", "?subtree=perhaps", "subtree", errors.BAD_FLAG.format(value="perhaps")),
        ("case-code-matrix.csv", "?coder=cora", "coder", errors.NOT_AN_ID.format(value="cora")),
        ("code-attribute.csv", "", "attribute", errors.ATTRIBUTE_REQUIRED),
        ("code-attribute.csv", "?attribute=99999", "attribute", errors.NO_SUCH_ATTRIBUTE.format(value=99999)),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(study, api, viewer, path, query, field, message):
    response = api(viewer).get(url(study, path, query))
    assert response.status_code == 400
    assert response.json() == {field: [str(message)]}


def test_another_projects_attribute_reads_as_nonexistent(study, other_project, api, viewer):
    from tests.factories import make_attribute

    foreign = make_attribute(other_project, name="district")
    response = api(viewer).get(url(study, "code-attribute.csv", f"?attribute={foreign.pk}"))
    assert response.status_code == 400


# membership, rows (cases or documents), codebook, the aggregation; co-occurrence: membership,
# codebook, longest span, the aggregation; code-attribute: membership, attribute, codebook, aggregation.
QUERIES = {
    "case-code-matrix.csv?measure=share&subtree=1": 4,
    "case-code-matrix.xlsx?measure=count": 4,
    "document-code-matrix.csv?measure=characters": 4,
    "document-code-matrix.xlsx?measure=presence": 4,
    "cooccurrence.csv?mode=near&distance=5": 4,
    "cooccurrence.xlsx": 4,
    "cooccurrence.svg?mode=turn&measure=documents": 3,  # no longest span needed
    "case-code-matrix.svg?measure=presence": 4,
    "code-attribute.csv?attribute={attribute}": 4,
    "code-attribute.xlsx?attribute={attribute}&measure=cases": 4,
}


def grow(study, times, coder):
    """More documents, codings and codes: the number of queries must not move."""
    for n in range(times):
        document = make_document(study.project, coder, title=f"more {n}", text="多" * 40, case=study.x)
        code = make_code(study.project, name=f"more {n}", parent=study.b)
        for start in range(0, 30, 5):
            make_coding(document, code, coder, start, start + 8)
            make_coding(document, study.a, coder, start, start + 3)


@pytest.mark.parametrize("path", sorted(QUERIES))
def test_each_export_takes_a_fixed_number_of_queries(
    study, api, viewer, coder, path, django_assert_num_queries
):
    client = api(viewer)
    expected = QUERIES[path]
    path = path.format(attribute=study.district.pk)
    with django_assert_num_queries(expected):
        assert client.get(url(study, path)).status_code == 200
    grow(study, 5, coder)
    with django_assert_num_queries(expected):
        assert client.get(url(study, path)).status_code == 200


def test_the_svg_heat_map_is_an_svg_file(study, api, viewer):
    response = api(viewer).get(url(study, "cooccurrence.svg"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.content.startswith(b"<svg xmlns=")


def test_every_export_path_is_in_the_api_schema(client, db):
    schema = client.get("/api/schema/").content.decode()
    for path in MATRIX_PATHS + ["passages.csv", "passages.xlsx", "passages.html", "passages.docx"]:
        assert "/api/projects/{project_id}/exports/" + path.split("?")[0] + ":" in schema
