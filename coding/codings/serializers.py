"""API shapes of codings and of the team-updates feed: shape checks only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coding import people
from coding.models import Code, Coding, Document
from config.api import ProjectScopedRelatedField


class CodingOutput(serializers.ModelSerializer):
    coder_username = serializers.CharField(source="coder.username", read_only=True)
    coder_display_name = serializers.SerializerMethodField(
        help_text=_("The coder's display name, or the username if they have none.")
    )

    class Meta:
        model = Coding
        fields = [
            "id",
            "document",
            "code",
            "coder",
            "coder_username",
            "coder_display_name",
            "start",
            "end",
            "quote",
            "memo",
            "created_at",
            "updated_at",
        ]

    def get_coder_display_name(self, coding) -> str:
        # Lists carry it from their one query (coding_list); a single coding asks for it.
        if hasattr(coding, "coder_display_name"):
            return coding.coder_display_name
        return people.display_name_of(coding.coder)


class CodingCreateInput(serializers.Serializer):
    document = ProjectScopedRelatedField(kind=_("document"), queryset=Document.objects.all())
    code = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all())
    start = serializers.IntegerField(help_text=_("Code point offset, 0-based."))
    end = serializers.IntegerField(help_text=_("Code point offset, exclusive."))
    memo = serializers.CharField(required=False, allow_blank=True, default="")


class CodingUpdateInput(serializers.Serializer):
    code = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all(), required=False)
    start = serializers.IntegerField(required=False)
    end = serializers.IntegerField(required=False)
    memo = serializers.CharField(required=False, allow_blank=True)


class CodingChangesOutput(serializers.Serializer):
    now = serializers.DateTimeField(help_text=_("Pass this back as `since` in the next poll."))
    changed = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("Codings created or changed since then: id, code, coder, start, end, memo."),
    )
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of all codings of the document now.")
    )


class WorkspaceChangesOutput(serializers.Serializer):
    revision = serializers.IntegerField(help_text=_("Pass this back as `after` in the next poll."))
    codings = serializers.ListField(
        child=serializers.ListField(),
        help_text=_("Codings created or changed since then, as arrays: id, code, coder, start, end, memo."),
    )
    deleted = serializers.ListField(child=serializers.IntegerField(), help_text=_("Ids of codings deleted since then."))
    codes = serializers.ListField(
        child=serializers.ListField(),
        help_text=_(
            "Codes created or changed since then, as arrays: id, parent, name, color, definition, is_active, "
            "order, pinyin initials."
        ),
    )
    deleted_codes = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of codes deleted since then.")
    )
