"""A file imported through issue 5's importer is segmented on import, and its turns can be auto-coded."""

from django.core.files.uploadedfile import SimpleUploadedFile

from search.models import DocumentIndex
from search.selectors import search
from tests.coding.import_files import TRANSCRIPT
from tests.factories import make_code


def test_an_imported_transcript_is_searchable_and_its_turns_auto_coded(api, editor, coder, project):
    upload = SimpleUploadedFile("a.txt", TRANSCRIPT.encode("gb18030"), content_type="text/plain")
    response = api(editor).post(
        f"/api/projects/{project.pk}/documents/import/", {"files": [upload]}, format="multipart"
    )
    assert response.status_code == 200
    assert DocumentIndex.objects.count() == 1
    ((title, hit),) = [
        (group.document.title, hit)
        for group in search(project=project, text="台账").groups
        for hit in group.hits
    ]
    assert (hit.left, hit.text) == ("我们每个月检查一次", "台账")
    code = make_code(project, name="行政化")
    body = (
        api(coder)
        .post(
            f"/api/projects/{project.pk}/auto-coding/preview/",
            {"code": code.pk, "q": "台账", "extent": "turn"},
        )
        .json()
    )
    assert [passage["quote"] for passage in body["passages"]] == [
        "答：主要是政府购买服务，合同一年一签。\n我们每个月检查一次台账。"
    ]
