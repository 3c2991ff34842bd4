"""Input and output shapes of the coding API. They check shape only; rules live in services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Case
from coding.models import Code, Coding, Document, Membership, Project, Role
from coding.workspace import pinyin_initials
from config.api import ProjectScopedRelatedField

METADATA_FIELDS = ("interview_id", "interview_date", "place", "interviewee_role")
FREE_METADATA_NOT_FLAT = _("Metadata field “{key}” must be text, a number or true/false.")


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


class MetadataField(serializers.DictField):
    """Interview ID, date, place and interviewee role, plus free fields, as one flat object."""

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        known = {}
        for key in METADATA_FIELDS:
            if key in data:
                known[key] = data.pop(key)
        if known.get("interview_date") in ("", None):
            known["interview_date"] = None
        elif "interview_date" in known:
            known["interview_date"] = serializers.DateField().run_validation(known["interview_date"])
        for key in ("interview_id", "place", "interviewee_role"):
            if key in known:
                known[key] = "" if known[key] is None else str(known[key])
        for key, value in data.items():
            if isinstance(value, dict | list):
                raise serializers.ValidationError(FREE_METADATA_NOT_FLAT.format(key=key))
        known["extra_metadata"] = data
        return known

    def to_representation(self, document):
        metadata = {key: getattr(document, key) for key in METADATA_FIELDS}
        metadata["interview_date"] = document.interview_date.isoformat() if document.interview_date else None
        metadata.update(document.extra_metadata or {})
        return metadata


class DocumentOutput(serializers.ModelSerializer):
    metadata = MetadataField(source="*", read_only=True)
    length = serializers.IntegerField(read_only=True, help_text=_("Length of the text in code points."))
    codings_count = serializers.IntegerField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "case",
            "language",
            "original_filename",
            "content_hash",
            "metadata",
            "length",
            "codings_count",
            "created_by",
            "created_at",
            "updated_at",
        ]


class DocumentDetailOutput(DocumentOutput):
    class Meta(DocumentOutput.Meta):
        fields = [*DocumentOutput.Meta.fields, "text"]


class DocumentCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    text = serializers.CharField(trim_whitespace=False, help_text=_("Stored as NFC with \\n line endings."))
    language = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    original_filename = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    metadata = MetadataField(required=False, default=dict)
    case = ProjectScopedRelatedField(
        kind=_("case"), queryset=Case.objects.all(), required=False, allow_null=True
    )


class DocumentUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    language = serializers.CharField(max_length=20, required=False, allow_blank=True)
    metadata = MetadataField(required=False)
    case = ProjectScopedRelatedField(
        kind=_("case"), queryset=Case.objects.all(), required=False, allow_null=True
    )


class CodeOutput(serializers.ModelSerializer):
    codings_count = serializers.IntegerField(read_only=True, default=None)
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


class CodingOutput(serializers.ModelSerializer):
    coder_username = serializers.CharField(source="coder.username", read_only=True)

    class Meta:
        model = Coding
        fields = [
            "id",
            "document",
            "code",
            "coder",
            "coder_username",
            "start",
            "end",
            "quote",
            "memo",
            "created_at",
            "updated_at",
        ]


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
