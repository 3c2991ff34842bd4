"""Reads of accounts: site settings, users, invitations, the first-run state."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.models import Invitation, SetupToken, SiteSettings
from accounts.tokens import hash_token


def site_settings() -> SiteSettings:
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    return site


def has_administrator() -> bool:
    return get_user_model().objects.filter(is_superuser=True, is_active=True).exists()


def setup_token_valid(*, token) -> bool:
    """The first-run page exists only while there is no administrator, and only for the printed token."""
    if not token or has_administrator():
        return False
    return SetupToken.objects.filter(token_hash=hash_token(token)).exists()


def user_list():
    return get_user_model().objects.select_related("profile").order_by("username")


def invitation_pending(*, project):
    return (
        Invitation.objects.filter(project=project, accepted_at__isnull=True, revoked_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .select_related("created_by")
    )


def invitation_all(*, project):
    return Invitation.objects.filter(project=project).select_related("created_by", "accepted_by")


def invitations_not_pending(*, project):
    return invitation_all(project=project).filter(
        Q(accepted_at__isnull=False) | Q(revoked_at__isnull=False) | Q(expires_at__lte=timezone.now())
    )


def email_confirmed(*, user) -> bool:
    """Whether the account's current e-mail is one it has shown it receives (changing it un-confirms)."""
    profile = getattr(user, "profile", None)
    verified = profile.verified_email if profile is not None else ""
    return bool(user.email) and verified.lower() == user.email.lower()
