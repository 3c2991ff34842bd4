"""GET /api/projects/{id}/export.qdpx: editors and owners only; a schema-valid project file."""

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from coding.codebook import services as codebook_services
from coding.codings import services as coding_services
from coding.documents import services as document_services
from exchange.refi.reader import read_qdpx

SCHEMA = Path(__file__).resolve().parents[2] / "exchange" / "schemas" / "Project-mrt2019.xsd"
TEXT = "问：您好😀，𠮷野家？\n答：合作社很好。"


@pytest.fixture
def coded(project, owner, coder):
    document = document_services.document_create(project=project, title="访谈一", text=TEXT, created_by=owner)
    code = codebook_services.code_create(project=project, name="合作社", color="#112233")
    start = TEXT.index("合作社")
    coding_services.coding_create(document=document, code=code, coder=coder, start=start, end=start + 3)
    return project


def url(project, query=""):
    return f"/api/projects/{project.pk}/export.qdpx{query}"


def test_outsiders_get_404(api, coded, outsider):
    assert api(outsider).get(url(coded)).status_code == 404


@pytest.mark.parametrize("who", ["viewer", "coder"])
def test_viewers_and_coders_get_403(api, coded, who, request):
    assert api(request.getfixturevalue(who)).get(url(coded)).status_code == 403


@pytest.mark.parametrize("query", ["", "?offsets=utf16"])
def test_editors_get_a_schema_valid_qdpx(api, coded, editor, query):
    answer = api(editor).get(url(coded, query))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/vnd.refi-qda+zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        xmlschema.XMLSchema(SCHEMA).validate(io.BytesIO(archive.read("project.qde")))


def test_offsets_are_code_points_or_utf16(api, coded, owner):
    start = TEXT.index("合作社")
    plain = api(owner).get(url(coded)).content
    utf16 = api(owner).get(url(coded, "?offsets=utf16")).content
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        assert f'startPosition="{start}"'.encode() in archive.read("project.qde")
    with zipfile.ZipFile(io.BytesIO(utf16)) as archive:
        assert f'startPosition="{start + 2}"'.encode() in archive.read("project.qde")
    # Read back under the origin's model the spans are the same either way.
    assert [s.start for s in read_qdpx(plain).sources[0].selections] == [start]


def test_a_bad_offsets_value_is_a_400(api, coded, owner):
    assert api(owner).get(url(coded, "?offsets=bytes")).status_code == 400
