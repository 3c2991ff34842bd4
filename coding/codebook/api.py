"""REST API for codes and the codebook: tree, operations, history and files; thin views over services."""

import contextlib

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from coding.codebook import files, selectors, services
from coding.codebook import restore as codebook_restore
from coding.codebook.serializers import (
    CodebookChangeOutput,
    CodeInput,
    CodeOutput,
    ImportInput,
    MergeInput,
    MoveInput,
    PreviewOutput,
    SplitInput,
    TreeCodeOutput,
    VersionInput,
)
from coding.models import Code, CodebookChange
from coding.permissions import (
    access_code,
)
from config.api import ProjectScopedViewSet


@extend_schema(tags=["codebook"])
class CodeViewSet(ProjectScopedViewSet):
    """The codebook: a tree of codes, each with definition, criteria, example and colour."""

    serializer_class = CodeOutput

    def get_queryset(self):
        if self.is_schema_generation:
            return Code.objects.none()
        return selectors.code_list(project=self.project)

    def list(self, request, project_id):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CodeOutput(page, many=True).data)

    @extend_schema(request=CodeInput, responses={201: CodeOutput})
    def create(self, request, project_id):
        data = CodeInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        data.validated_data.pop("version", None)
        code = services.codebook_code_create(project=self.project, user=request.user, **data.validated_data)
        return Response(CodeOutput(code).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, project_id, pk):
        code = access_code(request.user, project_id, pk)
        code.codings_count = code.codings.count()
        return Response(CodeOutput(code).data)

    @extend_schema(request=CodeInput(partial=True), responses=CodeOutput)
    def partial_update(self, request, project_id, pk):
        code = access_code(request.user, project_id, pk, write=True)
        data = CodeInput(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = services.codebook_code_update(code=code, user=request.user, **data.validated_data)
        code.codings_count = code.codings.count()
        return Response(CodeOutput(code).data)

    def destroy(self, request, project_id, pk):
        services.codebook_code_delete(
            code=access_code(request.user, project_id, pk, write=True), user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, data):
        super().__init__()
        # Kept as is: APIException would turn every nested value of the code (ids, booleans,
        # null parent) into a string, and the client would get "None" where the schema says null.
        self.detail = data


@contextlib.contextmanager
def conflict_as_409():
    """Answer a stale save with 409, the message and the code as it is now, so that the client
    can show the other person's change."""
    try:
        yield
    except services.CodeVersionConflict as exc:
        current = exc.current
        current.codings_count = current.codings.count()
        raise VersionConflict({"detail": str(exc.message), "current": CodeOutput(current).data}) from None


def _code_output(code):
    code.codings_count = code.codings.count()
    return CodeOutput(code).data


@extend_schema(tags=["codebook"])
class CodebookViewSet(ProjectScopedViewSet):
    """The codebook as a tree in depth-first order, with each code's own and subtree counts."""

    serializer_class = TreeCodeOutput
    pagination_class = None  # the whole tree in one answer, as the schema says

    def list(self, request, project_id):
        return Response(TreeCodeOutput(selectors.codebook_tree(project=self.project), many=True).data)


@extend_schema(tags=["codebook"])
class CodeOperationViewSet(ProjectScopedViewSet):
    """Operations on one code. Each is atomic; a refusal answers 400 and changes nothing."""

    serializer_class = CodeOutput
    pagination_class = None  # history answers the code's whole list of changes, not pages

    def _code(self, request, pk):
        return access_code(request.user, self.project.pk, pk, write=request.method != "GET")

    @extend_schema(request=MoveInput, responses=CodeOutput)
    def move(self, request, project_id, pk):
        code = self._code(request, pk)
        data = MoveInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = services.code_move(code=code, user=request.user, **data.validated_data)
        return Response(_code_output(code))

    @extend_schema(request=MergeInput, responses=CodeOutput)
    def merge(self, request, project_id, pk):
        code = self._code(request, pk)
        data = MergeInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = services.code_merge(source=code, target=data.validated_data["target"], user=request.user)
        return Response(_code_output(target))

    @extend_schema(request=SplitInput, responses={201: CodeOutput})
    def split(self, request, project_id, pk):
        code = self._code(request, pk)
        data = SplitInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = services.code_split(
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
            code = services.code_archive(
                code=self._code(request, pk), user=request.user, **data.validated_data
            )
        return Response(_code_output(code))

    @extend_schema(request=VersionInput, responses=CodeOutput)
    def unarchive(self, request, project_id, pk):
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        with conflict_as_409():
            code = services.code_unarchive(
                code=self._code(request, pk), user=request.user, **data.validated_data
            )
        return Response(_code_output(code))

    @extend_schema(responses=PreviewOutput)
    def delete_preview(self, request, project_id, pk):
        return Response(selectors.code_delete_preview(code=self._code(request, pk)))

    @extend_schema(responses=CodebookChangeOutput(many=True))
    def history(self, request, project_id, pk):
        # A deleted code's history stays readable by its old id.
        changes = selectors.code_history(project=self.project, code_ref=pk)
        if not changes.exists() and not Code.objects.filter(project=self.project, pk=pk).exists():
            raise Http404
        return Response(CodebookChangeOutput(changes, many=True).data)


@extend_schema(tags=["codebook"])
class CodebookHistoryViewSet(ProjectScopedViewSet):
    """Every change to the project's codebook, newest first; restore the state before one."""

    serializer_class = CodebookChangeOutput

    def list(self, request, project_id):
        page = self.paginate_queryset(selectors.project_history(project=self.project))
        return self.get_paginated_response(CodebookChangeOutput(page, many=True).data)

    @extend_schema(request=None, responses=CodeOutput)
    def restore(self, request, project_id, pk):
        change = CodebookChange.objects.filter(project=self.project, pk=pk).first()
        if change is None:
            raise Http404
        return Response(_code_output(codebook_restore.change_restore(change=change, user=request.user)))


@extend_schema(tags=["codebook"])
class CodebookFileViewSet(ProjectScopedViewSet):
    """The codebook as a file: CSV or JSON to exchange, Markdown or HTML to print."""

    serializer_class = ImportInput

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=["csv", "json", "md", "html"])],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/json"): {"type": "array", "items": {"type": "object"}},
            (200, "text/markdown"): OpenApiTypes.BINARY,
            (200, "text/html"): OpenApiTypes.BINARY,
        },
    )
    def retrieve(self, request, project_id):
        return files.export_response(self.project, request.query_params.get("file_format", "csv"))

    @extend_schema(request={"multipart/form-data": ImportInput})
    def create(self, request, project_id):
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        extra = files.FORMATS.get(request.data.get("file_format", ""))
        if extra is not None:
            return Response(
                extra.import_file(
                    project=self.project,
                    upload=data.validated_data["file"],
                    user=request.user,
                    dry_run=data.validated_data["dry_run"],
                    options=request.data,
                )
            )
        plan = files.import_file(
            project=self.project,
            upload=data.validated_data["file"],
            user=request.user,
            dry_run=data.validated_data["dry_run"],
        )
        return Response(plan)
