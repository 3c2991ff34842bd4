"""API shapes of documents, their import and speaker turns: shape checks only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Case
from coding.documents.importing.encodings import ENCODING_CHOICES
from coding.models import Document, SpeakerTurn
from config.api import ProjectScopedRelatedField

METADATA_FIELDS = ("interview_id", "interview_date", "place", "interviewee_role")
FREE_METADATA_NOT_FLAT = _("Metadata field “{key}” must be text, a number or true/false.")


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


class DocumentImportInput(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text=_("One or more .txt, .md, .docx, .odt or .pdf files (multipart field `files`, repeated)."),
    )
    encoding = serializers.ChoiceField(
        choices=["", *ENCODING_CHOICES],
        required=False,
        default="",
        help_text=_("Encoding of the plain-text files; empty to detect it."),
    )
    case = ProjectScopedRelatedField(
        kind=_("case"),
        queryset=Case.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Put every imported document in this case."),
    )


class ImportResultOutput(serializers.Serializer):
    filename = serializers.CharField()
    status = serializers.SerializerMethodField(help_text=_("imported or refused"))
    reason = serializers.CharField(help_text=_("Why the file was refused, as a code; empty when imported."))
    message = serializers.CharField(help_text=_("The refusal, or a warning such as a duplicate, in words."))
    encoding = serializers.CharField()
    turns_count = serializers.IntegerField()
    duplicate_of = serializers.SerializerMethodField(help_text=_("Ids of documents with the same text."))
    document = DocumentOutput(allow_null=True)

    def get_status(self, result) -> str:
        return "imported" if result.imported else "refused"

    def get_duplicate_of(self, result) -> list[int]:
        return [document.pk for document in result.duplicates]


class ImportOutput(serializers.Serializer):
    imported = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = ImportResultOutput(many=True)


class SpeakerTurnOutput(serializers.ModelSerializer):
    class Meta:
        model = SpeakerTurn
        fields = ["index", "start", "end", "speaker", "timestamp"]
