"""REST API of accounts, site administration and invitations: thin views over services."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.http import urlsafe_base64_decode
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import emails, errors, selectors, services
from accounts.models import Invitation
from accounts.permissions import IsSiteAdmin
from accounts.serializers import (
    AccountOutput,
    EmailConfirmInput,
    InvitationAcceptInput,
    InvitationCreatedOutput,
    InvitationInput,
    InvitationOutput,
    InvitationPreviewOutput,
    NewPasswordOutput,
    PasswordChangeInput,
    PasswordResetConfirmInput,
    PasswordResetInput,
    ProfileInput,
    SignupInput,
    SiteSettingsSerializer,
)
from coding.models import Role
from coding.projects.serializers import MemberOutput
from config.api import ProjectScopedViewSet
from config.validation import field_error


@extend_schema(tags=["accounts"])
class SignupViewSet(viewsets.GenericViewSet):
    """Create an account: with an invitation token always, otherwise as the sign-up policy allows."""

    permission_classes = [AllowAny]
    serializer_class = SignupInput

    @extend_schema(request=SignupInput, responses={201: AccountOutput})
    def create(self, request):
        data = SignupInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = services.user_signup(invitation_token=values.pop("invitation") or None, **values)
        return Response(AccountOutput(user).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["accounts"])
class ProfileViewSet(viewsets.GenericViewSet):
    """Your account: display name, e-mail, interface language (applied over the browser's)."""

    serializer_class = AccountOutput

    def retrieve(self, request):
        return Response(AccountOutput(request.user).data)

    @extend_schema(request=ProfileInput, responses=AccountOutput)
    def partial_update(self, request):
        data = ProfileInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.profile_update(user=request.user, **data.validated_data)
        request.user.refresh_from_db()
        return Response(AccountOutput(get_user_model().objects.get(pk=request.user.pk)).data)


@extend_schema(tags=["accounts"])
class EmailConfirmationViewSet(viewsets.GenericViewSet):
    """Confirm your account's e-mail address (needed to accept an invitation sent to it)."""

    serializer_class = EmailConfirmInput

    @extend_schema(request=None, responses={202: None})
    def send(self, request):
        """E-mail a confirmation link to the account's address."""
        if not request.user.email:
            raise field_error("email", errors.EMAIL_MISSING)
        token = services.email_confirmation_token(user=request.user)
        with transaction.atomic():
            emails.send_email_confirmation(request._request, request.user, token)
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=EmailConfirmInput, responses=AccountOutput)
    def confirm(self, request):
        """The token of the link (the last part of its path)."""
        data = EmailConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.email_confirm(user=request.user, token=data.validated_data["token"])
        return Response(AccountOutput(get_user_model().objects.get(pk=request.user.pk)).data)


@extend_schema(tags=["accounts"])
class PasswordViewSet(viewsets.GenericViewSet):
    serializer_class = PasswordChangeInput

    def get_permissions(self):
        return [IsAuthenticated()] if self.action == "change" else [AllowAny()]

    @extend_schema(request=PasswordChangeInput, responses={204: None})
    def change(self, request):
        data = PasswordChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_change(user=request.user, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PasswordResetInput, responses={202: None})
    def reset(self, request):
        """E-mail a reset link if an account has the address; the answer is the same either way."""
        data = PasswordResetInput(data=request.data)
        data.is_valid(raise_exception=True)
        form = emails.QueuedPasswordResetForm(data={"email": data.validated_data["email"]})
        if form.is_valid():
            form.save(
                request=request._request,
                use_https=request.is_secure(),
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
            )
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=PasswordResetConfirmInput, responses={204: None})
    def reset_confirm(self, request):
        data = PasswordResetConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        User = get_user_model()
        try:
            user = User.objects.get(pk=urlsafe_base64_decode(data.validated_data["uid"]).decode())
        except (TypeError, ValueError, OverflowError, User.DoesNotExist, UnicodeDecodeError):
            user = None
        if user is None or not default_token_generator.check_token(user, data.validated_data["token"]):
            raise field_error("token", errors.RESET_LINK_INVALID)
        new = data.validated_data["new_password"]
        form = SetPasswordForm(user, {"new_password1": new, "new_password2": new})
        if not form.is_valid():
            raise ValidationError({"new_password": [m for ms in form.errors.values() for m in ms]})
        form.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["site"])
class SiteSettingsViewSet(viewsets.GenericViewSet):
    """The sign-up policy: closed, invitation only (default), or open to chosen e-mail domains."""

    permission_classes = [IsSiteAdmin]
    serializer_class = SiteSettingsSerializer

    def retrieve(self, request):
        return Response(SiteSettingsSerializer(selectors.site_settings()).data)

    @extend_schema(request=SiteSettingsSerializer, responses=SiteSettingsSerializer)
    def partial_update(self, request):
        data = SiteSettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        site = services.site_settings_update(
            signup_policy=values.get("signup_policy"), signup_domains=values.get("domains")
        )
        return Response(SiteSettingsSerializer(site).data)


@extend_schema(tags=["site"])
class SiteUserViewSet(viewsets.GenericViewSet):
    """Every account; deactivate, reactivate, or reset a password (the new one is returned once)."""

    permission_classes = [IsSiteAdmin]
    serializer_class = AccountOutput

    def get_queryset(self):
        return selectors.user_list()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AccountOutput(page, many=True).data)

    def _user(self, pk):
        return get_object_or_404(get_user_model(), pk=pk)

    @extend_schema(request=None, responses=AccountOutput)
    def deactivate(self, request, pk):
        user = services.user_set_active(user=self._user(pk), active=False, by=request.user)
        return Response(AccountOutput(user).data)

    @extend_schema(request=None, responses=AccountOutput)
    def reactivate(self, request, pk):
        user = services.user_set_active(user=self._user(pk), active=True, by=request.user)
        return Response(AccountOutput(user).data)

    @extend_schema(request=None, responses=NewPasswordOutput)
    def reset_password(self, request, pk):
        return Response({"password": services.user_reset_password(user=self._user(pk))})


@extend_schema(tags=["invitations"])
class InvitationViewSet(ProjectScopedViewSet):
    """Owners invite by e-mail or make a link (role + expiry), list pending ones and revoke them."""

    read_role = Role.OWNER
    write_role = Role.OWNER
    serializer_class = InvitationOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return Invitation.objects.none()
        return selectors.invitation_pending(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InvitationOutput(page, many=True).data)

    @extend_schema(request=InvitationInput, responses={201: InvitationCreatedOutput})
    def create(self, request, project_id):
        data = InvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        # One transaction: the queued e-mail goes out (on commit) only with its invitation.
        with transaction.atomic():
            invitation, token = services.invitation_create(
                project=self.project, by=request.user, **data.validated_data
            )
            if invitation.email:
                emails.send_invitation(request._request, invitation, token)
        invitation.token = token
        invitation.url = emails.invitation_url(request._request, token)
        return Response(InvitationCreatedOutput(invitation).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        return Response(InvitationOutput(get_object_or_404(Invitation, project=self.project, pk=pk)).data)

    def destroy(self, request, project_id, pk):
        """Revoke: the link stops working at once."""
        invitation = get_object_or_404(Invitation, project=self.project, pk=pk)
        services.invitation_revoke(invitation=invitation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["invitations"])
class InvitationAcceptViewSet(viewsets.GenericViewSet):
    serializer_class = InvitationAcceptInput

    def get_permissions(self):
        return [AllowAny()] if self.action == "preview" else [IsAuthenticated()]

    @extend_schema(request=InvitationAcceptInput, responses=InvitationPreviewOutput)
    def preview(self, request):
        """What a token invites to (project name, role, expiry), or why it no longer works."""
        data = InvitationAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            InvitationPreviewOutput(services.invitation_check(token=data.validated_data["token"])).data
        )

    @extend_schema(request=InvitationAcceptInput, responses={201: MemberOutput})
    def accept(self, request):
        """Join the project with the invitation's role (the signed-in account)."""
        data = InvitationAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.invitation_accept(token=data.validated_data["token"], user=request.user)
        return Response(MemberOutput(membership, context={"viewer": request.user}).data, status=status.HTTP_201_CREATED)
