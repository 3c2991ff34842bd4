"""E-mails accounts send: invitations. Console e-mail by default, SMTP when EMAIL_HOST is set."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def invitation_url(request, token) -> str:
    return request.build_absolute_uri(reverse("invitation-open", args=[token]))


def send_invitation(request, invitation, token):
    context = {"invitation": invitation, "url": invitation_url(request, token), "by": request.user}
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
