import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis.agreement import errors
from analysis.agreement.models import ConsensusCoding
from analysis.agreement.selectors import Scope, agreement_inputs, consensus_username
from coding.models import Coding

pytestmark = pytest.mark.django_db


def url(project, tail=""):
    return f"/api/projects/{project.pk}/agreement/{tail}"


def test_the_table_gives_every_measure_per_code_and_overall(api, project, pair, coder, second_coder, viewer):
    response = api(viewer).get(url(project), {"coder": f"{coder.pk},{second_coder.pk}", "subtree": "1"})
    assert response.status_code == 200
    body = response.json()
    assert body["documents"] == 1 and body["characters"] == 30
    a = body["per_category"][str(pair.a.pk)]
    # A with its subtree: coder [0,10), second coder [0,8) ∪ [12,15): 30 - 10 - 11 + 2·8 = 25 agree.
    assert a["percent_characters"]["value"] == pytest.approx(25 / 30)
    assert a["kappa"]["units"] == 30
    assert set(body["overall"]) >= {"kappa", "alpha_u_binary", "alpha_Cu"}


def test_fewer_than_two_coders_is_refused_with_its_message(api, project, pair, coder):
    response = api(coder).get(url(project), {"coder": coder.pk})
    assert response.status_code == 400
    assert response.json() == {"coder": [str(errors.TWO_CODERS)]}


def test_outsiders_get_404(api, project, pair, coder, second_coder, outsider):
    assert api(outsider).get(url(project), {"coder": f"{coder.pk},{second_coder.pk}"}).status_code == 404
    assert api(outsider).post(url(project, "resolve/"), {}, format="json").status_code == 404


def test_viewers_and_coders_may_not_resolve(api, project, pair, viewer, coder):
    body = {"document": pair.doc.pk, "action": "keep_a", "coding_a": pair.ca.pk}
    assert api(viewer).post(url(project, "resolve/"), body, format="json").status_code == 403
    assert api(coder).post(url(project, "resolve/"), body, format="json").status_code == 403
    assert not ConsensusCoding.objects.exists()


def test_disagreements_are_listed_and_filtered_by_kind(api, project, pair, coder, second_coder, viewer):
    path = url(project, f"documents/{pair.doc.pk}/disagreements/")
    found = api(viewer).get(path, {"coder_a": coder.pk, "coder_b": second_coder.pk}).json()["disagreements"]
    assert [d["kind"] for d in found] == ["boundary", "missing", "missing"]
    only = api(viewer).get(path, {"coder_a": coder.pk, "coder_b": second_coder.pk, "kind": "boundary"}).json()
    assert [d["kind"] for d in only["disagreements"]] == ["boundary"]


def test_keep_a_gives_the_consensus_coder_a_copy_recording_who_resolved(api, project, pair, editor):
    response = api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "keep_a", "coding_a": pair.ca.pk, "coding_b": pair.sa.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    (made,) = Coding.objects.filter(coder__username=consensus_username(project.pk))
    assert (made.code_id, made.start, made.end) == (pair.a.pk, 0, 10)
    record = made.consensus
    assert record.resolved_by == editor and record.action == "keep_a" and record.resolved_at
    assert record.source_codings == [pair.ca.pk, pair.sa.pk]
    # The same decision again makes nothing new.
    api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "keep_a", "coding_a": pair.ca.pk},
        format="json",
    )
    assert Coding.objects.filter(coder__username=consensus_username(project.pk)).count() == 1


def test_an_agreed_coding_needs_a_span_and_bad_input_changes_nothing(api, project, pair, editor):
    response = api(editor).post(
        url(project, "resolve/"), {"document": pair.doc.pk, "action": "agreed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(errors.AGREED_NEEDS_SPAN)]}
    response = api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "agreed", "code": pair.a.pk, "start": 0, "end": 99},
        format="json",
    )
    assert response.status_code == 400
    assert not Coding.objects.filter(coder__username=consensus_username(project.pk)).exists()


def test_a_coding_of_another_document_is_refused(api, project, pair, editor, owner, coder):
    from tests.factories import make_coding, make_document

    other = make_document(project, owner, title="d2", text="别的文本内容")
    elsewhere = make_coding(other, pair.a, coder, 0, 2)
    response = api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "keep_a", "coding_a": elsewhere.pk},
        format="json",
    )
    assert response.json() == {"coding_a": [str(errors.CODING_OTHER_DOCUMENT)]}


def test_alpha_against_the_consensus_coder_rises_as_disagreements_are_resolved(
    api, project, pair, editor, coder
):
    api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "keep_a", "coding_a": pair.ca.pk},
        format="json",
    )
    from django.contrib.auth import get_user_model

    consensus = get_user_model().objects.get(username=consensus_username(project.pk))
    params = {"coder": f"{coder.pk},{consensus.pk}", "code": pair.a.pk}
    before = (
        api(editor)
        .get(url(project), params)
        .json()["per_category"][str(pair.a.pk)]["alpha_u_binary"]["value"]
    )
    assert before == pytest.approx(1.0)  # the consensus has exactly the coder's A so far


def test_the_inputs_take_four_queries_whatever_the_size(project, pair, coder, second_coder):
    with CaptureQueriesContext(connection) as queries:
        agreement_inputs(project=project, scope=Scope(coder_ids=[coder.pk, second_coder.pk], subtree=True))
    assert len(queries) == 4


def test_exports_escape_formula_cells_and_carry_per_document_rows(
    api, project, pair, coder, second_coder, viewer, owner
):
    from tests.factories import make_coding, make_document

    other = make_document(project, owner, title="=SUM(A1)", text="一二三四五六七八九十")
    make_coding(other, pair.a, coder, 0, 4)
    make_coding(other, pair.a, second_coder, 0, 5)
    params = {"coder": f"{coder.pk},{second_coder.pk}"}
    response = api(viewer).get(f"/api/projects/{project.pk}/exports/agreement.csv", params)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Document,Code,Measure,Value,Units")
    assert any(line.startswith("'=SUM(A1),") for line in lines)
    assert any(line.startswith("d1,") for line in lines)
    xlsx = api(viewer).get(f"/api/projects/{project.pk}/exports/agreement.xlsx", params)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_qca_set_can_be_measured_on_the_consensus_coder(api, project, pair, editor, owner):
    api(editor).post(
        url(project, "resolve/"),
        {"document": pair.doc.pk, "action": "keep_a", "coding_a": pair.ca.pk},
        format="json",
    )
    from django.contrib.auth import get_user_model

    consensus = get_user_model().objects.get(username=consensus_username(project.pk))
    study = api(owner).post(f"/api/projects/{project.pk}/qca-studies/", {"name": "S"}, format="json")
    assert study.status_code == 201, study.json()
    created = api(owner).post(
        f"/api/projects/{project.pk}/qca-studies/{study.json()['id']}/sets/",
        {"label": "A", "source": "code", "code": pair.a.pk, "coder_scope": "one", "coder": consensus.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
