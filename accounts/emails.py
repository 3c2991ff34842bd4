"""E-mails accounts send: invitations and password resets. Console e-mail by default, SMTP when
EMAIL_HOST is set.

They are rendered in the request (its language, its host for the link) and stored as an
OutgoingEmail; the task worker sends them (accounts/tasks.py) once the request's transaction has
committed, so a slow or unreachable mail server never holds up or fails a page.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import OutgoingEmail

logger = logging.getLogger(__name__)

# After this many failed attempts an e-mail stays unsent (its last_error says why) rather than
# being retried by every worker's recovery forever.
MAX_ATTEMPTS = 5


def invitation_url(request, token) -> str:
    return request.build_absolute_uri(reverse("invitation-open", args=[token]))


def email_queue(*, to, subject, body) -> OutgoingEmail:
    """Store an e-mail and have the worker send it once the surrounding transaction commits."""
    from accounts.tasks import send_email_task  # tasks imports this module

    # A subject is one line: a template's stray newline would be refused by the mail library.
    email = OutgoingEmail.objects.create(to=to, subject=" ".join(subject.split())[:255], body=body)
    transaction.on_commit(lambda: send_email_task.enqueue(email_id=email.pk))
    return email


def send_invitation(request, invitation, token) -> OutgoingEmail:
    context = {"invitation": invitation, "url": invitation_url(request, token), "by": request.user}
    return email_queue(
        to=invitation.email,
        subject=render_to_string("accounts/email/invitation_subject.txt", context),
        body=render_to_string("accounts/email/invitation.txt", context),
    )


def confirmation_url(request, token, next_url="") -> str:
    url = request.build_absolute_uri(reverse("email-confirm", args=[token]))
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def send_email_confirmation(request, user, token, next_url="") -> OutgoingEmail:
    context = {"user": user, "url": confirmation_url(request, token, next_url)}
    return email_queue(
        to=user.email,
        subject=render_to_string("accounts/email/confirm_subject.txt", context),
        body=render_to_string("accounts/email/confirm.txt", context),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form (which users get a link, the token, the templates) with the e-mail queued."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        email_queue(
            to=to_email,
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
        )


def email_deliver(*, email_id) -> bool:
    """Send one queued e-mail unless it has gone already; True if this call sent it.

    The row stays locked while the mail server takes the e-mail, so two workers running the same
    task wait for each other and the second finds it sent. The one case that can still send twice
    is a worker killed after the server accepted the e-mail and before the commit: a duplicate
    there is better than an invitation or reset link that never arrives.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id, sent_at__isnull=True).first()
        if email is None or email.attempts >= MAX_ATTEMPTS:
            return False
        try:
            EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]).send()
        except Exception as exc:  # SMTP down, refused, timed out: recorded, retried by recovery
            logger.exception("e-mail %s to %s not sent", email.pk, email.to)
            OutgoingEmail.objects.filter(pk=email.pk).update(
                attempts=F("attempts") + 1, last_error=str(exc)[:1000], updated_at=timezone.now()
            )
            return False
        OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now(), body="", last_error="")
        return True


def email_recover() -> int:
    """For the worker: queue again the e-mails not sent for a while (lost task, failed attempt)."""
    from accounts.tasks import send_email_task

    cutoff = timezone.now() - timedelta(seconds=settings.QUALCASE_JOB_STALLED_SECONDS)
    pending = OutgoingEmail.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, updated_at__lt=cutoff
    ).values_list("pk", flat=True)
    count = 0
    for email_id in pending:
        # Touch it first so the next recovery pass (seconds later) does not queue it again.
        OutgoingEmail.objects.filter(pk=email_id).update(updated_at=timezone.now())
        send_email_task.enqueue(email_id=email_id)
        count += 1
    return count


def email_prune(*, before) -> int:
    """For the worker's housekeeping: e-mails sent before `before`, and those given up on (every
    attempt failed) and untouched since; their links have expired by then."""
    gone = Q(sent_at__lt=before) | Q(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS, updated_at__lt=before)
    deleted, _ = OutgoingEmail.objects.filter(gone).delete()
    return deleted
