"""Account pages: sign-up, profile, password change, invitations, site administration, first run.

Thin views over services. Login and logout stay Django's own views (config/urls.py) so that a
throttle can wrap them; the UsernameOrEmailBackend lets the same form take an e-mail address.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import emails, selectors, services
from accounts.forms import AccountForm, InvitationForm, ProfileForm, SiteSettingsForm
from accounts.middleware import SESSION_KEY
from accounts.models import Invitation, Profile, SignupPolicy
from accounts.permissions import is_site_admin
from coding.models import Role
from coding.page_access import page, posted_id, show_refusal
from coding.permissions import access_project

BACKEND = "accounts.backends.UsernameOrEmailBackend"


def _form_refusal(form):
    return ValidationError(" ".join(" ".join(errors) for errors in form.errors.values()))


def signup(request):
    """Sign-up without invitation, as the site's policy allows (closed, invitation only, domains)."""
    site = selectors.site_settings()
    form = AccountForm(request.POST or None)
    if request.method == "POST" and site.signup_policy == SignupPolicy.DOMAINS:
        try:
            if not form.is_valid():
                raise _form_refusal(form)
            user = services.user_signup(**form.cleaned_data)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            login(request, user, backend=BACKEND)
            return redirect("home")
    return render(request, "accounts/signup.html", {"site": site, "form": form, "policy": SignupPolicy})


@login_required
def profile(request):
    record, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": record.display_name,
            "email": request.user.email,
            "language": record.language,
        },
    )
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_refusal(form)
            record = services.profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            response = redirect("profile")
            _apply_language(request, response, record.language)
            messages.success(request, _("Profile saved."))
            return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "email_confirmed": selectors.email_confirmed(user=request.user)},
    )


def _next_or_profile(request, next_url):
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("profile")


@login_required
def email_confirm_send(request):
    """E-mail a link that confirms the account's address (needed to accept an e-mail invitation)."""
    next_url = request.POST.get("next", "")
    if request.method == "POST" and request.user.email:
        token = services.email_confirmation_token(user=request.user)
        with transaction.atomic():
            emails.send_email_confirmation(request, request.user, token, next_url)
        messages.success(
            request, _("We sent a confirmation link to %(email)s.") % {"email": request.user.email}
        )
    return _next_or_profile(request, next_url)


@login_required
def email_confirm(request, token):
    try:
        services.email_confirm(user=request.user, token=token)
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("profile")
    messages.success(request, _("Your e-mail address is confirmed."))
    return _next_or_profile(request, request.GET.get("next", ""))


def _apply_language(request, response, language):
    """Use the saved language from the next page on, on this browser too (the top bar's cookie)."""
    from django.conf import settings

    if language:
        request.session[SESSION_KEY] = language
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    else:
        request.session.pop(SESSION_KEY, None)
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


@login_required
def password_change(request):
    if request.method == "POST":
        try:
            services.password_change(
                user=request.user,
                old_password=request.POST.get("old_password", ""),
                new_password=request.POST.get("new_password", ""),
            )
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Password changed."))
            return redirect("profile")
    return render(request, "accounts/password_change.html")


# Invitations -----------------------------------------------------------------------------------


@page
def invitations_page(request, project_id):
    """Owners invite by e-mail or make a link; pending invitations are listed and can be revoked."""
    project, membership = access_project(request.user, project_id, role=Role.OWNER)
    form = InvitationForm(request.POST or None) if "role" in request.POST else InvitationForm()
    new_link = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                invitation = get_object_or_404(
                    Invitation, project=project, pk=posted_id(request.POST["revoke"])
                )
                services.invitation_revoke(invitation=invitation, by=request.user)
                messages.success(request, _("Invitation revoked."))
                return redirect("project-invitations", project_id=project.pk)
            if not form.is_valid():
                raise _form_refusal(form)
            # One transaction: the queued e-mail goes out (on commit) only with its invitation.
            with transaction.atomic():
                invitation, token = services.invitation_create(
                    project=project, by=request.user, **form.cleaned_data
                )
                if invitation.email:
                    emails.send_invitation(request, invitation, token)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            if invitation.email:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            new_link = emails.invitation_url(request, token)
            form = InvitationForm()
    return render(
        request,
        "accounts/invitations.html",
        {
            "project": project,
            "membership": membership,
            "form": form,
            "new_link": new_link,
            "pending": selectors.invitation_pending(project=project),
        },
    )


def invitation_open(request, token):
    """The page an invitation link opens: join (logged in), or log in, or create an account."""
    try:
        invitation = services.invitation_check(token=token)
    except ValidationError as exc:
        return render(request, "accounts/invitation.html", {"refusal": " ".join(exc.messages)}, status=410)
    form = AccountForm(request.POST or None, initial={"email": invitation.email})
    if invitation.email:
        # Bound to its address: the account made here gets it (a disabled field keeps its initial).
        form.fields["email"].disabled = True
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.invitation_accept(token=token, user=request.user)
            else:
                if not form.is_valid():
                    raise _form_refusal(form)
                user = services.user_signup(invitation_token=token, **form.cleaned_data)
                login(request, user, backend=BACKEND)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Welcome to %(project)s.") % {"project": invitation.project.name})
            return redirect("project-home", project_id=invitation.project_id)
    address_refusal = None
    if request.user.is_authenticated:
        try:
            services.check_invitation_address(invitation=invitation, user=request.user)
        except ValidationError as exc:
            address_refusal = {"text": " ".join(exc.messages), "confirm": "email" in exc.message_dict}
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "address_refusal": address_refusal,
            "login_url": f"{reverse('login')}?next={request.path}",
        },
    )


# Site administration ---------------------------------------------------------------------------


def _site_admin(request):
    if not is_site_admin(request.user):
        raise PermissionDenied(_("Only a site administrator may do this."))


@login_required
def site_admin(request):
    """Users (deactivate, reactivate, reset a password) and the sign-up policy, without Django's admin."""
    _site_admin(request)
    site = selectors.site_settings()
    form = SiteSettingsForm(
        initial={"signup_policy": site.signup_policy, "signup_domains": site.signup_domains}
    )
    new_password = None
    if request.method == "POST":
        try:
            new_password = _site_admin_change(request)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            if new_password is None:
                return redirect("site-admin")
    return render(
        request,
        "accounts/site_admin.html",
        {"form": form, "users": selectors.user_list(), "new_password": new_password, "site": site},
    )


def _site_admin_change(request):
    if "signup_policy" in request.POST:
        form = SiteSettingsForm(request.POST)
        if not form.is_valid():
            raise _form_refusal(form)
        services.site_settings_update(**form.cleaned_data)
        messages.success(request, _("Sign-up policy saved."))
        return None
    user = get_object_or_404(get_user_model(), pk=posted_id(request.POST.get("user")))
    action = request.POST.get("action")
    if action == "reset":
        password = services.user_reset_password(user=user)
        return {"user": user, "password": password}
    services.user_set_active(user=user, active=action == "reactivate", by=request.user)
    messages.success(request, _("Saved."))
    return None


# First run -------------------------------------------------------------------------------------


def setup(request, token):
    """The first administrator, made from the link `make run` prints; gone once there is one."""
    if not selectors.setup_token_valid(token=token):
        raise Http404
    form = AccountForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_refusal(form)
            user = services.setup_admin_create(token=token, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(request, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("You are the administrator. Create a project to begin."))
            return redirect("home")
    return render(request, "accounts/setup.html", {"form": form})
