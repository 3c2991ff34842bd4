"""API shapes of accounts, site administration and invitations: shape checks only."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import selectors
from accounts.models import Invitation, Language, SignupPolicy, SiteSettings
from coding.models import Role

INVITE_ROLES = [(value, label) for value, label in Role.choices if value != Role.OWNER]


class SignupInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    invitation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("An invitation token: allowed whatever the policy."),
    )


def _profile_value(user, field) -> str:
    profile = getattr(user, "profile", None)  # the reverse one-to-one raises AttributeError's subclass
    return (getattr(profile, field, "") if profile is not None else "") or ""


class AccountOutput(serializers.ModelSerializer):
    # Method fields, not source="profile.…": DRF answers null for a missing related object (a user
    # made before profiles, or by createsuperuser) where the schema says string.
    display_name = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    is_site_admin = serializers.BooleanField(source="is_superuser", read_only=True)
    email_confirmed = serializers.SerializerMethodField(
        help_text=_("Whether the e-mail is confirmed: an e-mail invitation is accepted only by it.")
    )

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "email_confirmed",
            "display_name",
            "language",
            "is_site_admin",
            "is_active",
            "last_login",
        ]

    def get_display_name(self, user) -> str:
        return _profile_value(user, "display_name")

    def get_language(self, user) -> str:
        return _profile_value(user, "language")

    def get_email_confirmed(self, user) -> bool:
        return selectors.email_confirmed(user=user)


class EmailConfirmInput(serializers.Serializer):
    token = serializers.CharField(help_text=_("The token of the confirmation link."))


class ProfileInput(serializers.Serializer):
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)


class PasswordChangeInput(serializers.Serializer):
    old_password = serializers.CharField(write_only=True)
    new_password = serializers.CharField(write_only=True)


class PasswordResetInput(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmInput(serializers.Serializer):
    uid = serializers.CharField(help_text=_("The uidb64 part of the reset link."))
    token = serializers.CharField(help_text=_("The token part of the reset link."))
    new_password = serializers.CharField(write_only=True)


class SiteSettingsSerializer(serializers.ModelSerializer):
    signup_policy = serializers.ChoiceField(choices=SignupPolicy.choices, required=False)
    signup_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), source="domains", required=False
    )

    class Meta:
        model = SiteSettings
        fields = ["signup_policy", "signup_domains"]


class NewPasswordOutput(serializers.Serializer):
    password = serializers.CharField(help_text=_("The new password, shown this once."))


class InvitationInput(serializers.Serializer):
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=INVITE_ROLES)
    days = serializers.IntegerField(default=7, help_text=_("Days until the link expires (1 to 90)."))


class InvitationOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_by", "created_at", "expires_at"]


class InvitationCreatedOutput(InvitationOutput):
    token = serializers.CharField(
        help_text=_("The single-use token, returned this once; only its hash is kept.")
    )
    url = serializers.CharField(help_text=_("The link to hand over."))

    class Meta(InvitationOutput.Meta):
        fields = [*InvitationOutput.Meta.fields, "token", "url"]


class InvitationPreviewOutput(serializers.Serializer):
    project = serializers.CharField(source="project.name")
    role = serializers.CharField()
    expires_at = serializers.DateTimeField()


class InvitationAcceptInput(serializers.Serializer):
    token = serializers.CharField()
