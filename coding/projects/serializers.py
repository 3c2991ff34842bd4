"""API shapes of projects and members: shape checks only, rules live in the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coding.models import Membership, Project, Role


class ProjectOutput(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text=_("Your role in this project."))

    class Meta:
        model = Project
        fields = ["id", "name", "description", "role", "created_at", "updated_at"]

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
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "email", "role", "created_at"]


class MemberCreateInput(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text=_("An existing user's username or e-mail."))
    role = serializers.ChoiceField(choices=Role.choices)


class MemberUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
