"""API of QCA studies and runs, under /api/projects/{project_id}/qca-studies/.

Thin views: `access_study` (404 for outsiders), serializers for shape, the studies' services,
selectors and runs for rules. Any member reads; coders and above run; editors and owners change.
"""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.matrices import exports
from analysis.matrices.api import AnyAccept
from analysis.models import QCAStudy
from analysis.studies import run_files, selectors, services
from analysis.studies import runs as qca_runs
from analysis.studies.serializers import (
    LATER_OPTIONS,
    CellInput,
    PreviewInput,
    RunSummary,
    SetInput,
    SetOutput,
    StudyInput,
    StudyOutput,
)
from coding.models import Role
from coding.permissions import access_project


def _context(project):
    return {"project": project}


class StudyList(APIView):
    @extend_schema(operation_id="qca_study_list", tags=["qca"], responses=StudyOutput(many=True))
    def get(self, request, project_id):
        project, _membership = access_project(request.user, project_id)
        return Response(StudyOutput(QCAStudy.objects.filter(project=project), many=True).data)

    @extend_schema(
        operation_id="qca_study_create", tags=["qca"], request=StudyInput, responses={201: StudyOutput}
    )
    def post(self, request, project_id):
        project, _membership = access_project(request.user, project_id, role=Role.EDITOR)
        data = StudyInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        later = {name: fields.pop(name) for name in LATER_OPTIONS if name in fields}
        study = services.study_create(project=project, created_by=request.user, **fields)
        if later:
            study = services.study_update(study=study, **later)
        return Response(StudyOutput(study).data, status=status.HTTP_201_CREATED)


class StudyDetail(APIView):
    @extend_schema(operation_id="qca_study_retrieve", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id)
        data = StudyOutput(study).data
        data["sets"] = SetOutput(study.sets.all(), many=True).data
        return Response(data)

    @extend_schema(
        operation_id="qca_study_update", tags=["qca"], request=StudyInput(partial=True), responses=StudyOutput
    )
    def patch(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        data = StudyInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        study = services.study_update(study=study, **data.validated_data)
        return Response(StudyOutput(study).data)

    @extend_schema(operation_id="qca_study_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        study.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetList(APIView):
    @extend_schema(operation_id="qca_set_create", tags=["qca"], request=SetInput, responses={201: SetOutput})
    def post(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        data = SetInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        item = services.set_create(study=study, **data.validated_data)
        return Response(SetOutput(item).data, status=status.HTTP_201_CREATED)


class SetDetail(APIView):
    @extend_schema(
        operation_id="qca_set_update", tags=["qca"], request=SetInput(partial=True), responses=SetOutput
    )
    def patch(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = selectors.access_set(study, set_id)
        data = SetInput(data=request.data, partial=True, context=_context(study.project))
        data.is_valid(raise_exception=True)
        item = services.set_update(item=item, **data.validated_data)
        return Response(SetOutput(item).data)

    @extend_schema(operation_id="qca_set_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        selectors.access_set(study, set_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetScore(APIView):
    """PUT a researcher's score for one case, with its justification."""

    @extend_schema(
        operation_id="qca_score_set", tags=["qca"], request=CellInput, responses=OpenApiTypes.OBJECT
    )
    def put(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = selectors.access_set(study, set_id)
        data = CellInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        score = services.score_set(
            item=item,
            case=data.validated_data["case"],
            value=data.validated_data["value"],
            justification=data.validated_data["justification"],
        )
        return Response({"case": score.case_id, "value": score.value, "justification": score.justification})


class SetOverride(APIView):
    """PUT a hand-set membership for one case, with its reason; DELETE ?case= to remove it."""

    @extend_schema(
        operation_id="qca_override_set", tags=["qca"], request=CellInput, responses=OpenApiTypes.OBJECT
    )
    def put(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = selectors.access_set(study, set_id)
        data = CellInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        override = services.override_set(
            item=item,
            case=data.validated_data["case"],
            value=data.validated_data["value"],
            reason=data.validated_data["reason"],
            user=request.user,
        )
        return Response({"case": override.case_id, "value": override.value, "reason": override.reason})

    @extend_schema(operation_id="qca_override_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = selectors.access_set(study, set_id)
        services.override_delete(item=item, case=request.query_params.get("case"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetPreview(APIView):
    """POST a calibration to see what it gives, without saving it (the page's live preview)."""

    @extend_schema(
        operation_id="qca_set_preview", tags=["qca"], request=PreviewInput, responses=OpenApiTypes.OBJECT
    )
    def post(self, request, project_id, study_id, set_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id)
        item = selectors.access_set(study, set_id)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(selectors.calibration_preview(item=item, **data.validated_data))


class StudyMatrix(APIView):
    """The data matrix, raw and calibrated, with overrides, 0.5 flags and each set's distribution."""

    @extend_schema(operation_id="qca_study_matrix", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id)
        matrix = selectors.study_matrix(study=study)
        data = matrix.to_json()
        data["input_hash"] = matrix.input_hash(study)
        data["distributions"] = {item.pk: matrix.distribution(item) for item in matrix.sets}
        for cell in data["cells"]:
            item = next(item for item in matrix.sets if item.pk == cell["set"])
            query = selectors.cell_passages_query(study=study, item=item, case_id=cell["case"])
            cell["passages"] = f"/api/projects/{project_id}/exports/passages.csv?{query}" if query else None
        return Response(data)


class RunList(APIView):
    @extend_schema(operation_id="qca_run_list", tags=["qca"], responses=RunSummary(many=True))
    def get(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id)
        return Response(RunSummary(study.runs.all(), many=True).data)

    @extend_schema(
        operation_id="qca_run_create", tags=["qca"], request=None, responses={201: OpenApiTypes.OBJECT}
    )
    def post(self, request, project_id, study_id):
        study, _membership = selectors.access_study(request.user, project_id, study_id, role=Role.CODER)
        run = qca_runs.run_create(study=study, user=request.user)
        return Response(run_payload(run), status=status.HTTP_201_CREATED)


def run_payload(run, *, current_hash=None):
    previous = run.study.runs.filter(created_at__lte=run.created_at, pk__lt=run.pk).first()
    return {
        **RunSummary(run).data,
        "stale": None if current_hash is None else qca_runs.run_is_stale(run=run, current_hash=current_hash),
        "snapshot": run.snapshot,
        "results": run.results,
        "changes_since_previous": qca_runs.run_diff(old=previous, new=run) if previous else None,
    }


def _access_run(request, project_id, study_id, run_id):
    study, _membership = selectors.access_study(request.user, project_id, study_id)
    run = study.runs.filter(pk=run_id).select_related("study").first()
    if run is None:
        raise Http404
    return study, run


class RunDetail(APIView):
    @extend_schema(operation_id="qca_run_retrieve", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id, run_id):
        study, run = _access_run(request, project_id, study_id, run_id)
        current = selectors.study_matrix(study=study).input_hash(study)
        return Response(run_payload(run, current_hash=current))


RUN_FILES = {
    "matrix-r.csv": (run_files.matrix_csv_r, "text/csv; charset=utf-8"),
    "matrix-fsqca.csv": (run_files.matrix_csv_fsqca, "text/csv; charset=utf-8"),
    "run.R": (run_files.r_script, "text/plain; charset=utf-8"),
    "results.json": (run_files.results_json, "application/json"),
}
# Spreadsheet CSVs (byte-order mark, formula-safe), from rows.
RUN_TABLES = {"results.csv": run_files.results_rows, "truth-table.csv": run_files.truth_table_rows}


class RunFile(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="qca_run_file",
        tags=["qca"],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, project_id, study_id, run_id, filename):
        _study, run = _access_run(request, project_id, study_id, run_id)
        if filename in RUN_TABLES:
            content, content_type = exports.to_csv(RUN_TABLES[filename](run)), exports.CSV_TYPE
        elif filename in RUN_FILES:
            make, content_type = RUN_FILES[filename]
            content = make(run)
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-{filename}"'
        return response
