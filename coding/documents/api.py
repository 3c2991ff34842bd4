"""REST API for documents, their import, original files and speaker turns: thin views over services."""

from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coding.documents import errors, selectors, services
from coding.documents.importing.encodings import ENCODING_CHOICES
from coding.documents.serializers import (
    DocumentCreateInput,
    DocumentDetailOutput,
    DocumentImportInput,
    DocumentOutput,
    DocumentUpdateInput,
    ImportOutput,
    SpeakerTurnOutput,
)
from coding.models import Document, SourceFile, SpeakerTurn
from coding.permissions import (
    access_document,
)
from config.api import ProjectScopedViewSet


def _flatten_metadata(data):
    fields = dict(data)
    fields.update(fields.pop("metadata", {}))
    return fields


@extend_schema(tags=["documents"])
class DocumentViewSet(ProjectScopedViewSet):
    """Interview transcripts. Lists leave the text out; a document's detail includes it."""

    serializer_class = DocumentOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return Document.objects.none()
        return selectors.document_list(project=self.project)

    def _detail(self, document):
        document.length = len(document.text)
        document.codings_count = document.codings.count()
        return DocumentDetailOutput(document).data

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DocumentOutput(page, many=True).data)

    @extend_schema(request=DocumentCreateInput, responses={201: DocumentDetailOutput})
    def create(self, request, project_id):
        data = DocumentCreateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        document = services.document_create(
            project=self.project, created_by=request.user, **_flatten_metadata(data.validated_data)
        )
        return Response(self._detail(document), status=status.HTTP_201_CREATED)

    @extend_schema(responses=DocumentDetailOutput)
    def retrieve(self, request, project_id, pk):
        return Response(self._detail(access_document(request.user, project_id, pk)))

    @extend_schema(request=DocumentUpdateInput, responses=DocumentDetailOutput)
    def partial_update(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk, write=True)
        data = DocumentUpdateInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        document = services.document_update(document=document, **_flatten_metadata(data.validated_data))
        return Response(self._detail(document))

    def destroy(self, request, project_id, pk):
        services.document_delete(document=access_document(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


def import_summary(results):
    for result in results:
        if result.document is not None:
            result.document.length = len(result.document.text)
            result.document.codings_count = 0
    return {
        "imported": sum(1 for result in results if result.imported),
        "refused": sum(1 for result in results if not result.imported),
        "results": results,
    }


@extend_schema(tags=["documents"])
class DocumentImportViewSet(ProjectScopedViewSet):
    """Import transcript files; one result per file, refused files leave nothing behind."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = DocumentImportInput

    @extend_schema(request={"multipart/form-data": DocumentImportInput}, responses={200: ImportOutput})
    def create(self, request, project_id):
        data = {
            "files": request.FILES.getlist("files"),
            "encoding": request.data.get("encoding", ""),
        }
        if request.data.get("case") not in (None, ""):
            data["case"] = request.data.get("case")
        if not data["files"]:
            raise ValidationError({"files": [errors.NO_FILES]})
        data = DocumentImportInput(data=data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        results = services.documents_import(
            project=self.project,
            uploads=data.validated_data["files"],
            created_by=request.user,
            encoding=data.validated_data["encoding"],
            case=data.validated_data.get("case"),
        )
        return Response(ImportOutput(import_summary(results)).data, status=status.HTTP_200_OK)


def original_response(document):
    source = SourceFile.objects.filter(document=document).first()
    if source is None:
        raise Http404(errors.NO_ORIGINAL)
    response = HttpResponse(
        bytes(source.content), content_type=source.media_type or "application/octet-stream"
    )
    response["Content-Disposition"] = _attachment(source.filename)
    response["X-Content-SHA256"] = source.sha256
    return response


def _attachment(filename):
    from urllib.parse import quote

    # RFC 6266: an ASCII fallback plus the UTF-8 name, so 访谈.docx arrives with its name.
    fallback = "".join(
        char if char.isprintable() and char not in '"\\' else "_"
        for char in filename.encode("ascii", "replace").decode()
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@extend_schema(tags=["documents"])
class DocumentOriginalViewSet(ProjectScopedViewSet):
    """The file a document was imported from, byte for byte; its SHA-256 in X-Content-SHA256."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file.")})
    def retrieve(self, request, project_id, pk):
        return original_response(access_document(request.user, project_id, pk))


@extend_schema(tags=["documents"])
class DocumentTurnsViewSet(ProjectScopedViewSet):
    """Speaker turns of a document in order, as code point spans of its text."""

    serializer_class = SpeakerTurnOutput
    pagination_class = None

    def get_queryset(self):
        return SpeakerTurn.objects.none()

    def list(self, request, project_id, pk):
        document = access_document(request.user, project_id, pk)
        return Response(SpeakerTurnOutput(document.turns.order_by("index"), many=True).data)


__all__ = ["ENCODING_CHOICES", "DocumentImportViewSet", "DocumentOriginalViewSet", "DocumentTurnsViewSet"]
