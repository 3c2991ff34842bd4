"""Writes of accounts: sign-up under the site's policy, profiles, site administration, invitations
and the first administrator. Atomic, keyword-only, raising ValidationError naming the field.

Accounts sits above coding: joining a project goes through coding's membership services, which
also record it in the project's activity list.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts import errors, selectors
from accounts.models import Invitation, Profile, SetupToken, SignupPolicy, SiteSettings
from accounts.tokens import hash_token, new_token
from coding.errors import PROJECT_ARCHIVED
from coding.models import Membership, ProjectActivity, Role
from coding.projects import services as project_services
from config.validation import field_error, required_text

User = get_user_model()


def _check_new_account(username, email, password):
    username = required_text("username", username)
    email = (email or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", errors.USERNAME_TAKEN)
    if email and User.objects.filter(email__iexact=email).exists():
        raise field_error("email", errors.EMAIL_TAKEN)
    user = User(username=username, email=email)
    try:
        password_validation.validate_password(password, user)
    except Exception as exc:  # django.core.exceptions.ValidationError, re-raised naming the field
        raise field_error("password", " ".join(exc.messages)) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    return user


def check_signup_allowed(*, email):
    """Refuse a sign-up without invitation unless the site's policy lets this address in."""
    site = selectors.site_settings()
    if site.signup_policy == SignupPolicy.CLOSED:
        raise field_error("non_field_errors", errors.SIGNUP_CLOSED)
    if site.signup_policy == SignupPolicy.INVITATION:
        raise field_error("non_field_errors", errors.SIGNUP_INVITATION_ONLY)
    domain = (email or "").rpartition("@")[2].strip().lower()
    if not domain or domain not in site.domains:
        raise field_error(
            "email", errors.SIGNUP_DOMAIN_REFUSED.format(domains=", ".join(site.domains) or "—")
        )


@transaction.atomic
def user_signup(*, username, email, password, invitation_token=None):
    """A new account. With a valid invitation token it is allowed whatever the policy, and joins."""
    invitation = None
    if invitation_token:
        invitation = invitation_check(token=invitation_token)
        if invitation.email:
            # Bound to its address: the account gets it, and a different one is refused rather
            # than silently replaced, so that a forwarded link cannot make an account elsewhere.
            if (email or "").strip() and email.strip().lower() != invitation.email.lower():
                raise field_error("email", errors.INVITATION_EMAIL_FIXED.format(email=invitation.email))
            email = invitation.email
    else:
        check_signup_allowed(email=email)
    user = _check_new_account(username, email, password)
    user.save()
    # The link was delivered to that address, so holding it confirms the address.
    Profile.objects.create(user=user, verified_email=invitation.email if invitation is not None else "")
    if invitation is not None:
        invitation_accept(token=invitation_token, user=user)
    return user


@transaction.atomic
def profile_update(*, user, **fields):
    profile, _created = Profile.objects.get_or_create(user=user)
    if "email" in fields:
        email = (fields.pop("email") or "").strip()
        if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise field_error("email", errors.EMAIL_TAKEN)
        user.email = email
        user.full_clean(exclude=["password"])
        user.save(update_fields=["email"])
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def password_change(*, user, old_password, new_password):
    if not user.check_password(old_password):
        raise field_error("old_password", errors.PASSWORD_WRONG)
    try:
        password_validation.validate_password(new_password, user)
    except Exception as exc:
        raise field_error("new_password", " ".join(exc.messages)) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


# Site administration ---------------------------------------------------------------------------


@transaction.atomic
def site_settings_update(*, signup_policy=None, signup_domains=None) -> SiteSettings:
    site = selectors.site_settings()
    if signup_policy is not None:
        site.signup_policy = signup_policy
    if signup_domains is not None:
        if isinstance(signup_domains, list | tuple):
            signup_domains = "\n".join(signup_domains)
        site.signup_domains = "\n".join(
            line.strip().lower().lstrip("@")
            for line in signup_domains.replace(",", "\n").splitlines()
            if line.strip()
        )
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def user_set_active(*, user, active, by):
    if not active and user.pk == by.pk:
        raise field_error("user", errors.NOT_YOURSELF)
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reset_password(*, user) -> str:
    """Give the user a new random password and return it, to be handed over once (no e-mail needed)."""
    password = new_token()[:16]
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


# Invitations -----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, project, by, role, email="", days=7):
    """A pending invitation and its token. The token is returned once and only its hash is kept."""
    if role == Role.OWNER or role not in Role.values:
        raise field_error("role", errors.INVITATION_OWNER_ROLE)
    if not 1 <= int(days) <= 90:
        raise field_error("days", errors.INVITATION_DAYS)
    token = new_token()
    invitation = Invitation(
        project=project,
        email=(email or "").strip(),
        role=role,
        token_hash=hash_token(token),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=int(days)),
    )
    invitation.full_clean()
    invitation.save()
    project_services.activity_record(
        project=project,
        kind=ProjectActivity.Kind.INVITED,
        actor=by,
        subject_name=invitation.email or str(errors.INVITATION_LINK),
        new_role=role,
    )
    return invitation, token


def invitation_check(*, token) -> Invitation:
    """The invitation the token opens, if it may still be used; else a reason naming `token`."""
    invitation = (
        Invitation.objects.select_related("project").filter(token_hash=hash_token(token or "")).first()
    )
    if invitation is None:
        raise field_error("token", errors.INVITATION_UNKNOWN)
    if invitation.revoked_at is not None:
        raise field_error("token", errors.INVITATION_REVOKED)
    if invitation.accepted_at is not None:
        raise field_error("token", errors.INVITATION_USED)
    if invitation.expires_at <= timezone.now():
        raise field_error("token", errors.INVITATION_EXPIRED)
    if invitation.project.archived_at is not None:
        raise field_error("token", PROJECT_ARCHIVED)
    return invitation


@transaction.atomic
def invitation_accept(*, token, user) -> Membership:
    invitation_check(token=token)
    # Lock the row, then check again: two people opening the same link at once cannot both join.
    list(Invitation.objects.select_for_update().filter(token_hash=hash_token(token)))
    invitation = invitation_check(token=token)
    check_invitation_address(invitation=invitation, user=user)
    if Membership.objects.filter(project=invitation.project, user=user).exists():
        raise field_error("token", errors.ALREADY_MEMBER)
    membership = project_services.membership_add(
        project=invitation.project, user=user, role=invitation.role, by=invitation.created_by
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=user)
    return membership


def check_invitation_address(*, invitation, user):
    """An e-mail invitation is for its address only: the account must have it, and have confirmed
    it. A link invitation (no address) is for whoever holds it."""
    if not invitation.email:
        return
    if (user.email or "").strip().lower() != invitation.email.lower():
        raise field_error("token", errors.INVITATION_OTHER_ADDRESS.format(email=invitation.email))
    if not selectors.email_confirmed(user=user):
        raise field_error("email", errors.EMAIL_NOT_CONFIRMED.format(email=user.email))


@transaction.atomic
def invitation_revoke(*, invitation, by) -> Invitation:
    if invitation.accepted_at is not None:
        raise field_error("invitation", errors.INVITATION_USED)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        project_services.activity_record(
            project=invitation.project,
            kind=ProjectActivity.Kind.INVITATION_REVOKED,
            actor=by,
            subject_name=invitation.email or str(errors.INVITATION_LINK),
            old_role=invitation.role,
        )
    return invitation


# E-mail confirmation ---------------------------------------------------------------------------

CONFIRM_SALT = "accounts.email-confirmation"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def email_confirmation_token(*, user) -> str:
    """A signed token naming the account and the address: it stops working when the address changes.

    Signed rather than stored: nothing to clean up, and it reveals nothing a user could not read
    in the e-mail anyway.
    """
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=CONFIRM_SALT)


@transaction.atomic
def email_confirm(*, user, token) -> Profile:
    try:
        data = signing.loads(token or "", salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        raise field_error("token", errors.CONFIRM_LINK_INVALID) from None
    if data.get("user") != user.pk or not user.email or data.get("email") != user.email.lower():
        raise field_error("token", errors.CONFIRM_LINK_INVALID)
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.verified_email = user.email
    profile.save(update_fields=["verified_email"])
    return profile


# First run -------------------------------------------------------------------------------------


@transaction.atomic
def setup_token_issue() -> str | None:
    """A fresh first-run token (older ones stop working), or None once an administrator exists."""
    if selectors.has_administrator():
        SetupToken.objects.all().delete()
        return None
    SetupToken.objects.all().delete()
    token = new_token()
    SetupToken.objects.create(token_hash=hash_token(token))
    return token


@transaction.atomic
def setup_admin_create(*, token, username, email, password):
    if not selectors.setup_token_valid(token=token):
        raise field_error("token", errors.SETUP_DONE)
    user = _check_new_account(username, email, password)
    user.is_staff = True
    user.is_superuser = True
    user.save()
    Profile.objects.create(user=user)
    SetupToken.objects.all().delete()
    return user
