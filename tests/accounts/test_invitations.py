"""Invitations: random single-use tokens stored hashed; expired, used and revoked ones refused."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from accounts import errors, services
from accounts.models import Invitation
from accounts.tokens import hash_token
from coding.errors import PROJECT_ARCHIVED
from coding.models import Membership, ProjectActivity
from coding.projects import services as project_services


def test_the_token_is_stored_only_as_its_hash(project, owner, api):
    response = api(owner).post(f"/api/projects/{project.pk}/invitations/", {"role": "coder"}, format="json")
    token = response.json()["token"]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token) and len(token) >= 43
    assert token not in str(Invitation.objects.values().get())
    assert response.json()["url"].endswith(f"/invitations/{token}/")
    assert "token" not in api(owner).get(f"/api/projects/{project.pk}/invitations/").json()["results"][0]


def test_an_existing_user_accepts_once_and_it_is_recorded(
    invitation, outsider, second_coder, api, project, owner
):
    _invitation, token = invitation
    response = api(outsider).post("/api/invitations/accept/", {"token": token}, format="json")
    assert response.status_code == 201 and response.json()["role"] == "coder"
    event = ProjectActivity.objects.filter(kind="joined", subject=outsider).get()
    assert event.actor == owner and event.new_role == "coder"
    again = api(second_coder).post("/api/invitations/accept/", {"token": token}, format="json")
    assert again.json() == {"token": [str(errors.INVITATION_USED)]}


def test_an_expired_invitation_is_refused(invitation, outsider, api):
    record, token = invitation
    Invitation.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api(outsider).post("/api/invitations/accept/", {"token": token}, format="json")
    assert response.json() == {"token": [str(errors.INVITATION_EXPIRED)]}
    assert not Membership.objects.filter(user=outsider).exclude(project__created_by=outsider).exists()


def test_a_revoked_invitation_is_refused_and_the_revoke_recorded(invitation, outsider, owner, api, project):
    record, token = invitation
    assert api(owner).delete(f"/api/projects/{project.pk}/invitations/{record.pk}/").status_code == 204
    response = api(outsider).post("/api/invitations/accept/", {"token": token}, format="json")
    assert response.json() == {"token": [str(errors.INVITATION_REVOKED)]}
    assert ProjectActivity.objects.filter(project=project, kind="invitation_revoked", actor=owner).exists()
    assert api(owner).get(f"/api/projects/{project.pk}/invitations/").json()["results"] == []


def test_an_unknown_token_is_refused(db, outsider, api):
    response = api(outsider).post("/api/invitations/accept/", {"token": "nope"}, format="json")
    assert response.json() == {"token": [str(errors.INVITATION_UNKNOWN)]}


def test_an_invitation_to_an_archived_project_is_refused(invitation, outsider, owner, api, project):
    project_services.project_archive(project=project, by=owner)
    _record, token = invitation
    response = api(outsider).post("/api/invitations/accept/", {"token": token}, format="json")
    assert response.json() == {"token": [str(PROJECT_ARCHIVED)]}


def test_an_e_mail_invitation_sends_the_link(project, owner, api, django_capture_on_commit_callbacks):
    body = {"email": "new@uni.edu.cn", "role": "viewer", "days": 3}
    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(f"/api/projects/{project.pk}/invitations/", body, format="json")
    token = response.json()["token"]
    assert mail.outbox[0].to == ["new@uni.edu.cn"] and f"/invitations/{token}/" in mail.outbox[0].body


def test_owners_may_not_hand_out_ownership_nor_endless_links(project, owner, api):
    url = f"/api/projects/{project.pk}/invitations/"
    assert api(owner).post(url, {"role": "owner"}, format="json").status_code == 400
    response = api(owner).post(url, {"role": "coder", "days": 365}, format="json")
    assert response.json() == {"days": [str(errors.INVITATION_DAYS)]}


def test_a_new_user_creates_an_account_from_the_link_page(invitation, client, project):
    _record, token = invitation
    page = client.get(f"/invitations/{token}/").content.decode()
    assert project.name in page
    body = {"username": "lan", "email": "", "password": "a-long-new-password-7"}
    response = client.post(f"/invitations/{token}/", body)
    assert response["Location"] == f"/projects/{project.pk}/"
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get(f"/invitations/{token}/").status_code == 410


def test_the_invitations_page_makes_a_link_and_revokes_it(project, owner, client):
    client.force_login(owner)
    page = client.post(f"/projects/{project.pk}/invitations/", {"email": "", "role": "coder", "days": 7})
    assert "/invitations/" in page.content.decode() and Invitation.objects.count() == 1
    invitation = Invitation.objects.get()
    client.post(f"/projects/{project.pk}/invitations/", {"revoke": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_services_refuse_a_second_accept_of_the_same_token(invitation, outsider, second_coder):
    _record, token = invitation
    services.invitation_accept(token=token, user=outsider)
    try:
        services.invitation_accept(token=token, user=second_coder)
    except Exception as exc:  # ValidationError
        assert str(errors.INVITATION_USED) in str(exc)
    else:
        raise AssertionError("a used token was accepted")


def test_an_existing_user_logs_in_from_the_link_page_and_joins(invitation, client, outsider, project):
    from tests.conftest import PASSWORD

    _record, token = invitation
    page = client.get(f"/invitations/{token}/").content.decode()
    login_url = f"/accounts/login/?next=/invitations/{token}/"
    assert login_url in page
    response = client.post(login_url, {"username": outsider.email, "password": PASSWORD})
    assert response["Location"] == f"/invitations/{token}/"
    assert client.post(f"/invitations/{token}/")["Location"] == f"/projects/{project.pk}/"
    assert Membership.objects.get(project=project, user=outsider).role == "coder"
