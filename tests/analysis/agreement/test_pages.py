import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_table_page_shows_the_measures_for_the_chosen_coders(
    client, project, pair, coder, second_coder, viewer
):
    client.force_login(viewer)
    response = client.get(
        f"/projects/{project.pk}/analysis/agreement/", {"coder": [coder.pk, second_coder.pk]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="agreement-table"' in html and f'data-code="{pair.a.pk}"' in html


def test_the_table_page_says_why_one_coder_is_not_enough(client, project, pair, coder, viewer):
    client.force_login(viewer)
    response = client.get(f"/projects/{project.pk}/analysis/agreement/", {"coder": [coder.pk]})
    assert "Choose at least two coders to compare." in response.content.decode()


def test_outsiders_get_404_on_both_pages(client, project, pair, outsider):
    client.force_login(outsider)
    assert client.get(f"/projects/{project.pk}/analysis/agreement/").status_code == 404
    assert (
        client.get(f"/projects/{project.pk}/analysis/agreement/documents/{pair.doc.pk}/").status_code == 404
    )


def test_the_document_page_ships_text_codings_and_disagreements(
    client, project, pair, coder, second_coder, viewer
):
    client.force_login(viewer)
    response = client.get(
        f"/projects/{project.pk}/analysis/agreement/documents/{pair.doc.pk}/",
        {"coder_a": coder.pk, "coder_b": second_coder.pk},
    )
    html = response.content.decode()
    start = html.index(">", html.index('id="agreement-data"')) + 1
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["text"].startswith("𠮷") and len(data["a"]) == 2 and len(data["disagreements"]) == 3
    assert data["can_resolve"] is False


def test_the_form_offers_with_subtree_per_code_and_takes_only_the_chosen_ones(
    client, project, pair, coder, second_coder, viewer
):
    client.force_login(viewer)
    url = f"/projects/{project.pk}/analysis/agreement/"
    html = client.get(url).content.decode()
    form = html[html.index('name="subtree_code"') : html.index("</select>", html.index('name="subtree_code"'))]
    # A has a child (A1) and is offered; B has none and is not.
    assert f'value="{pair.a.pk}"' in form and f'value="{pair.b.pk}"' not in form
    response = client.get(
        url,
        {"coder": [coder.pk, second_coder.pk], "code": [pair.a.pk, pair.b.pk], "subtree_code": [pair.a.pk]},
    )
    rows = response.context["rows"]
    assert [(r["category"].id, r["category"].subtree) for r in rows] == [(pair.a.pk, True), (pair.b.pk, False)]
    # With its subtree, A counts second_coder's A1 coding [12,15): cu-alpha has two values to compare.
    without = client.get(url, {"coder": [coder.pk, second_coder.pk], "code": [pair.a.pk]}).context["rows"]
    assert rows[0]["cells"] != without[0]["cells"]


def test_the_study_page_offers_the_consensus_coder_once_a_disagreement_is_resolved(client, project, pair, owner):
    from analysis.agreement.services import consensus_resolve
    from analysis.models import QCAStudy

    made = consensus_resolve(document=pair.doc, user=owner, action="keep_a", coding_a=pair.ca)
    study = QCAStudy.objects.create(project=project, name="S", created_by=owner)
    client.force_login(owner)
    html = client.get(f"/projects/{project.pk}/analysis/qca/{study.pk}/").content.decode()
    form = html[html.index('name="coder"') :]
    assert f'<option value="{made[0].coder_id}">' in form[: form.index("</select>")]
