"""API shapes of projects and members: shape checks only, rules live in the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coding import people
from coding.models import Membership, Project, ProjectActivity, Role
from config.api import ProjectScopedRelatedField


class ProjectOutput(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text=_("Your role in this project."))
    is_archived = serializers.BooleanField(read_only=True, help_text=_("Archived projects are read-only."))

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "role",
            "is_archived",
            "archived_at",
            "created_at",
            "updated_at",
        ]

    def get_role(self, project) -> str:
        role = getattr(project, "my_role", None)
        if role is None and "membership" in self.context:
            role = self.context["membership"].role
        return role


class ProjectInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class MemberOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    display_name = serializers.SerializerMethodField(
        help_text=_("The member's display name, or the username if they have none.")
    )
    # A string, not format: email: it is often "". Other members' addresses are never shown: any
    # user could otherwise learn anyone's by adding them to a project of their own (issue 14).
    email = serializers.SerializerMethodField(
        help_text=_("Your own e-mail, or the one you typed to add this member; empty for everyone else.")
    )

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "display_name", "email", "role", "created_at"]

    def get_email(self, membership) -> str:
        email = membership.user.email
        viewer = self.context.get("viewer")
        if viewer is not None and viewer.pk == membership.user_id:
            return email
        typed = self.context.get("typed", "")
        return email if email and typed.casefold() == email.casefold() else ""

    def get_display_name(self, membership) -> str:
        # Lists carry it from their one query (membership_list); a single member asks for it.
        if hasattr(membership, "display_name"):
            return membership.display_name
        return people.display_name_of(membership.user)


class MemberCreateInput(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text=_("An existing user's username or e-mail."))
    role = serializers.ChoiceField(choices=Role.choices)


class MemberUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class ProjectDeleteInput(serializers.Serializer):
    confirm_name = serializers.CharField(
        allow_blank=True, help_text=_("The project's name, typed exactly, to confirm the deletion.")
    )


class DeletePreviewRow(serializers.Serializer):
    kind = serializers.CharField(help_text=_("app_label.model of the objects that would go."))
    label = serializers.CharField(help_text=_("Their name, in the request's language."))
    count = serializers.IntegerField()


class DeletePreviewOutput(serializers.Serializer):
    name = serializers.CharField(help_text=_("The name to type to confirm."))
    items = DeletePreviewRow(many=True)


class TransferInput(serializers.Serializer):
    member = ProjectScopedRelatedField(
        kind=_("member"),
        queryset=Membership.objects.select_related("user"),
        help_text=_("Id of the membership (see members/) that becomes owner; you stay on as editor."),
    )


class CopyCodebookInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text=_("Name of the new project."))
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityOutput(serializers.ModelSerializer):
    # Null once the acting account is deleted (the activity row stays).
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True, read_only=True)
    actor_display_name = serializers.CharField(
        default=None,
        allow_null=True,
        read_only=True,
        help_text=_("The actor's display name, or the username."),
    )
    subject = serializers.CharField(source="subject_name", read_only=True)
    subject_display_name = serializers.CharField(
        default=None,
        allow_null=True,
        read_only=True,
        help_text=_("The member's name now (display name or username); null for an invitation."),
    )

    class Meta:
        model = ProjectActivity
        fields = [
            "id",
            "kind",
            "subject",
            "subject_display_name",
            "actor",
            "actor_display_name",
            "old_role",
            "new_role",
            "created_at",
        ]
