"""Auto-coding: preview, apply hits widened to sentence/paragraph/turn as one run, undo it whole."""

import pytest

from coding.models import Coding, SpeakerTurn
from search.models import AutoCodingRun
from tests.factories import make_code, make_document

TEXT = "问：资金从哪里来？\n答：主要是政府购买服务。我们也申请基金会的资金！\n问：还有呢？"


@pytest.fixture
def document(project, owner):
    document = make_document(project, owner, title="访谈一", text=TEXT)
    # Turns as the importer (issue 5) records them; made here so the test does not depend on its parser.
    at = 0
    for index, line in enumerate(TEXT.split("\n")):
        SpeakerTurn.objects.create(
            document=document, index=index, start=at, end=at + len(line), speaker=line[0]
        )
        at += len(line) + 1
    return document


@pytest.fixture
def code(project):
    return make_code(project, name="经济资源")


def quotes(body):
    return [passage["quote"] for passage in body["passages"]]


@pytest.mark.parametrize(
    ("extent", "expected"),
    [
        ("hit", ["资金", "资金"]),
        ("sentence", ["问：资金从哪里来？", "我们也申请基金会的资金！"]),
        ("paragraph", ["问：资金从哪里来？", "答：主要是政府购买服务。我们也申请基金会的资金！"]),
        ("turn", ["问：资金从哪里来？", "答：主要是政府购买服务。我们也申请基金会的资金！"]),
    ],
)
def test_preview_widens_hits_to_the_extent(project, document, code, api, coder, extent, expected):
    response = api(coder).post(
        f"/api/projects/{project.pk}/auto-coding/preview/", {"code": code.pk, "q": "资金", "extent": extent}
    )
    assert response.status_code == 200
    assert quotes(response.json()) == expected
    assert not Coding.objects.exists()


def test_every_turn_of_a_speaker(project, document, code, api, coder):
    body = (
        api(coder)
        .post(f"/api/projects/{project.pk}/auto-coding/preview/", {"code": code.pk, "speaker": "问"})
        .json()
    )
    assert quotes(body) == ["问：资金从哪里来？", "问：还有呢？"]


def test_apply_records_the_query_and_undo_removes_the_run(project, document, code, api, coder):
    client = api(coder)
    response = client.post(
        f"/api/projects/{project.pk}/auto-coding/", {"code": code.pk, "q": "资金", "extent": "sentence"}
    )
    assert response.status_code == 201
    run = AutoCodingRun.objects.get()
    assert (run.query, run.options["extent"], run.codings_count) == ("资金", "sentence", 2)
    assert sorted(Coding.objects.values_list("quote", flat=True)) == sorted(
        ["问：资金从哪里来？", "我们也申请基金会的资金！"]
    )
    again = client.post(
        f"/api/projects/{project.pk}/auto-coding/preview/", {"code": code.pk, "q": "资金"}
    ).json()
    assert again["count"] == 2  # hits are narrower than the coded sentences, so not yet coded so
    undo = client.post(f"/api/projects/{project.pk}/auto-coding/{run.pk}/undo/")
    assert undo.status_code == 200
    assert undo.json()["undone_at"] is not None
    assert not Coding.objects.exists()


def test_viewers_may_not_auto_code(project, document, code, api, viewer):
    response = api(viewer).post(
        f"/api/projects/{project.pk}/auto-coding/preview/", {"code": code.pk, "q": "资金"}
    )
    assert response.status_code == 403


def test_another_coder_may_not_undo_but_an_editor_may(
    project, document, code, api, coder, second_coder, editor
):
    api(coder).post(f"/api/projects/{project.pk}/auto-coding/", {"code": code.pk, "q": "资金"})
    run = AutoCodingRun.objects.get()
    assert api(second_coder).post(f"/api/projects/{project.pk}/auto-coding/{run.pk}/undo/").status_code == 403
    assert api(editor).post(f"/api/projects/{project.pk}/auto-coding/{run.pk}/undo/").status_code == 200


def test_a_speaker_with_a_query_codes_only_that_speakers_turns_holding_a_hit(
    project, owner, document, code, api, coder
):
    # Another interview where 问 speaks but never says 资金: none of its turns may be coded.
    other_text = "问：服务怎么样？\n答：还可以。\n问：街道来过吗？"
    other = make_document(project, owner, title="访谈二", text=other_text)
    at = 0
    for index, line in enumerate(other_text.split("\n")):
        SpeakerTurn.objects.create(document=other, index=index, start=at, end=at + len(line), speaker=line[0])
        at += len(line) + 1
    body = (
        api(coder)
        .post(f"/api/projects/{project.pk}/auto-coding/preview/", {"code": code.pk, "speaker": "问", "q": "资金"})
        .json()
    )
    assert quotes(body) == ["问：资金从哪里来？"]
    applied = api(coder).post(
        f"/api/projects/{project.pk}/auto-coding/", {"code": code.pk, "speaker": "问", "q": "资金"}
    )
    assert applied.status_code == 201
    assert list(Coding.objects.values_list("document_id", flat=True)) == [document.pk]
    run = AutoCodingRun.objects.get()
    assert (run.query, run.options["speaker"]) == ("资金", "问")


def test_an_archived_code_is_refused_with_its_name(project, document, code, api, coder, owner):
    from coding.codebook.services import code_archive
    from search.errors import CODE_ARCHIVED

    code_archive(code=code, user=owner)
    response = api(coder).post(f"/api/projects/{project.pk}/auto-coding/", {"code": code.pk, "q": "资金"})
    assert response.status_code == 400
    assert response.json()["code"] == [CODE_ARCHIVED.format(name="经济资源")]
    assert not Coding.objects.exists()


def test_open_coding_pages_see_an_auto_coding_run_and_its_undo(project, document, code, api, coder, viewer):
    page = api(viewer)
    changes = f"/api/projects/{project.pk}/documents/{document.pk}/workspace/changes/?after="
    revision = page.get(f"/api/projects/{project.pk}/documents/{document.pk}/workspace/").json()["revision"]
    api(coder).post(f"/api/projects/{project.pk}/auto-coding/", {"code": code.pk, "q": "资金", "extent": "sentence"})
    created = sorted(Coding.objects.values_list("pk", flat=True))
    answer = page.get(f"{changes}{revision}").json()
    assert sorted(row[0] for row in answer["codings"]) == created
    api(coder).post(f"/api/projects/{project.pk}/auto-coding/{AutoCodingRun.objects.get().pk}/undo/")
    answer = page.get(f"{changes}{answer['revision']}").json()
    assert (answer["codings"], sorted(answer["deleted"])) == ([], created)


def test_a_sentence_is_found_from_the_start_of_its_line_with_the_same_bounds(monkeypatch):
    # The last sentence end before a hit was looked for from the start of the text: every hit
    # rescanned all the text before it (5,000 hits in a 200,000-character transcript took 6.8 s).
    import random

    from search import autocoding

    def from_text_start(text, start, end):
        left = 0
        for match in autocoding.SENTENCE_END.finditer(text, 0, start):
            left = match.end()
        return left

    rng = random.Random(5)
    pieces = ["资金", "。", "！？", "”", ".", ". ", "\n", "a", "问：", "）", "。」"]
    for _round in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        start = rng.randrange(0, len(text))
        end = rng.randint(start + 1, len(text))
        assert autocoding._sentence(text, start, end)[0] == from_text_start(text, start, end)

    scanned = []
    pattern = autocoding.SENTENCE_END

    class Counting:
        def finditer(self, text, pos, endpos):
            scanned.append(endpos - pos)
            return pattern.finditer(text, pos, endpos)

        def search(self, text, pos):
            return pattern.search(text, pos)

    monkeypatch.setattr(autocoding, "SENTENCE_END", Counting())
    text = "\n".join(["答：街道会派人来检查，评估看台账"] * 2000)
    for at in range(0, len(text), 37):
        autocoding._sentence(text, at, at + 2)
    assert max(scanned) < 20


def test_a_speakers_turns_read_each_transcript_once(document):
    # Joined to every turn, a 200,000-character transcript with 2,000 turns was read 2,000 times.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import autocoding

    with CaptureQueriesContext(connection) as captured:
        passages = autocoding.passages_for_speaker(project=document.project, speaker="问")
    assert [p.quote for p in passages] == ["问：资金从哪里来？", "问：还有呢？"]
    assert passages[0].document is passages[1].document
    assert sum('"coding_document"."text"' in query["sql"] for query in captured.captured_queries) == 1


def test_the_turn_of_a_hit_and_the_turns_holding_a_hit_are_found_as_by_a_scan():
    # A scan of every turn for every hit was hits x turns (5,000 hits among 3,000 turns of one
    # transcript); non-overlapping turns are now found by a binary search, with the same answers.
    import random

    from search.autocoding import _holds_one, _Turns

    class Unscannable(list):
        def __iter__(self):
            raise AssertionError("scanned")

    rng = random.Random(12)
    for _round in range(100):
        starts = sorted(rng.sample(range(0, 500), rng.randint(0, 30)))
        disjoint = [(a, b) for a, b in zip(starts, [*starts[1:], 520], strict=False) if rng.random() < 0.8]
        overlapping = sorted((s, s + rng.randint(1, 60)) for s in rng.sample(range(0, 500), rng.randint(0, 30)))
        for spans in (disjoint, overlapping):
            turns = _Turns(spans)
            if spans is disjoint:
                turns.spans = Unscannable(spans)
            for position in range(0, 530):
                assert turns.at(position) == next((t for t in spans if t[0] <= position < t[1]), None)
        positions = sorted(rng.sample(range(0, 500), rng.randint(0, 20)))
        for start, end in overlapping:
            assert _holds_one(positions, start, end) == any(start <= at < end for at in positions)
