"""POST /api/projects/{id}/documents/import/: one result per file, refusals leave nothing behind."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coding.documents import errors as document_errors
from coding.documents import services as document_services
from coding.documents.importing import Refused
from coding.models import Document, SourceFile, SpeakerTurn
from tests.coding.import_files import TRANSCRIPT, docx_bytes, fixture, zip_bomb_docx
from tests.factories import make_case, make_document


def url(project):
    return f"/api/projects/{project.pk}/documents/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post(api, user, project, *files, **fields):
    return api(user).post(url(project), {"files": list(files), **fields}, format="multipart")


def test_an_editor_imports_several_files_and_gets_one_result_each(api, editor, project):
    response = post(
        api,
        editor,
        project,
        upload("20160710YJ2.txt", TRANSCRIPT.encode("gb18030")),
        upload("20160711LS1.docx", docx_bytes(["问：几个中心？", "答：四个。"], [("中心", "次数")])),
        upload("interview.pdf", fixture("interview_with_text.pdf")),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["imported"], body["refused"]) == (3, 0)
    first = body["results"][0]
    assert first["status"] == "imported" and first["encoding"] == "gb18030" and first["turns_count"] == 4
    assert first["document"]["metadata"]["interview_id"] == "20160710YJ2"
    assert first["document"]["metadata"]["interview_date"] == "2016-07-10"
    assert first["document"]["title"] == "20160710YJ2" and first["document"]["language"] == "zh"
    document = Document.objects.get(pk=first["document"]["id"])
    assert document.text == TRANSCRIPT and document.created_by == editor
    assert body["results"][1]["document"]["metadata"]["interview_date"] == "2016-07-11"
    assert Document.objects.filter(project=project).count() == 3


def test_the_original_file_is_kept_and_downloadable_with_its_hash(api, editor, viewer, project):
    data = TRANSCRIPT.encode("utf-16")
    document_id = post(api, editor, project, upload("访谈 一.txt", data)).json()["results"][0]["document"][
        "id"
    ]
    response = api(viewer).get(f"/api/projects/{project.pk}/documents/{document_id}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == data
    assert response["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()
    assert "filename*=UTF-8''%E8%AE%BF%E8%B0%88%20%E4%B8%80.txt" in response["Content-Disposition"]
    assert SourceFile.objects.get(document_id=document_id).encoding == "utf-16-le"


def test_a_document_typed_in_has_no_original(api, owner, viewer, project):
    document = make_document(project, owner)
    response = api(viewer).get(f"/api/projects/{project.pk}/documents/{document.pk}/original/")
    assert response.status_code == 404


def test_turns_are_listed_in_order_as_spans_of_the_text(api, editor, viewer, project):
    document_id = post(api, editor, project, upload("a.txt", TRANSCRIPT.encode())).json()["results"][0][
        "document"
    ]["id"]
    turns = api(viewer).get(f"/api/projects/{project.pk}/documents/{document_id}/turns/").json()
    text = Document.objects.get(pk=document_id).text
    assert [(t["speaker"], text[t["start"] : t["end"]][:3]) for t in turns] == [
        ("问", "[00"),
        ("答", "答：主"),
        ("问", "问：有"),
        ("答", "答：有"),
    ]
    # 𠮷 is one code point: the last turn ends exactly at the end of its line.
    assert text[turns[-1]["start"] : turns[-1]["end"]] == "答：有，𠮷字也打不出来。"


BAD_FILES = [
    ("empty.txt", b"", Refused.EMPTY, document_errors.REFUSALS[Refused.EMPTY]),
    (
        "a.exe",
        b"MZ\x90\x00",
        Refused.UNSUPPORTED,
        "“.exe” files are not supported; import .txt, .md, .docx, .odt or .pdf files.",
    ),
    ("broken.docx", b"PK\x03\x04oops", Refused.CORRUPT, document_errors.REFUSALS[Refused.CORRUPT]),
    ("bomb.docx", zip_bomb_docx(), Refused.HOSTILE_ARCHIVE, document_errors.REFUSALS[Refused.HOSTILE_ARCHIVE]),
    (
        "scan.pdf",
        fixture("scanned_interview.pdf"),
        Refused.NO_TEXT_LAYER,
        document_errors.REFUSALS[Refused.NO_TEXT_LAYER],
    ),
    ("noise.txt", bytes(range(256)) * 4, Refused.UNDECODABLE, document_errors.REFUSALS[Refused.UNDECODABLE]),
]


@pytest.mark.parametrize(("name", "data", "reason", "message"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_a_refused_file_leaves_nothing_behind_and_the_others_still_import(
    api, editor, project, name, data, reason, message
):
    response = post(api, editor, project, upload(name, data), upload("good.txt", "答：好。".encode()))
    refused, imported = response.json()["results"]
    assert refused == {
        "filename": name,
        "status": "refused",
        "reason": reason,
        "message": str(message),
        "encoding": "",
        "turns_count": 0,
        "duplicate_of": [],
        "document": None,
    }
    assert imported["status"] == "imported"
    assert Document.objects.filter(project=project).count() == 1
    assert SourceFile.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused(api, editor, project, settings):
    settings.QUALCASE_IMPORT_MAX_BYTES = 1024 * 1024
    result = post(api, editor, project, upload("big.txt", "答".encode() * 400_000)).json()["results"][0]
    assert result["reason"] == Refused.TOO_LARGE
    assert result["message"] == "The file is too large: 1.1 MB, and the limit is 1 MB."
    assert not Document.objects.exists()


def test_the_users_encoding_choice_is_applied_and_checked(api, editor, project):
    data = "问：好吗？".encode("gb18030")
    result = post(api, editor, project, upload("a.txt", data), encoding="utf-8").json()["results"][0]
    assert (
        result["message"]
        == "The file cannot be read as utf-8; choose another encoding, or automatic detection."
    )
    result = post(api, editor, project, upload("a.txt", data), encoding="gb18030").json()["results"][0]
    assert result["status"] == "imported" and result["encoding"] == "gb18030"
    assert post(api, editor, project, upload("a.txt", data), encoding="ebcdic").status_code == 400


def test_the_same_text_imported_twice_is_flagged_by_its_hash(api, editor, project):
    first = post(api, editor, project, upload("一.txt", TRANSCRIPT.encode())).json()["results"][0]
    again = post(api, editor, project, upload("二.txt", TRANSCRIPT.encode("gb18030"))).json()["results"][0]
    assert again["status"] == "imported"
    assert again["duplicate_of"] == [first["document"]["id"]]
    assert again["message"] == "The same text is already in this project: 一."


def test_imported_documents_can_go_straight_into_a_case(api, editor, project, other_project):
    case = make_case(project)
    result = post(api, editor, project, upload("a.txt", b"A: yes"), case=case.pk).json()["results"][0]
    assert result["document"]["case"] == case.pk
    foreign = make_case(other_project, name="外")
    assert post(api, editor, project, upload("a.txt", b"A: yes"), case=foreign.pk).status_code == 400


def test_no_files_is_a_clear_error(api, editor, project):
    response = api(editor).post(url(project), {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"files": [str(document_errors.NO_FILES)]}


@pytest.mark.parametrize(
    ("user", "status"), [("coder", 403), ("viewer", 403), ("outsider", 404), ("owner", 200)]
)
def test_editors_and_owners_import_others_may_not(api, project, request, user, status):
    response = post(api, request.getfixturevalue(user), project, upload("a.txt", b"A: yes"))
    assert response.status_code == status


def test_outsiders_cannot_download_originals_or_turns(api, editor, outsider, project):
    document_id = post(api, editor, project, upload("a.txt", b"A: yes")).json()["results"][0]["document"][
        "id"
    ]
    for suffix in ("original", "turns"):
        assert (
            api(outsider).get(f"/api/projects/{project.pk}/documents/{document_id}/{suffix}/").status_code
            == 404
        )


def test_deleting_a_document_deletes_its_original_and_turns(api, editor, project):
    document_id = post(api, editor, project, upload("a.txt", TRANSCRIPT.encode())).json()["results"][0][
        "document"
    ]["id"]
    assert api(editor).delete(f"/api/projects/{project.pk}/documents/{document_id}/").status_code == 204
    assert not SourceFile.objects.exists() and not SpeakerTurn.objects.exists()


def test_a_large_upload_leaves_segmenting_to_the_search_job_and_every_document_gets_indexed(
    api, editor, project, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from search.models import DocumentIndex

    monkeypatch.setattr(document_services, "SEARCH_INDEX_INLINE_CHARACTERS", 50)
    files = [upload(f"{n}.txt", (f"答：第{n}份，政社互动。" * 10).encode()) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, editor, project, *files)
    assert response.json()["imported"] == 3
    # The first file was segmented at once; the job, run inline here, did the other two.
    assert DocumentIndex.objects.filter(document__project=project).count() == 3
    assert "政社" in DocumentIndex.objects.get(document__title="2").terms
