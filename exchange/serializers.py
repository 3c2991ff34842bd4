"""Shapes of the exchange API's input and output (shape only; rules are in services)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ProjectImportInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("A REFI-QDA project (.qdpx)."))
    dry_run = serializers.BooleanField(
        default=False, help_text=_("true: answer with the report only and create nothing.")
    )


class ReportEntry(serializers.Serializer):
    item = serializers.CharField(
        required=False, help_text=_("What was left out: source, selection, reference…")
    )
    kind = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(allow_blank=True, help_text=_("Where: the source, code or case concerned."))
    reason = serializers.CharField(help_text=_("A fixed reason code."))
    message = serializers.CharField(help_text=_("The reason in the user's language."))
    detail = serializers.DictField()


class ImportReport(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    origin = serializers.CharField(allow_blank=True, help_text=_("The tool that wrote the file."))
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("sources, codes, codings, selections, notes, cases, variables, users, sets."),
    )
    skipped_counts = serializers.DictField(child=serializers.IntegerField())
    position_models = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("How many sources were read under each position model.")
    )
    skipped = ReportEntry(many=True)
    warnings = ReportEntry(many=True)


class ProjectImportOutput(serializers.Serializer):
    project = serializers.IntegerField()
    report = ImportReport()


class ExportQuery(serializers.Serializer):
    offsets = serializers.ChoiceField(
        choices=["codepoints", "utf16"],
        default="codepoints",
        help_text=_("codepoints, as the standard says; utf16 for NVivo and QualCoder."),
    )


class DocumentRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CodeRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SetRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NoteRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)


class ImportedNoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True, help_text=_("The note's plain text (NFC, \\n line endings)."))
    document = DocumentRef(allow_null=True, help_text=_("The document the note is about, if any."))
    code = CodeRef(allow_null=True, help_text=_("The code the note is about, if any."))
    sets = SetRef(many=True, help_text=_("The sets the note belongs to."))
    created_at = serializers.DateTimeField()


class ImportedSetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    codes = CodeRef(many=True)
    documents = DocumentRef(many=True)
    notes = NoteRef(many=True)
