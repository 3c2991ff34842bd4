"""Shapes of the import API: files in, one result per file out."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Case
from coding.importing.encodings import ENCODING_CHOICES
from coding.models import SpeakerTurn
from coding.serializers import DocumentOutput
from config.api import ProjectScopedRelatedField


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
