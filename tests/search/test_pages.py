"""The search, word-frequency and dictionary pages render for members and refuse outsiders."""

import pytest
from django.utils import translation

from coding.models import Coding
from search.models import AutoCodingRun
from tests.conftest import PASSWORD
from tests.factories import make_code, make_document

TEXT = "答：政府购买服务以后，社会组织和街道的合作更多了。"


@pytest.fixture
def document(project, owner):
    return make_document(project, owner, title="访谈一", text=TEXT)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_search_page_shows_keyword_in_context_lines(client, project, document, viewer):
    response = login(client, viewer).get(f"/projects/{project.pk}/search/?q=合作")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="left">答：政府购买服务以后，社会组织和街道的</td>' in page
    assert "访谈一" in page


def test_a_bad_query_is_explained_on_the_page(client, project, document, viewer):
    page = login(client, viewer).get(f"/projects/{project.pk}/search/?q=(合作").content.decode()
    assert "is not closed by" in page


def test_outsiders_get_404(client, project, outsider):
    for path in ("", "words/", "dictionary/"):
        assert login(client, outsider).get(f"/projects/{project.pk}/search/{path}").status_code == 404


def test_a_coder_previews_applies_and_undoes_on_the_page(client, project, document, coder):
    code = make_code(project, name="合作关系")
    login(client, coder)
    data = {"q": "合作", "code": code.pk, "extent": "sentence"}
    preview = client.post(f"/projects/{project.pk}/search/?q=合作", {**data, "action": "preview"})
    assert preview.status_code == 200
    assert not Coding.objects.exists()
    applied = client.post(f"/projects/{project.pk}/search/?q=合作", {**data, "action": "apply"})
    assert applied.status_code == 302
    assert list(Coding.objects.values_list("quote", flat=True)) == [
        "答：政府购买服务以后，社会组织和街道的合作更多了。"
    ]
    run = AutoCodingRun.objects.get()
    assert client.post(f"/projects/{project.pk}/search/runs/{run.pk}/undo/").status_code == 302
    assert not Coding.objects.exists()


def test_a_viewer_may_not_auto_code(client, project, document, viewer):
    code = make_code(project, name="合作关系")
    response = login(client, viewer).post(
        f"/projects/{project.pk}/search/?q=合作", {"q": "合作", "code": code.pk, "action": "apply"}
    )
    assert response.status_code == 403


def test_the_frequency_page_has_a_table_and_a_chart(client, project, document, viewer):
    page = login(client, viewer).get(f"/projects/{project.pk}/search/words/").content.decode()
    assert "<svg" in page and "<td>政府</td>" in page


def test_an_editor_adds_a_dictionary_term_on_the_page(client, project, document, editor):
    login(client, editor)
    assert (
        client.post(f"/projects/{project.pk}/search/dictionary/", {"term": "政府购买服务"}).status_code == 302
    )
    assert "政府购买服务" in client.get(f"/projects/{project.pk}/search/dictionary/").content.decode()


def test_auto_coding_offers_active_codes_as_a_tree(client, project, document, coder, owner):
    from coding.codebook.services import code_archive

    trap = make_code(project, name="互动陷阱")
    make_code(project, name="趋同化", parent=trap)
    make_code(project, name="合谋化", parent=trap)
    old = make_code(project, name="Archived 旧代码")
    code_archive(code=old, user=owner)
    page = login(client, coder).get(f"/projects/{project.pk}/search/?q=合作").content.decode()
    section = page[page.index('<select name="code">') :]
    options = section[: section.index("</select>")]
    assert "旧代码" not in options
    # Depth-first in codebook order (order, then name), children indented under their parent.
    assert options.index(">互动陷阱<") < options.index(">\u3000合谋化<") < options.index(">\u3000趋同化<")


def test_the_run_table_names_the_extent_in_the_interface_language(client, project, document, coder):
    code = make_code(project, name="合作关系")
    login(client, coder)
    client.post(
        f"/projects/{project.pk}/search/?q=合作",
        {"q": "合作", "code": code.pk, "extent": "sentence", "action": "apply"},
    )
    assert AutoCodingRun.objects.count() == 1
    with translation.override("en"):  # the middleware leaves zh-Hans active in this thread otherwise
        page = client.get(f"/projects/{project.pk}/search/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    runs = page[page.index('<table class="runs">') :]
    assert "<td>所在句子</td>" in runs and "sentence" not in runs


def test_the_dictionary_page_says_term_as_a_dictionary_word(client, project, document, viewer):
    login(client, viewer)
    with translation.override("en"):  # the middleware leaves zh-Hans active in this thread otherwise
        page = client.get(f"/projects/{project.pk}/search/dictionary/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "<th>词条</th>" in page
