"""REST API for search, the project dictionary, stop words, word frequencies and auto-coding."""

import csv
import io

from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from coding.errors import NOT_YOUR_CODING
from coding.models import Document, Role, role_at_least
from config import spreadsheet
from config.api import ProjectScopedViewSet
from search import autocoding, selectors, services
from search.models import AutoCodingRun, DictionaryTerm, DocumentIndex, ReindexJob, StopWord
from search.query import QuerySyntaxError
from search.serializers import (
    AutoCodingInput,
    AutoCodingPreviewOutput,
    AutoCodingRunOutput,
    DictionaryStatusOutput,
    DictionaryTermInput,
    DictionaryTermOutput,
    FrequencyInput,
    SearchInput,
    SearchOutput,
    StopWordInput,
    StopWordOutput,
    WordCountOutput,
    filter_arguments,
)

PREVIEW_LIMIT = 500  # passages listed in a preview; the count covers them all


def run_search(*, project, data):
    """The selector behind the API and the page; a malformed query is a 400 on `q`."""
    try:
        return selectors.search(
            project=project,
            text=data["q"],
            exact=data["exact"],
            page=data["page"],
            page_size=data["page_size"],
            **filter_arguments(data),
        )
    except QuerySyntaxError as exc:
        raise ValidationError({"q": [exc.message]}) from exc


@extend_schema(tags=["search"])
class SearchViewSet(ProjectScopedViewSet):
    """Search the project's documents: keyword-in-context hits grouped by document, by case first."""

    serializer_class = SearchOutput

    @extend_schema(parameters=[SearchInput], responses=SearchOutput)
    def list(self, request, project_id):
        data = SearchInput(data=request.query_params, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        result = run_search(project=self.project, data=data.validated_data)
        result.page = data.validated_data["page"]
        result.page_size = data.validated_data["page_size"]
        return Response(SearchOutput(result).data)


@extend_schema(tags=["search"])
class DictionaryViewSet(ProjectScopedViewSet):
    """The project dictionary: terms jieba keeps whole. Changing it re-segments in the background."""

    serializer_class = DictionaryTermOutput

    def list(self, request, project_id):
        page = self.paginate_queryset(
            DictionaryTerm.objects.filter(project=self.project).order_by("term", "id")
        )
        return self.get_paginated_response(DictionaryTermOutput(page, many=True).data)

    @extend_schema(request=DictionaryTermInput, responses={201: DictionaryTermOutput})
    def create(self, request, project_id):
        data = DictionaryTermInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.dictionary_term_add(
            project=self.project, term=data.validated_data["term"], created_by=request.user
        )
        return Response(DictionaryTermOutput(entry).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, project_id, pk):
        entry = DictionaryTerm.objects.filter(project=self.project, pk=pk).first()
        if entry is None:
            raise Http404
        services.dictionary_term_remove(entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


def dictionary_status(*, project):
    version = services.search_settings(project=project).dictionary_version
    return {
        "dictionary_version": version,
        "documents": Document.objects.filter(project=project).count(),
        "documents_current": DocumentIndex.objects.filter(
            project=project, dictionary_version=version
        ).count(),
        "job": ReindexJob.objects.filter(project=project).order_by("-id").first(),
    }


@extend_schema(tags=["search"])
class DictionaryStatusViewSet(ProjectScopedViewSet):
    """Progress of re-segmentation after the dictionary changed; the page polls it."""

    serializer_class = DictionaryStatusOutput

    def retrieve(self, request, project_id):
        services.reindex_ensure(project=self.project)
        return Response(DictionaryStatusOutput(dictionary_status(project=self.project)).data)


@extend_schema(tags=["search"])
class StopWordViewSet(ProjectScopedViewSet):
    """Words left out of word frequencies; seeded with common Chinese and English function words."""

    serializer_class = StopWordOutput

    def list(self, request, project_id):
        services.stop_words_seed(project=self.project)
        page = self.paginate_queryset(StopWord.objects.filter(project=self.project).order_by("word", "id"))
        return self.get_paginated_response(StopWordOutput(page, many=True).data)

    @extend_schema(request=StopWordInput, responses={201: StopWordOutput})
    def create(self, request, project_id):
        data = StopWordInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.stop_word_add(project=self.project, word=data.validated_data["word"])
        return Response(StopWordOutput(entry).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, project_id, pk):
        entry = StopWord.objects.filter(project=self.project, pk=pk).first()
        if entry is None:
            raise Http404
        services.stop_word_remove(stop_word=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


def frequencies_for(*, project, data):
    return selectors.word_frequencies(
        project=project,
        document_id=data["document"].pk if "document" in data else None,
        case_id=data["case"].pk if "case" in data else None,
        code_id=data["code"].pk if "code" in data else None,
        limit=data["limit"],
        min_length=data["min_length"],
    )


def frequencies_csv(counts):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["word", "count", "documents"])
    for row in counts:
        writer.writerow([spreadsheet.cell(row.word), row.count, row.documents])
    # The byte-order mark makes Excel read the file as UTF-8, not as the system's GBK.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="word-frequencies.csv"'
    return response


@extend_schema(tags=["search"])
class WordFrequencyViewSet(ProjectScopedViewSet):
    """Most frequent words of a document, a case, a code's passages or the project, without stop words."""

    serializer_class = WordCountOutput
    pagination_class = None  # `limit` bounds the list; the schema must not promise pages

    @extend_schema(parameters=[FrequencyInput], responses=WordCountOutput(many=True))
    def list(self, request, project_id, fmt=None):
        data = FrequencyInput(data=request.query_params, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        counts = frequencies_for(project=self.project, data=data.validated_data)
        if fmt == "csv":
            return frequencies_csv(counts)
        return Response(WordCountOutput(counts, many=True).data)


def autocoding_passages(*, project, data):
    try:
        if data.get("speaker"):
            passages = autocoding.passages_for_speaker(
                project=project,
                speaker=data["speaker"],
                text=data.get("q") or "",
                exact=data["exact"],
                **filter_arguments(data),
            )
        else:
            passages = autocoding.passages_for_query(
                project=project,
                text=data["q"],
                extent=data["extent"],
                exact=data["exact"],
                **filter_arguments(data),
            )
    except QuerySyntaxError as exc:
        raise ValidationError({"q": [exc.message]}) from exc
    return passages


def autocoding_query(data):
    """What a run records as its query: the search, or the speaker when there is no search."""
    return (data.get("q") or "").strip() or data["speaker"]


def autocoding_options(data):
    options = {"extent": data["extent"], "exact": data["exact"]}
    for name, value in filter_arguments(data).items():
        options[name] = value
    if data.get("speaker"):
        options["speaker"] = data["speaker"]
    return options


@extend_schema(tags=["search"])
class AutoCodingViewSet(ProjectScopedViewSet):
    """Apply a code to search hits (or a speaker's turns) as one run that can be undone."""

    serializer_class = AutoCodingRunOutput
    write_role = Role.CODER

    def list(self, request, project_id):
        runs = AutoCodingRun.objects.filter(project=self.project).select_related("created_by").order_by("-id")
        page = self.paginate_queryset(runs)
        return self.get_paginated_response(AutoCodingRunOutput(page, many=True).data)

    @extend_schema(request=AutoCodingInput, responses=AutoCodingPreviewOutput)
    def preview(self, request, project_id):
        data = AutoCodingInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        passages = autocoding_passages(project=self.project, data=data.validated_data)
        passages = autocoding.mark_existing(passages, code=data.validated_data["code"], coder=request.user)
        count = sum(1 for p in passages if not p.exists)
        return Response(AutoCodingPreviewOutput({"count": count, "passages": passages[:PREVIEW_LIMIT]}).data)

    @extend_schema(request=AutoCodingInput, responses={201: AutoCodingRunOutput})
    def create(self, request, project_id):
        data = AutoCodingInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = autocoding.autocoding_apply(
            project=self.project,
            code=values["code"],
            coder=request.user,
            passages=autocoding_passages(project=self.project, data=values),
            query=autocoding_query(values),
            options=autocoding_options(values),
        )
        return Response(AutoCodingRunOutput(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AutoCodingRunOutput)
    def undo(self, request, project_id, pk):
        run = AutoCodingRun.objects.filter(project=self.project, pk=pk).first()
        if run is None:
            raise Http404
        if run.created_by_id != request.user.pk and not role_at_least(self.membership.role, Role.EDITOR):
            raise PermissionDenied(NOT_YOUR_CODING)
        autocoding.autocoding_undo(run=run, user=request.user)
        run.refresh_from_db()
        return Response(AutoCodingRunOutput(run).data)
