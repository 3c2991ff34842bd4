"""The document coding page's server side: access, embedded data, pinyin, and the changes poll."""

import datetime
import json
import re

from django.utils import timezone

from coding.codebook.selectors import pinyin_initials
from coding.codings.selectors import POLL_OVERLAP
from coding.models import Coding
from tests.conftest import PASSWORD
from tests.factories import make_code, make_coding, make_document


def page_url(project, document):
    return f"/projects/{project.pk}/documents/{document.pk}/"


def embedded(page):
    match = re.search(r'<script id="workspace-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_pinyin_initials_find_chinese_names_and_keep_latin_ones():
    assert pinyin_initials("合谋化") == "hmh"
    assert pinyin_initials("行政化") == "xzh"
    assert pinyin_initials("QCA 条件 2") == "qcatj2"
    assert pinyin_initials("—") == ""


def test_the_codes_api_carries_pinyin_initials(api, viewer, project):
    make_code(project, name="内卷化")
    results = api(viewer).get(f"/api/projects/{project.pk}/codes/").json()["results"]
    assert results[0]["pinyin"] == "njh"


def test_a_viewer_opens_the_coding_page_with_its_data(client, viewer, owner, coder, project):
    document = make_document(project, owner, text="问：𠮷祥？\n答：合谋。")
    code = make_code(project)
    make_coding(document, code, coder, start=2, end=4, memo="记")
    client.force_login(viewer)
    answer = client.get(page_url(project, document))
    assert answer.status_code == 200
    data = embedded(answer.content.decode())
    head = data["head"]
    assert head["text"] == "问：𠮷祥？\n答：合谋。" and head["complete"] is True
    assert data["can_code"] is False
    assert dict(zip(head["code_columns"], head["codes"][0], strict=True))["pinyin"] == "hmh"
    assert [row[3:] for row in head["codings"]] == [[2, 4, "记"]]


def test_the_embedded_transcript_cannot_close_its_script_element(client, owner, project):
    document = make_document(project, owner, text="</script><script>alert(1)</script>&")
    client.force_login(owner)
    page = client.get(page_url(project, document)).content.decode()
    assert "</script><script>alert(1)" not in page
    assert embedded(page)["head"]["text"] == "</script><script>alert(1)</script>&"
    assert embedded(page)["can_code"] is True


def test_outsiders_get_404_and_anonymous_visitors_the_login_page(client, outsider, owner, project):
    document = make_document(project, owner)
    assert client.get(page_url(project, document)).status_code == 302
    client.force_login(outsider)
    assert client.get(page_url(project, document)).status_code == 404


def test_the_project_home_links_titles_to_the_coding_page(client, viewer, owner, project):
    document = make_document(project, owner, title="访谈七")
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="{page_url(project, document)}"' in page


def test_the_page_serves_in_a_handful_of_queries(
    client, django_assert_max_num_queries, viewer, owner, project
):
    document = make_document(project, owner)
    code = make_code(project)
    for n in range(5):
        make_coding(document, code, owner, start=n, end=n + 1)
    client.login(username=viewer.username, password=PASSWORD)
    with django_assert_max_num_queries(10):
        assert client.get(page_url(project, document)).status_code == 200


def changes_url(project, document, since):
    return f"/api/projects/{project.pk}/documents/{document.pk}/codings-changes/?since={since}"


def test_the_changes_poll_returns_recent_codings_and_every_id(api, viewer, owner, coder, project):
    document = make_document(project, owner)
    code = make_code(project)
    old = make_coding(document, code, coder, start=0, end=1)
    Coding.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    new = make_coding(document, code, coder, start=1, end=2, memo="新")
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat().replace("+", "%2B")
    answer = api(viewer).get(changes_url(project, document, since)).json()
    assert [row["id"] for row in answer["changed"]] == [new.pk]
    assert answer["changed"][0] == {
        "id": new.pk,
        "code": code.pk,
        "coder": coder.pk,
        "start": 1,
        "end": 2,
        "memo": "新",
    }
    assert sorted(answer["ids"]) == sorted([old.pk, new.pk])


def test_the_changes_poll_looks_back_a_little_for_late_commits(api, viewer, owner, coder, project):
    document = make_document(project, owner)
    coding = make_coding(document, make_code(project), coder)
    since = (coding.updated_at + POLL_OVERLAP / 2).isoformat().replace("+", "%2B")
    assert len(api(viewer).get(changes_url(project, document, since)).json()["changed"]) == 1


def test_the_changes_poll_needs_a_moment_and_membership(api, viewer, outsider, owner, project):
    document = make_document(project, owner)
    answer = api(viewer).get(changes_url(project, document, "yesterday"))
    assert answer.status_code == 400
    assert answer.json() == {
        "since": ["Give the moment as an ISO 8601 date and time, e.g. 2026-05-01T08:00:00+08:00."]
    }
    assert api(outsider).get(changes_url(project, document, "2026-01-01T00:00:00Z")).status_code == 404


def test_the_project_home_shows_codings_per_coder(client, viewer, owner, coder, second_coder, project):
    document = make_document(project, owner, title="访谈七")
    code = make_code(project)
    make_coding(document, code, coder, start=0, end=1)
    make_coding(document, code, coder, start=1, end=2)
    make_coding(document, code, second_coder, start=0, end=1)
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"{second_coder.username} 1 · {coder.username} 2" in page
