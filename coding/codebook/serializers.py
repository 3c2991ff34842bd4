"""API shapes of codes and codebook operations: shape checks only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coding.codebook.selectors import pinyin_initials
from coding.models import Code, CodebookChange
from config.api import ProjectScopedRelatedField


class CodeOutput(serializers.ModelSerializer):
    # Never null: the schema says integer, and a new code has no codings yet.
    codings_count = serializers.IntegerField(read_only=True, default=0)
    pinyin = serializers.SerializerMethodField(
        help_text=_("Pinyin initials of the name (合谋化 → hmh), for type-ahead search.")
    )

    class Meta:
        model = Code
        fields = [
            "id",
            "parent",
            "name",
            "definition",
            "inclusion_criteria",
            "exclusion_criteria",
            "example",
            "color",
            "order",
            "is_active",
            "version",
            "codings_count",
            "pinyin",
            "created_at",
            "updated_at",
        ]

    def get_pinyin(self, code) -> str:
        return pinyin_initials(code.name)


class CodeInput(serializers.Serializer):
    parent = ProjectScopedRelatedField(
        kind=_("code"), queryset=Code.objects.all(), required=False, allow_null=True
    )
    name = serializers.CharField(max_length=200)
    definition = serializers.CharField(required=False, allow_blank=True)
    inclusion_criteria = serializers.CharField(required=False, allow_blank=True)
    exclusion_criteria = serializers.CharField(required=False, allow_blank=True)
    example = serializers.CharField(required=False, allow_blank=True)
    color = serializers.RegexField(
        r"^#[0-9a-fA-F]{6}$", required=False, error_messages={"invalid": _("Enter a colour as #rrggbb.")}
    )
    order = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The version you read; if someone saved since, the change is refused with 409."),
    )


class TreeCodeOutput(CodeOutput):
    depth = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta(CodeOutput.Meta):
        fields = [*CodeOutput.Meta.fields, "depth", "counts"]


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)


class MoveInput(VersionInput):
    parent = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all(), allow_null=True)
    position = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("0-based place among the new siblings; empty: last.")
    )


class MergeInput(serializers.Serializer):
    target = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all())


class SplitInput(serializers.Serializer):
    codings = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    target = ProjectScopedRelatedField(
        kind=_("code"), queryset=Code.objects.all(), required=False, allow_null=True
    )
    name = serializers.CharField(required=False, allow_blank=True, default="")


class PreviewOutput(serializers.Serializer):
    codes = serializers.IntegerField()
    codings = serializers.IntegerField()
    documents = serializers.IntegerField()
    coders = serializers.ListField(child=serializers.CharField())


class CodebookChangeOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = CodebookChange
        fields = [
            "id",
            "code_ref",
            "code_name",
            "action",
            "user",
            "username",
            "created_at",
            "before",
            "after",
        ]


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)
