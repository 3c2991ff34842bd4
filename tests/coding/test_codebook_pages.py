"""The codebook, code, history, import and members pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coding.codebook import errors as codebook_errors
from coding.codebook import selectors as codebook_selectors
from coding.models import Code, Coding, Membership, Role
from coding.projects import errors as project_errors
from tests.factories import make_code, make_coding, make_document

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def page(project, rest=""):
    return f"/projects/{project.pk}/codebook/{rest}"


def test_the_codebook_page_shows_the_tree_with_counts_in_a_fixed_number_of_queries(
    project, owner, coder, viewer, django_assert_max_num_queries
):
    top = make_code(project, name="互动陷阱")
    for n in range(5):
        child = make_code(project, name=f"子{n}", parent=top)
        make_coding(make_document(project, owner, title=f"访谈{n}"), child, coder)
    client = client_for(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(page(project))
    html = response.content.decode()
    assert response.status_code == 200
    assert "互动陷阱" in html and "0 · 5" in html


def test_search_keeps_the_ancestors_of_a_match(project, viewer):
    top = make_code(project, name="互动陷阱")
    make_code(project, name="合谋化", parent=top, definition="利益媾通")
    make_code(project, name="资源依赖")
    html = client_for(viewer).get(page(project), {"q": "媾通"}).content.decode()
    assert "互动陷阱" in html and "合谋化" in html and "资源依赖" not in html


def test_outsiders_get_404_and_coders_may_not_change_the_codebook(project, outsider, coder):
    assert client_for(outsider).get(page(project)).status_code == 404
    assert client_for(coder).post(page(project), {"name": "x", "color": "#123456"}).status_code == 403
    assert not Code.objects.exists()


def test_an_editor_creates_a_code_on_the_page(project, editor):
    response = client_for(editor).post(page(project), {"name": "合谋化", "color": "#e15759"})
    assert response.status_code == 302
    assert Code.objects.get().color == "#e15759"


def test_two_sessions_edit_the_same_code_and_the_second_sees_the_first_ones_change(project, owner, editor):
    code = make_code(project, name="合谋化")
    first, second = client_for(owner), client_for(editor)
    assert 'name="version" value="1"' in first.get(page(project, f"{code.pk}/")).content.decode()
    assert 'name="version" value="1"' in second.get(page(project, f"{code.pk}/")).content.decode()
    form = {"name": "合谋化", "color": "#4e79a7", "version": 1}
    assert first.post(page(project, f"{code.pk}/"), {**form, "definition": "甲的定义"}).status_code == 302
    response = second.post(page(project, f"{code.pk}/"), {**form, "definition": "乙的定义"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "甲的定义" in html and "乙的定义" in html
    assert str(codebook_errors.STALE_VERSION).split(".")[0] in html
    assert 'name="version" value="2"' in html
    code.refresh_from_db()
    assert code.definition == "甲的定义"


def test_moving_under_a_descendant_shows_the_refusal(project, editor):
    top = make_code(project, name="趋同化")
    child = make_code(project, name="强制性", parent=top)
    client = client_for(editor)
    response = client.post(page(project, f"{top.pk}/move/"), {"parent": child.pk}, follow=True)
    assert str(codebook_errors.PARENT_IS_DESCENDANT) in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_delete_shows_what_goes_then_history_restores_it(project, owner, editor, coder):
    code = make_code(project, name="合谋化")
    make_coding(make_document(project, owner), code, coder)
    client = client_for(editor)
    preview = client.get(page(project, f"{code.pk}/delete/")).content.decode()
    assert "1 coding" in preview and "cora" in preview
    client.post(page(project, f"{code.pk}/delete/"))
    assert not Code.objects.exists()
    history = client.get(page(project, "history/")).content.decode()
    assert "合谋化" in history
    change = code.pk and codebook_selectors.project_history(project=project).get(action="delete")
    client.post(page(project, f"history/{change.pk}/restore/"))
    assert Code.objects.get().pk == code.pk and Coding.objects.count() == 1


def test_merge_and_split_on_the_page(project, owner, editor, coder):
    document = make_document(project, owner)
    source, target = make_code(project, name="甲"), make_code(project, name="乙")
    coding = make_coding(document, source, coder)
    client = client_for(editor)
    client.post(page(project, f"{source.pk}/merge/"), {"target": target.pk})
    coding.refresh_from_db()
    assert coding.code == target
    client.post(page(project, f"{target.pk}/split/"), {"codings": [coding.pk], "target": "", "name": "丙"})
    coding.refresh_from_db()
    assert coding.code.name == "丙"


def test_import_page_previews_and_lists_bad_lines(project, editor):
    client = client_for(editor)
    good = "path,name,definition,inclusion,exclusion,example,colour\n,合谋化,,,,,\n".encode()
    response = client.post(
        page(project, "import/"), {"file": SimpleUploadedFile("c.csv", good), "preview": "1"}
    )
    assert "合谋化" in response.content.decode() and not Code.objects.exists()
    bad = b"path,name,definition,inclusion,exclusion,example,colour\n,,,,,,\n"
    response = client.post(page(project, "import/"), {"file": SimpleUploadedFile("c.csv", bad), "apply": "1"})
    assert "Line 2" in response.content.decode() and not Code.objects.exists()


def test_owners_add_members_by_email_change_roles_and_keep_an_owner(project, owner, editor, outsider):
    client = client_for(owner)
    url = f"/projects/{project.pk}/members/"
    client.post(url, {"username": outsider.email, "role": Role.VIEWER})
    membership = Membership.objects.get(project=project, user=outsider)
    client.post(url, {"member": membership.pk, "role": Role.CODER})
    membership.refresh_from_db()
    assert membership.role == Role.CODER
    own = Membership.objects.get(project=project, user=owner)
    response = client.post(url, {"member": own.pk, "role": Role.VIEWER}, follow=True)
    assert str(project_errors.LAST_OWNER) in response.content.decode()
    client.post(url, {"member": membership.pk, "remove": "1"})
    assert not Membership.objects.filter(user=outsider).exists()
    assert client_for(editor).post(url, {"username": "x", "role": "viewer"}).status_code == 403


def test_members_page_is_readable_by_members_only(project, viewer):
    stranger = get_user_model().objects.create_user("stranger", "s@example.org", "pw-123456789")
    assert client_for(viewer).get(f"/projects/{project.pk}/members/").status_code == 200
    assert client_for(stranger).get(f"/projects/{project.pk}/members/").status_code == 404


def test_reorder_among_siblings_and_use_a_coding_as_example(project, owner, editor, coder):
    top = make_code(project, name="互动陷阱")
    first = make_code(project, name="合谋化", parent=top, order=0)
    second = make_code(project, name="内卷化", parent=top, order=1)
    client = client_for(editor)
    html = client.get(page(project, f"{second.pk}/")).content.decode()
    assert "Move up" in html and "Move down" not in html
    client.post(page(project, f"{second.pk}/move/"), {"parent": top.pk, "position": 0, "version": 1})
    assert list(top.children.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]
    coding = make_coding(make_document(project, owner), first, coder)
    client.post(page(project, f"{first.pk}/example/"), {"coding": coding.pk})
    first.refresh_from_db()
    assert first.example.startswith(f"“{coding.quote}” — 访谈一, http://testserver/projects/{project.pk}/")


def test_move_and_merge_offer_the_tree_without_the_code_and_its_subcodes(project, editor):
    import re

    trap = make_code(project, name="互动陷阱")
    iso = make_code(project, name="趋同化", parent=trap)
    make_code(project, name="强制性", parent=iso)
    make_code(project, name="模仿性", parent=iso)
    make_code(project, name="合谋化", parent=trap)
    other = make_code(project, name="Autonomy 自主性")
    html = client_for(editor).get(page(project, f"{other.pk}/")).content.decode()

    def options(select_start):
        section = html[html.index(select_start) :]
        return re.findall(r"<option[^>]*>([^<]*)</option>", section[: section.index("</select>")])

    # Codebook order (order, then name), children indented under their parent, not A–Z.
    tree = ["互动陷阱", "\u3000合谋化", "\u3000趋同化", "\u3000\u3000强制性", "\u3000\u3000模仿性"]
    assert options('<select name="target" aria-label="Merge into"') == tree
    assert options('<select name="parent"') == ["(top level)", *tree]
    html = client_for(editor).get(page(project, f"{iso.pk}/")).content.decode()
    assert options('<select name="target" aria-label="Merge into"') == ["Autonomy 自主性", "互动陷阱", "\u3000合谋化"]


def test_the_new_code_form_proposes_a_colour_no_code_has_yet(project, editor):
    make_code(project, name="合谋化")  # takes the first colour
    html = client_for(editor).get(page(project)).content.decode()
    assert 'type="color" name="color" value="#f28e2b"' in html


def test_the_code_page_lists_codings_with_titles_without_loading_the_transcripts(project, owner, coder):
    # Each listed coding used to bring its document's whole text (select_related): 500 codings
    # in one 200,000-character transcript took 1.6 s on SQLite.
    code = make_code(project, name="合谋化")
    document = make_document(project, owner, title="长访谈", text="问：项目制怎么做？\n" + "答：靠台账。" * 200)
    for start in range(0, 60, 6):
        make_coding(document, code, coder, start=start, end=start + 4)
    with CaptureQueriesContext(connection) as captured:
        response = client_for(owner).get(page(project, f"{code.pk}/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(f"/projects/{project.pk}/documents/{document.pk}/#") == 10
    assert "长访谈" in html and coder.username in html and document.text[6:10] in html
    loaded = [query["sql"] for query in captured.captured_queries if '"coding_coding"' in query["sql"]]
    assert loaded and not any('"coding_document"."text"' in sql for sql in loaded)
