"""`manage.py load_demo`: the fictional demo study loads completely, correctly and only once."""

import io
import json
import shutil
import unicodedata
from collections import defaultdict

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cases.models import Attribute, AttributeType, AttributeValue, Case
from coding.models import Code, Coding, Document, Membership, Project, Role, SpeakerTurn
from coding.offsets import utf16_offset
from demo.management.commands.load_demo import DEMO_DIR

ASTRAL = "\U00020bb7"  # 𠮷, outside the BMP
CRLF_FILE = "06_20170412JJ1.txt"
FICTIONAL_MARK = "【虚构访谈，仅供演示 Fictional interview written for the qualcase demo】"
QCA_PARENT = "QCA条件 QCA conditions"
CONDITIONS = [
    "社会组织自主性 SO autonomy",
    "政府支持 Government support",
    "政社合作 Government–SO cooperation",
    "市场竞争 Market competition",
]
OUTCOME = "购买成效 Effectiveness"
CODERS = ("li.wei", "chen.jing")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's fast_tests


def load(directory=None):
    out = io.StringIO()
    args = ["--directory", str(directory)] if directory else []
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module (a load takes seconds), and remove it afterwards."""
    study = json.loads((DEMO_DIR / "study.json").read_text(encoding="utf-8"))
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        output = load()
        yield output
        project = Project.objects.get(name=study["project"]["name"])
        Coding.objects.filter(document__project=project).delete()
        # Code.parent protects parents: remove the tree from its leaves up.
        while project.codes.exists():
            project.codes.filter(children=None).delete()
        project.delete()
        get_user_model().objects.filter(username__in=[user["username"] for user in study["users"]]).delete()


@pytest.fixture
def demo(loaded, db):
    return Project.objects.get(), loaded


def _plain(row):
    # PostgreSQL returns binary columns (an imported original) as memoryview, whose repr is its
    # address: compare the bytes.
    return repr({key: bytes(value) if isinstance(value, memoryview) else value for key, value in row.items()})


def snapshot():
    """Every row of every model, as plain values, to compare before and after a second load."""
    return {
        model._meta.label: sorted(map(_plain, model.objects.order_by("pk").values()))
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def test_demo_has_the_promised_size(demo):
    project, output = demo
    assert Case.objects.filter(project=project).count() >= 10
    documents = Document.objects.filter(project=project)
    assert documents.count() >= 24
    assert all(document.case_id for document in documents)
    assert {document.language for document in documents} == {"zh", "en"}
    assert documents.filter(language="zh").count() > documents.filter(language="en").count()
    codings = Coding.objects.filter(document__project=project)
    assert codings.count() >= 300
    per_coder = dict((username, codings.filter(coder__username=username).count()) for username in CODERS)
    assert set(codings.values_list("coder__username", flat=True)) == set(CODERS)
    assert min(per_coder.values()) >= 150
    assert codings.exclude(memo="").exists()
    for document in documents:
        assert document.text.startswith(FICTIONAL_MARK)
        assert 1500 <= len(document.text) <= 4000, document.title
        assert document.interview_id and document.interview_date and document.interviewee_role
    # The logins are printed with their roles.
    for username in ("zhang.min", "wang.fang", "li.wei", "chen.jing", "zhao.lei"):
        assert username in output
    assert "qualcase-demo" in output


def test_members_codebook_and_attributes(demo):
    project, _output = demo
    roles = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert roles == {
        "zhang.min": Role.OWNER,
        "wang.fang": Role.EDITOR,
        "li.wei": Role.CODER,
        "chen.jing": Role.CODER,
        "zhao.lei": Role.VIEWER,
    }
    assert get_user_model().objects.get(username="li.wei").check_password("qualcase-demo")

    isomorphism = Code.objects.get(project=project, name="趋同化 Isomorphism")
    assert isomorphism.parent.name == "互动陷阱 Interaction trap"
    assert {child.name for child in isomorphism.children.all()} == {
        "强制性 Coercive",
        "模仿性 Mimetic",
        "规范性 Normative",
    }
    qca = Code.objects.get(project=project, name=QCA_PARENT, parent=None)
    assert {child.name for child in qca.children.all()} == {*CONDITIONS, OUTCOME}
    for code in Code.objects.filter(project=project):
        assert code.definition and code.color.startswith("#"), code.name
    assert Code.objects.filter(project=project, parent=None).count() == 4

    assert set(Attribute.objects.filter(project=project).values_list("type", flat=True)) == set(
        AttributeType.values
    )
    attributes = Attribute.objects.filter(project=project).count()
    for case in Case.objects.filter(project=project):
        assert AttributeValue.objects.filter(case=case).count() == attributes, case.name


def test_every_quote_is_the_text_it_covers(demo):
    project, _output = demo
    texts = dict(Document.objects.filter(project=project).values_list("pk", "text"))
    for coding in Coding.objects.filter(document__project=project):
        assert coding.quote == texts[coding.document_id][coding.start : coding.end]
        assert coding.quote.strip()


def test_offsets_after_characters_outside_the_bmp(demo):
    project, _output = demo
    document = Document.objects.get(project=project, text__contains=ASTRAL)
    first_astral = document.text.index(ASTRAL)
    later = Coding.objects.filter(document=document, start__gt=first_astral)
    assert later.count() >= 10
    for coding in later:
        assert document.text[coding.start : coding.end] == coding.quote
        # Code points and UTF-16 units differ here: the browser needs the conversion.
        assert utf16_offset(document.text, coding.start) > coding.start
    assert any(ord(char) > 0xFFFF and char != ASTRAL for char in document.text)  # an emoji too


def test_stored_text_is_nfc_with_newlines(demo):
    project, _output = demo
    raw = (DEMO_DIR / "transcripts" / CRLF_FILE).read_bytes()
    assert b"\r\n" in raw, "the CRLF transcript lost its line endings (see transcripts/.gitattributes)"
    crlf_document = Document.objects.get(project=project, original_filename=CRLF_FILE)
    assert crlf_document.codings.exists()
    decomposed_sources = 0
    for document in Document.objects.filter(project=project):
        assert "\r" not in document.text
        assert unicodedata.is_normalized("NFC", document.text)
        source = (DEMO_DIR / "transcripts" / document.original_filename).read_text(encoding="utf-8")
        decomposed_sources += not unicodedata.is_normalized("NFC", source)
    assert decomposed_sources >= 1  # one source is NFD on purpose, and it is stored NFC


def test_every_transcript_has_speaker_turns_after_its_header(demo):
    project, _output = demo
    for document in Document.objects.filter(project=project):
        turns = list(SpeakerTurn.objects.filter(document=document).order_by("index"))
        speakers = {turn.speaker for turn in turns}
        assert len(turns) >= 10, document.title
        assert len(speakers) == 2, (document.title, speakers)  # interviewer and interviewee, nothing from the header
        assert all(document.text[turn.start : turn.end].startswith(("[", turn.speaker)) for turn in turns)
    styles = set(SpeakerTurn.objects.filter(document__project=project).values_list("speaker", flat=True))
    assert {"问", "答", "访谈者", "受访者", "Q", "A", "Interviewer", "刘科长"} <= styles
    named = SpeakerTurn.objects.filter(document__project=project, speaker="刘科长").order_by("index").first()
    assert named.timestamp == "00:01:02"


def test_second_load_changes_nothing(demo):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "already loaded" in output
    assert Project.objects.count() == 1


def presence_table(project, coder=None):
    """{case name: {code name: number of codings}} for the QCA codes."""
    codings = Coding.objects.filter(document__project=project, code__parent__name=QCA_PARENT)
    if coder:
        codings = codings.filter(coder__username=coder)
    table = defaultdict(lambda: dict.fromkeys([*CONDITIONS, OUTCOME], 0))
    for case in Case.objects.filter(project=project):
        table[case.name]  # every case gets a row, even with no QCA codings
    for case_name, code_name in codings.values_list("document__case__name", "code__name"):
        table[case_name][code_name] += 1
    return table


def test_qca_codes_give_a_meaningful_truth_table(demo):
    project, _output = demo
    table = presence_table(project)
    present = {case: {code: int(count > 0) for code, count in row.items()} for case, row in table.items()}
    columns = {code: tuple(row[code] for row in present.values()) for code in [*CONDITIONS, OUTCOME]}
    for code, column in columns.items():
        assert 0 < sum(column) < len(column), f"{code} is present in all or no cases"
    assert len(set(columns.values())) == len(columns), "two QCA codes have the same presence in every case"
    configurations = {tuple(row[code] for code in CONDITIONS) for row in present.values()}
    assert len(configurations) >= 8
    # The story the demo tells: autonomy with support is sufficient for effectiveness, and market
    # competition is not necessary for it.
    autonomy, support, _cooperation, market = CONDITIONS
    for row in present.values():
        if row[autonomy] and row[support]:
            assert row[OUTCOME]
    assert any(row[OUTCOME] and not row[market] for row in present.values())
    # Counts differ, not only presence, so fuzzy calibration from counts is not just crisp presence.
    outcome_counts = {row[OUTCOME] for row in table.values() if row[OUTCOME]}
    assert len(outcome_counts) >= 3
    # Both coders' codings alone give the same presence table: a QCA on either is the same study.
    for coder in CODERS:
        by_coder = presence_table(project, coder)
        assert {
            case: {code: int(n > 0) for code, n in row.items()} for case, row in by_coder.items()
        } == present


def test_the_coders_agree_and_disagree(demo):
    project, _output = demo
    spans = defaultdict(set)
    for coder, document, code, start, end in Coding.objects.filter(document__project=project).values_list(
        "coder__username", "document_id", "code_id", "start", "end"
    ):
        spans[coder].add((document, code, start, end))
    same = spans["li.wei"] & spans["chen.jing"]
    only_one = spans["li.wei"] ^ spans["chen.jing"]
    assert len(same) >= 100
    assert len(only_one) >= 50
    # Overlapping codings of different codes on the same passage.
    by_span = defaultdict(set)
    for document, code, start, end in spans["li.wei"]:
        by_span[(document, start, end)].add(code)
    assert sum(1 for codes in by_span.values() if len(codes) > 1) >= 20


def test_a_missing_quote_fails_loudly_and_writes_nothing(db, tmp_path):
    shutil.copytree(DEMO_DIR / "transcripts", tmp_path / "transcripts")
    study = json.loads((DEMO_DIR / "study.json").read_text(encoding="utf-8"))
    # A study of its own, so that everything would be new even with the demo loaded.
    study["project"]["name"] = "Broken demo"
    for user in study["users"]:
        user["username"] = "broken." + user["username"]
    for coding in study["codings"]:
        coding["coder"] = "broken." + coding["coder"]
    study["codings"][-1]["quote"] = "这句话不在任何访谈里"
    (tmp_path / "study.json").write_text(json.dumps(study, ensure_ascii=False), encoding="utf-8")
    rows_before = {model: model.objects.count() for model in (Project, Document, Coding, Case, Code)}
    with pytest.raises(CommandError, match="quote not found"):
        load(tmp_path)
    assert {model: model.objects.count() for model in rows_before} == rows_before
    assert not get_user_model().objects.filter(username__startswith="broken.").exists()


def test_the_demo_ships_a_qca_study_with_a_run(demo):
    from analysis.models import QCARun, QCAStudy

    project, _output = demo
    study = QCAStudy.objects.get(project=project)
    assert sorted(study.sets.values_list("label", flat=True)) == ["AUTO", "COOP", "EFFECT", "GOV", "MARKET"]
    run = QCARun.objects.get(study=study)
    # The coded evidence makes autonomy with support sufficient for effectiveness.
    assert run.results["errors"] == {}
    conservative = run.results["minimizations"]["conservative"]["models"]
    assert any("AUTO" in term and "GOV" in term for model in conservative for term in model["terms"])
    assert "intermediate" in run.results["minimizations"]
