"""REST API of the exchange app: import a .qdpx as a new project, export a project as .qdpx."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.models import Role
from config.api import ProjectScopedViewSet
from exchange import errors, selectors, services
from exchange.serializers import ExportQuery, ImportReport, ProjectImportInput, ProjectImportOutput

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
