"""REST API of the exchange app: import a .qdpx as a new project, export a project as .qdpx, and read
or delete the notes and sets an import brought that have no other place."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.models import Role
from config.api import ProjectScopedViewSet
from exchange import errors, selectors, services
from exchange.models import Note, Set
from exchange.serializers import (
    ExportQuery,
    ImportedNoteOutput,
    ImportedSetOutput,
    ImportReport,
    ProjectImportInput,
    ProjectImportOutput,
)

QDPX_MEDIA_TYPE = "application/vnd.refi-qda+zip"


def max_upload_bytes():
    return int(settings.QUALCASE_EXCHANGE_MAX_MB * 1024 * 1024)


def read_upload(upload):
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError({"file": [errors.FILE_TOO_LARGE.format(limit=f"{settings.QUALCASE_EXCHANGE_MAX_MB:g}")]})
    return upload.read()


def qdpx_response(content, filename):
    response = HttpResponse(content, content_type=QDPX_MEDIA_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def export_filename(project, *, backup=False):
    from urllib.parse import quote

    stem = "backup-" if backup else ""
    return quote(f"{stem}{project.name}-{project.pk}.qdpx")


@extend_schema(tags=["exchange"])
class ProjectImportView(APIView):
    """Import a REFI-QDA project (.qdpx) as a new project owned by you; dry_run=true previews it."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ProjectImportInput},
        responses={200: ImportReport, 201: ProjectImportOutput},
    )
    def post(self, request):
        data = ProjectImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        content = read_upload(data.validated_data["file"])
        project, report = services.project_import(
            user=request.user, data=content, dry_run=data.validated_data["dry_run"]
        )
        if project is None:
            return Response(report, status=status.HTTP_200_OK)
        return Response({"project": project.pk, "report": report}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["exchange"])
class ProjectExportViewSet(ProjectScopedViewSet):
    """The whole project as a REFI-QDA .qdpx (documents, codebook, codings, memos, cases)."""

    # A backup holds everything, including every coder's work: editors and owners only.
    read_role = Role.EDITOR

    @extend_schema(
        parameters=[OpenApiParameter("offsets", str, enum=["codepoints", "utf16"])],
        responses={(200, QDPX_MEDIA_TYPE): OpenApiTypes.BINARY},
    )
    def retrieve(self, request, project_id):
        query = ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        content = selectors.project_export(project=self.project, offsets=query.validated_data["offsets"])
        return qdpx_response(content, export_filename(self.project))


@extend_schema(tags=["exchange"])
class NoteViewSet(ProjectScopedViewSet):
    """Notes an imported REFI-QDA project carried with no other place (free memos, document notes)."""

    serializer_class = ImportedNoteOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return Note.objects.none()
        return selectors.note_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ImportedNoteOutput(page, many=True).data)

    def retrieve(self, request, project_id, pk):
        # initial() has checked the membership; the project's list holds the note or answers 404.
        return Response(ImportedNoteOutput(get_object_or_404(self.get_queryset(), pk=pk)).data)

    def destroy(self, request, project_id, pk):
        services.note_delete(note=selectors.access_note(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["exchange"])
class SetViewSet(ProjectScopedViewSet):
    """Sets of an imported REFI-QDA project: named groups of codes, documents and notes."""

    serializer_class = ImportedSetOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return Set.objects.none()
        return selectors.set_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ImportedSetOutput(page, many=True).data)

    def retrieve(self, request, project_id, pk):
        return Response(ImportedSetOutput(get_object_or_404(self.get_queryset(), pk=pk)).data)

    def destroy(self, request, project_id, pk):
        services.set_delete(item=selectors.access_set(request.user, project_id, pk, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)
