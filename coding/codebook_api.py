"""REST API for codebook operations beyond plain CRUD: tree with counts, move, merge, split,
archive, delete preview, history and restore, export and import. Thin views over coding.codebook."""

import contextlib

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from coding import codebook, codebook_files
from coding.models import Code, CodebookChange
from coding.permissions import access_code
from coding.serializers import CodeOutput
from config.api import ProjectScopedRelatedField, ProjectScopedViewSet


class VersionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@contextlib.contextmanager
def conflict_as_409():
    """Answer a stale save with 409, the message and the code as it is now, so that the client
    can show the other person's change."""
    try:
        yield
    except codebook.CodeVersionConflict as exc:
        current = exc.current
        current.codings_count = current.codings.count()
        raise VersionConflict({"detail": str(exc.message), "current": CodeOutput(current).data}) from None


class TreeCodeOutput(CodeOutput):
    depth = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta(CodeOutput.Meta):
        fields = [*CodeOutput.Meta.fields, "depth", "counts"]


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)


class MoveInput(VersionInput):
    parent = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all(), allow_null=True)
    position = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("0-based place among the new siblings; empty: last.")
    )


class MergeInput(serializers.Serializer):
    target = ProjectScopedRelatedField(kind=_("code"), queryset=Code.objects.all())


class SplitInput(serializers.Serializer):
    codings = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    target = ProjectScopedRelatedField(
        kind=_("code"), queryset=Code.objects.all(), required=False, allow_null=True
    )
    name = serializers.CharField(required=False, allow_blank=True, default="")


class PreviewOutput(serializers.Serializer):
    codes = serializers.IntegerField()
    codings = serializers.IntegerField()
    documents = serializers.IntegerField()
    coders = serializers.ListField(child=serializers.CharField())


class CodebookChangeOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = CodebookChange
        fields = [
            "id",
            "code_ref",
            "code_name",
            "action",
            "user",
            "username",
            "created_at",
            "before",
            "after",
        ]


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


def _code_output(code):
    code.codings_count = code.codings.count()
    return CodeOutput(code).data


@extend_schema(tags=["codebook"])
class CodebookViewSet(ProjectScopedViewSet):
    """The codebook as a tree in depth-first order, with each code's own and subtree counts."""

    serializer_class = TreeCodeOutput

    def list(self, request, project_id):
        return Response(TreeCodeOutput(codebook.codebook_tree(project=self.project), many=True).data)


@extend_schema(tags=["codebook"])
class CodeOperationViewSet(ProjectScopedViewSet):
    """Operations on one code. Each is atomic; a refusal answers 400 and changes nothing."""

    serializer_class = CodeOutput

    def _code(self, request, pk):
        return access_code(request.user, self.project.pk, pk, write=request.method != "GET")

    @extend_schema(request=MoveInput, responses=CodeOutput)
    def move(self, request, project_id, pk):
        code = self._code(request, pk)
        data = MoveInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = codebook.code_move(code=code, user=request.user, **data.validated_data)
        return Response(_code_output(code))

    @extend_schema(request=MergeInput, responses=CodeOutput)
    def merge(self, request, project_id, pk):
        code = self._code(request, pk)
        data = MergeInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = codebook.code_merge(source=code, target=data.validated_data["target"], user=request.user)
        return Response(_code_output(target))

    @extend_schema(request=SplitInput, responses={201: CodeOutput})
    def split(self, request, project_id, pk):
        code = self._code(request, pk)
        data = SplitInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = codebook.code_split(
            source=code,
            coding_ids=data.validated_data["codings"],
            target=data.validated_data.get("target"),
            new_name=data.validated_data["name"],
            user=request.user,
        )
        return Response(_code_output(target), status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionInput, responses=CodeOutput)
    def archive(self, request, project_id, pk):
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = codebook.code_archive(
                code=self._code(request, pk), user=request.user, **data.validated_data
            )
        return Response(_code_output(code))

    @extend_schema(request=VersionInput, responses=CodeOutput)
    def unarchive(self, request, project_id, pk):
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = codebook.code_unarchive(
                code=self._code(request, pk), user=request.user, **data.validated_data
            )
        return Response(_code_output(code))

    @extend_schema(responses=PreviewOutput)
    def delete_preview(self, request, project_id, pk):
        return Response(codebook.code_delete_preview(code=self._code(request, pk)))

    @extend_schema(responses=CodebookChangeOutput(many=True))
    def history(self, request, project_id, pk):
        # A deleted code's history stays readable by its old id.
        changes = codebook.code_history(project=self.project, code_ref=pk)
        if not changes.exists() and not Code.objects.filter(project=self.project, pk=pk).exists():
            raise Http404
        return Response(CodebookChangeOutput(changes, many=True).data)


@extend_schema(tags=["codebook"])
class CodebookHistoryViewSet(ProjectScopedViewSet):
    """Every change to the project's codebook, newest first; restore the state before one."""

    serializer_class = CodebookChangeOutput

    def list(self, request, project_id):
        page = self.paginate_queryset(codebook.project_history(project=self.project))
        return self.get_paginated_response(CodebookChangeOutput(page, many=True).data)

    @extend_schema(request=None, responses=CodeOutput)
    def restore(self, request, project_id, pk):
        change = CodebookChange.objects.filter(project=self.project, pk=pk).first()
        if change is None:
            raise Http404
        return Response(_code_output(codebook.change_restore(change=change, user=request.user)))


@extend_schema(tags=["codebook"])
class CodebookFileViewSet(ProjectScopedViewSet):
    """The codebook as a file: CSV or JSON to exchange, Markdown or HTML to print."""

    serializer_class = ImportInput

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=["csv", "json", "md", "html"])],
        responses={(200, "*/*"): OpenApiTypes.BINARY},
    )
    def retrieve(self, request, project_id):
        return codebook_files.export_response(self.project, request.query_params.get("file_format", "csv"))

    @extend_schema(request={"multipart/form-data": ImportInput})
    def create(self, request, project_id):
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = codebook_files.import_file(
            project=self.project,
            upload=data.validated_data["file"],
            user=request.user,
            dry_run=data.validated_data["dry_run"],
        )
        return Response(plan)
