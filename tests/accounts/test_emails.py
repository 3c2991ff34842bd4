"""Invitation and password-reset e-mails leave through the task queue, once, after the commit."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from accounts import emails
from accounts.models import OutgoingEmail
from accounts.tasks import send_email_task


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def invite_by_e_mail(client, project):
    url = f"/projects/{project.pk}/invitations/"
    return client.post(url, {"email": "new@uni.edu.cn", "role": "coder", "days": 7})


def test_the_invitation_page_sends_nothing_inside_the_request(project, owner, client):
    client.force_login(owner)
    invite_by_e_mail(client, project)  # the test's transaction never commits: no task runs
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().sent_at is None


def test_the_invitation_e_mail_goes_out_once_committed(
    project, owner, client, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        invite_by_e_mail(client, project)
    assert [message.to for message in mail.outbox] == [["new@uni.edu.cn"]]
    assert "/invitations/" in mail.outbox[0].body
    email = OutgoingEmail.objects.get()
    # Sent, and the working link no longer kept in the database.
    assert email.sent_at is not None and email.body == ""


def test_a_refused_invitation_queues_no_e_mail(project, owner, client, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/projects/{project.pk}/invitations/", {"email": "new@uni.edu.cn", "role": "owner"})
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_a_retried_task_does_not_send_twice(db):
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    send_email_task.call(email_id=email.pk)
    send_email_task.call(email_id=email.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_counted_and_retried_by_the_worker_recovery(db, settings):
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("mail server down")):
        assert emails.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.attempts, email.last_error, email.sent_at) == (1, "mail server down", None)
    # Not at once (the server may still be down), but once it has waited a while.
    assert emails.email_recover() == 0
    OutgoingEmail.objects.filter(pk=email.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert emails.email_recover() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].body == "b"


def test_recovery_gives_up_after_the_last_attempt(db):
    email = OutgoingEmail.objects.create(
        to="a@example.org", subject="s", body="b", attempts=emails.MAX_ATTEMPTS
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert emails.email_recover() == 0 and mail.outbox == []


def test_the_password_reset_e_mail_is_queued_not_sent_in_the_request(owner, client, api):
    client.post("/accounts/password/reset/", {"email": owner.email})
    api().post("/api/accounts/password/reset/", {"email": owner.email}, format="json")
    assert mail.outbox == [] and OutgoingEmail.objects.filter(to=owner.email).count() == 2


def test_the_password_reset_e_mail_goes_out_once_committed(owner, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api().post("/api/accounts/password/reset/", {"email": owner.email}, format="json")
    assert mail.outbox[0].to == [owner.email] and "/accounts/password/reset/" in mail.outbox[0].body
