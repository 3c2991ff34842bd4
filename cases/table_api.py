"""API for the attribute grid as a spreadsheet: export, and import with a dry run for the preview."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases import attribute_table
from config.api import ProjectScopedViewSet

NO_FILE = _("Attach a .csv or .xlsx file as `file`.")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class TableImportInput(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("A .csv or .xlsx file: first row attribute names, first column case names.")
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text=_("Only report what would change; write nothing.")
    )


class ChangeOutput(serializers.Serializer):
    case = serializers.CharField()
    attribute = serializers.CharField()
    old = serializers.CharField(help_text=_("The value now; empty when there is none."))
    new = serializers.CharField(help_text=_("The value after the import; empty clears it."))


class TableImportOutput(serializers.Serializer):
    applied = serializers.BooleanField()
    rows = serializers.IntegerField()
    new_cases = serializers.ListField(child=serializers.CharField())
    changes = ChangeOutput(many=True)


@extend_schema(tags=["cases"])
class CaseTableViewSet(ProjectScopedViewSet):
    """The case × attribute grid as CSV or XLSX, both ways."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = TableImportInput

    @extend_schema(
        parameters=[
            OpenApiParameter("file_format", str, enum=["csv", "xlsx"], description="csv (default) or xlsx")
        ],
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The grid.")},
    )
    def retrieve(self, request, project_id):
        file_format = "xlsx" if request.query_params.get("file_format") == "xlsx" else "csv"
        export = attribute_table.export_xlsx if file_format == "xlsx" else attribute_table.export_csv
        response = HttpResponse(export(project=self.project), content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="cases-{self.project.pk}.{file_format}"'
        return response

    @extend_schema(request={"multipart/form-data": TableImportInput}, responses={200: TableImportOutput})
    def create(self, request, project_id):
        if "file" not in request.FILES:
            raise ValidationError({"file": [NO_FILE]})
        data = TableImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            rows = attribute_table.read_table(upload.name, upload.read())
            if data.validated_data["dry_run"]:
                plan = attribute_table.plan_import(project=self.project, rows=rows)
                if plan.errors:
                    raise DjangoValidationError(plan.errors)
            else:
                plan = attribute_table.apply_import(project=self.project, rows=rows)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        body = {
            "applied": not data.validated_data["dry_run"],
            "rows": plan.rows,
            "new_cases": plan.new_cases,
            "changes": plan.changes,
        }
        return Response(TableImportOutput(body).data, status=status.HTTP_200_OK)
