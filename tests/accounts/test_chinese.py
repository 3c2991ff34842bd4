"""The new pages speak Simplified Chinese to a Chinese browser."""

from coding.projects import services as project_services

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def test_the_invitations_and_settings_pages_are_in_chinese(client, owner, project):
    client.force_login(owner)
    assert "待接受" in client.get(f"/projects/{project.pk}/invitations/", **ZH).content.decode()
    assert "移交所有权" in client.get(f"/projects/{project.pk}/settings/", **ZH).content.decode()


def test_the_archive_refusal_is_in_chinese(owner, project, api):
    project_services.project_archive(project=project, by=owner)
    response = api(owner).post(f"/api/projects/{project.pk}/codes/", {"name": "x"}, format="json", **ZH)
    assert response.json()["detail"].startswith("此项目已归档")
