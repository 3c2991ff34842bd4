"""Shapes of the search API's input and output; related ids are looked up within the project."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Attribute, Case
from coding.models import Code, Document
from config.api import ProjectScopedRelatedField
from search import errors
from search.autocoding import EXTENTS
from search.models import AutoCodingRun, DictionaryTerm, ReindexJob, StopWord


class SearchFilters(serializers.Serializer):
    case = ProjectScopedRelatedField(kind=_("case"), queryset=Case.objects.all(), required=False)
    attribute = ProjectScopedRelatedField(
        kind=_("attribute"), queryset=Attribute.objects.all(), required=False
    )
    value = serializers.CharField(required=False, help_text=_("With `attribute`: the case's value, as text."))
    coded_with = ProjectScopedRelatedField(
        kind=_("code"),
        queryset=Code.objects.all(),
        required=False,
        help_text=_("Only hits inside a coding with this code."),
    )
    not_coded_with = ProjectScopedRelatedField(
        kind=_("code"),
        queryset=Code.objects.all(),
        required=False,
        help_text=_("Only hits outside codings with this code."),
    )

    def validate(self, attrs):
        if "attribute" in attrs and "value" not in attrs:
            raise serializers.ValidationError({"value": [_("Give the attribute value to filter by.")]})
        return attrs


def filter_arguments(data):
    """Selector keyword arguments from validated SearchFilters data."""
    arguments = {}
    if "case" in data:
        arguments["case_id"] = data["case"].pk
    if "attribute" in data:
        arguments["attribute_id"] = data["attribute"].pk
        arguments["attribute_value"] = data["value"]
    if "coded_with" in data:
        arguments["coded_with"] = data["coded_with"].pk
    if "not_coded_with" in data:
        arguments["not_coded_with"] = data["not_coded_with"].pk
    return arguments


class SearchInput(SearchFilters):
    q = serializers.CharField(
        allow_blank=True,
        help_text=_(
            'Words (space means AND), "phrases", OR, NOT, parentheses; or a literal with exact=true.'
        ),
    )
    exact = serializers.BooleanField(default=False, help_text=_("Find q as an exact substring of the text."))
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=1000, default=50, help_text=_("Hits per page.")
    )


class HitOutput(serializers.Serializer):
    start = serializers.IntegerField(help_text=_("Code point where the hit starts."))
    end = serializers.IntegerField(help_text=_("Code point just after the hit."))
    left = serializers.CharField(help_text=_("Context before the hit, within its paragraph."))
    text = serializers.CharField()
    right = serializers.CharField(help_text=_("Context after the hit, within its paragraph."))


class CaseBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DocumentHitsOutput(serializers.Serializer):
    document = serializers.IntegerField(source="document.pk")
    title = serializers.CharField(source="document.title")
    case = CaseBrief(source="document.case", allow_null=True)
    hits = HitOutput(many=True)


class SearchOutput(serializers.Serializer):
    count = serializers.IntegerField(
        source="documents_count",
        help_text=_("Documents that match (at most this many when count_exact is false)."),
    )
    count_exact = serializers.BooleanField(
        help_text=_(
            "False when phrases or coding filters are checked page by page: count is then an upper bound."
        )
    )
    hits_count = serializers.IntegerField(
        allow_null=True, help_text=_("Hits over all pages, when the filters made it known; else null.")
    )
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    has_next = serializers.BooleanField(help_text=_("Whether a next page of hits exists."))
    results = DocumentHitsOutput(many=True, source="groups")


class DictionaryTermInput(serializers.Serializer):
    term = serializers.CharField(max_length=100)


class DictionaryTermOutput(serializers.ModelSerializer):
    class Meta:
        model = DictionaryTerm
        fields = ["id", "term", "source", "created_at"]


class ReindexJobOutput(serializers.ModelSerializer):
    class Meta:
        model = ReindexJob
        fields = ["id", "status", "dictionary_version", "total", "done", "error", "created_at", "updated_at"]


class DictionaryStatusOutput(serializers.Serializer):
    dictionary_version = serializers.IntegerField()
    documents = serializers.IntegerField()
    documents_current = serializers.IntegerField(
        help_text=_("Documents segmented with the current dictionary.")
    )
    job = ReindexJobOutput(allow_null=True)


class StopWordInput(serializers.Serializer):
    word = serializers.CharField(max_length=100)


class StopWordOutput(serializers.ModelSerializer):
    class Meta:
        model = StopWord
        fields = ["id", "word"]


class FrequencyInput(serializers.Serializer):
    document = ProjectScopedRelatedField(kind=_("document"), queryset=Document.objects.all(), required=False)
    case = ProjectScopedRelatedField(kind=_("case"), queryset=Case.objects.all(), required=False)
    code = ProjectScopedRelatedField(
        kind=_("code"),
        queryset=Code.objects.all(),
        required=False,
        help_text=_("Count within its coded passages."),
    )
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=100)
    min_length = serializers.IntegerField(min_value=1, max_value=10, default=1)


class WordCountOutput(serializers.Serializer):
    word = serializers.CharField()
    count = serializers.IntegerField()
    documents = serializers.IntegerField(help_text=_("Documents the word occurs in."))


class AutoCodingInput(SearchFilters):
    code = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all())
    q = serializers.CharField(required=False, allow_blank=True)
    exact = serializers.BooleanField(default=False)
    extent = serializers.ChoiceField(choices=EXTENTS, default="hit")
    speaker = serializers.CharField(
        required=False,
        help_text=_("Code this speaker's turns (问, 答, a name…): all of them, or with q those holding a hit."),
    )

    def validate_code(self, code):
        if not code.is_active:
            raise serializers.ValidationError(errors.CODE_ARCHIVED.format(name=code.name))
        return code

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not attrs.get("speaker") and not (attrs.get("q") or "").strip():
            raise serializers.ValidationError({"q": [_("Give a query, or a speaker whose turns to code.")]})
        return attrs


class PassageOutput(serializers.Serializer):
    document = serializers.IntegerField(source="document.pk")
    title = serializers.CharField(source="document.title")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()
    exists = serializers.BooleanField(help_text=_("Already coded so by you: applying skips it."))


class AutoCodingPreviewOutput(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Passages that applying would code."))
    passages = PassageOutput(many=True)


class AutoCodingRunOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.get_username", allow_null=True, default=None)

    class Meta:
        model = AutoCodingRun
        fields = [
            "id",
            "code",
            "code_name",
            "query",
            "options",
            "codings_count",
            "created_by",
            "created_at",
            "undone_at",
        ]
