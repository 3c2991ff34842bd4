"""The pages a newcomer sees: login, project list, project home; in English and Chinese."""

from tests.factories import make_case, make_document


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_home_page_lists_the_users_projects_only(client, viewer, project, other_project):
    client.force_login(viewer)
    page = client.get("/").content.decode()
    assert project.name in page and other_project.name not in page


def test_the_project_home_groups_documents_by_case(client, viewer, owner, project):
    case = make_case(project, name="W区居家养老")
    make_document(project, owner, title="老人访谈", case=case)
    make_document(project, owner, title="未分组访谈")
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert page.index("W区居家养老") < page.index("老人访谈") < page.index("Documents without a case")
    assert page.index("Documents without a case") < page.index("未分组访谈")


def test_outsiders_get_404_on_a_project_page(client, outsider, project):
    client.force_login(outsider)
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_pages_follow_the_browsers_language(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "登录" in page
    assert '<html lang="zh-hans">' in page


def test_the_token_endpoint_returns_a_token_for_api_clients(client, viewer):
    from tests.conftest import PASSWORD

    response = client.post("/api/auth/token/", {"username": viewer.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    projects = client.get("/api/projects/", HTTP_AUTHORIZATION=f"Token {token}")
    assert projects.status_code == 200


def test_our_own_texts_are_translated_to_chinese(client, viewer, project):
    client.force_login(viewer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "我的项目" in page and "查看者" in page


def test_api_errors_follow_the_browsers_language(api, coder, owner, project):
    from tests.factories import make_code

    document, code = make_document(project, owner, text="答：好。"), make_code(project)
    response = api(coder).post(
        f"/api/projects/{project.pk}/codings/",
        {"document": document.pk, "code": code.pk, "start": 0, "end": 99},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-Hans",
    )
    assert response.json() == {"end": ["终点 99 超出了文档末尾（共 4 个字符）。"]}
