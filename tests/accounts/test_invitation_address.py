"""An e-mail invitation is bound to its address; a link invitation is for whoever holds it."""

import re

import pytest
from django.core import mail
from django.utils import translation

from accounts import errors, services
from accounts.models import Profile
from coding.models import Membership
from tests.conftest import PASSWORD

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
INVITED = "new@uni.edu.cn"


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def e_mail_invitation(project, owner):
    return services.invitation_create(project=project, by=owner, role="coder", email=INVITED)


def accept(api, user, token, **extra):
    return api(user).post("/api/invitations/accept/", {"token": token}, format="json", **extra)


def confirm_address(api, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert api(user).post("/api/accounts/me/email/confirm/send/").status_code == 202
    token = re.search(r"/accounts/email/confirm/([^/?\s]+)/", mail.outbox[-1].body).group(1)
    return api(user).post("/api/accounts/me/email/confirm/", {"token": token}, format="json")


def test_someone_else_holding_the_link_is_refused(e_mail_invitation, outsider, api, project):
    _record, token = e_mail_invitation
    response = accept(api, outsider, token)
    assert response.json() == {"token": [errors.INVITATION_OTHER_ADDRESS.format(email=INVITED)]}
    assert not Membership.objects.filter(project=project, user=outsider).exists()


def test_setting_ones_address_to_the_invited_one_is_not_enough(e_mail_invitation, outsider, api, project):
    _record, token = e_mail_invitation
    assert api(outsider).patch("/api/accounts/me/", {"email": INVITED}, format="json").status_code == 200
    response = accept(api, outsider, token)
    assert response.json() == {"email": [errors.EMAIL_NOT_CONFIRMED.format(email=INVITED)]}
    assert not Membership.objects.filter(project=project, user=outsider).exists()


def test_the_invited_address_once_confirmed_accepts(
    e_mail_invitation, outsider, api, project, django_capture_on_commit_callbacks
):
    _record, token = e_mail_invitation
    outsider.email = INVITED
    outsider.save()
    confirmed = confirm_address(api, outsider, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [INVITED] and confirmed.json()["email_confirmed"] is True
    assert accept(api, outsider, token).status_code == 201


def test_changing_the_address_unconfirms_it(outsider, api, django_capture_on_commit_callbacks):
    confirm_address(api, outsider, django_capture_on_commit_callbacks)
    response = api(outsider).patch("/api/accounts/me/", {"email": "other@example.org"}, format="json")
    assert response.json()["email_confirmed"] is False


def test_a_confirmation_link_works_only_for_its_account_and_address(
    outsider, viewer, api, django_capture_on_commit_callbacks
):
    token = services.email_confirmation_token(user=outsider)
    refused = api(viewer).post("/api/accounts/me/email/confirm/", {"token": token}, format="json")
    assert refused.json() == {"token": [str(errors.CONFIRM_LINK_INVALID)]}
    outsider.email = "moved@example.org"
    outsider.save()
    refused = api(outsider).post("/api/accounts/me/email/confirm/", {"token": token}, format="json")
    assert refused.json() == {"token": [str(errors.CONFIRM_LINK_INVALID)]}
    assert Profile.objects.filter(verified_email__gt="").count() == 0


def test_an_account_made_from_the_link_gets_the_invited_address(e_mail_invitation, api, project):
    _record, token = e_mail_invitation
    body = {"username": "newbie", "password": PASSWORD, "invitation": token}
    created = api().post("/api/accounts/signup/", body, format="json")
    assert created.status_code == 201 and created.json()["email"] == INVITED
    assert created.json()["email_confirmed"] is True
    assert Membership.objects.filter(project=project, user__username="newbie").exists()


def test_an_account_made_from_the_link_may_not_take_another_address(e_mail_invitation, api, project):
    _record, token = e_mail_invitation
    body = {"username": "newbie", "email": "elsewhere@example.org", "password": PASSWORD, "invitation": token}
    refused = api().post("/api/accounts/signup/", body, format="json")
    assert refused.json() == {"email": [errors.INVITATION_EMAIL_FIXED.format(email=INVITED)]}
    assert not Membership.objects.filter(project=project, user__username="newbie").exists()
    assert not Profile.objects.filter(user__username="newbie").exists()


def test_the_invitation_page_keeps_the_invited_address(e_mail_invitation, client, project):
    _record, token = e_mail_invitation
    form = {"username": "newbie", "email": "elsewhere@example.org", "password": PASSWORD}
    response = client.post(f"/invitations/{token}/", form)
    assert response.status_code == 302
    assert Membership.objects.get(project=project, user__username="newbie").user.email == INVITED


def test_the_invitation_page_tells_another_account_why_and_offers_confirmation(
    e_mail_invitation, client, outsider, viewer
):
    _record, token = e_mail_invitation
    client.force_login(viewer)
    page = client.get(f"/invitations/{token}/").content.decode()
    assert 'id="invitation-address"' in page and 'id="accept-form"' not in page
    assert 'id="confirm-email-form"' not in page
    outsider.email = INVITED
    outsider.save()
    client.force_login(outsider)
    page = client.get(f"/invitations/{token}/").content.decode()
    assert 'id="confirm-email-form"' in page and 'id="accept-form"' not in page


def test_the_confirmation_link_leads_back_to_the_invitation(
    e_mail_invitation, client, outsider, project, django_capture_on_commit_callbacks
):
    _record, token = e_mail_invitation
    outsider.email = INVITED
    outsider.save()
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/confirm/", {"next": f"/invitations/{token}/"})
    link = re.search(r"https?://[^/]+(/accounts/email/confirm/\S+)", mail.outbox[-1].body).group(1)
    assert client.get(link)["Location"] == f"/invitations/{token}/"
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Membership.objects.filter(project=project, user=outsider).exists()


def test_a_link_invitation_stays_open_to_whoever_holds_it(invitation, outsider, api):
    _record, token = invitation
    assert accept(api, outsider, token).status_code == 201


def test_the_refusal_is_in_chinese(e_mail_invitation, outsider, api):
    _record, token = e_mail_invitation
    message = accept(api, outsider, token, **ZH).json()["token"][0]
    with translation.override("zh-hans"):
        assert message == errors.INVITATION_OTHER_ADDRESS.format(email=INVITED)
    with translation.override("en"):
        assert message != errors.INVITATION_OTHER_ADDRESS.format(email=INVITED) and INVITED in message
