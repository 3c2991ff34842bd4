"""Accounts beyond Django's User: site settings, profiles, invitations and the first-run token.

Tokens (invitations, first run) are stored only as SHA-256 hashes: a leaked database does not
leak a usable link. They are 256-bit random strings, so a fast hash is enough (no guessing).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coding.models import Project, Role


class SignupPolicy(models.TextChoices):
    CLOSED = "closed", _("Closed: only administrators create accounts")
    INVITATION = "invitation", _("By invitation only")
    DOMAINS = "domains", _("Open to e-mail addresses of chosen domains")


class SiteSettings(models.Model):
    """The one row of site-wide settings an administrator changes (id 1)."""

    signup_policy = models.CharField(
        _("sign-up policy"),
        max_length=12,
        choices=SignupPolicy.choices,
        default=SignupPolicy.INVITATION,
        help_text=_("Who may create an account without an invitation."),
    )
    signup_domains = models.TextField(
        _("sign-up domains"),
        blank=True,
        help_text=_("E-mail domains allowed to sign up when the policy is open to domains, one per line."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(signup_policy__in=["closed", "invitation", "domains"]),
                name="site_signup_policy_valid",
            )
        ]

    def __str__(self):
        return self.signup_policy

    @property
    def domains(self):
        return [line.strip().lower().lstrip("@") for line in self.signup_domains.splitlines() if line.strip()]


class Language(models.TextChoices):
    BROWSER = "", _("As the browser asks")
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How other members see you; the username if empty."),
    )
    verified_email = models.EmailField(
        _("confirmed e-mail"),
        blank=True,
        help_text=_(
            "The address this account has shown it receives mail at (an e-mail invitation's link, or a "
            "confirmation link). It counts only while it equals the account's e-mail."
        ),
    )
    language = models.CharField(
        _("interface language"),
        max_length=10,
        blank=True,
        choices=Language.choices,
        help_text=_("Applied over the browser's language once you log in."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name or str(self.user)


class Invitation(models.Model):
    """A single-use link into a project with a role, sent by e-mail or handed over as a link."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Where the link was sent; empty for a link.")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token_hash = models.CharField(
        _("token hash"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the token; the token itself is not kept."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.email or '-'} · {self.role}"


class SetupToken(models.Model):
    """The first-run link printed by `manage.py setup_link` while the site has no administrator."""

    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("setup token")
        verbose_name_plural = _("setup tokens")

    def __str__(self):
        return str(self.created_at)


class OutgoingEmail(models.Model):
    """An e-mail waiting for the task worker, and the record that it left (so a retry never resends).

    Invitation and password-reset e-mails carry a working link, so the body is blanked once the
    e-mail has gone: the database keeps a usable link only while the e-mail waits, as a mail spool
    would. Not shown to users (no admin, no page), hence no translated labels.
    """

    to = models.EmailField(help_text="The one recipient.")
    subject = models.CharField(max_length=255, help_text="Rendered in the sender's language.")
    body = models.TextField(help_text="Rendered text; blanked once sent (it holds a working link).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="Last change: queued or last attempt.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed sending attempts so far.")
    last_error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the mail server took it.")

    class Meta:
        indexes = [models.Index(fields=["sent_at", "updated_at"], name="outgoing_email_pending")]

    def __str__(self):
        return f"{self.to} · {self.subject}"
