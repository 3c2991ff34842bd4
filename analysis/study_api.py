"""API of QCA studies and runs, under /api/projects/{project_id}/qca-studies/.

Thin views: `access_study` (404 for outsiders), serializers for shape, analysis.studies and
analysis.qca_runs for rules. Any member reads; coders and above run; editors and owners change.
"""

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis import exports, qca_runs, studies
from analysis.api import AnyAccept
from analysis.models import (
    Calibration,
    CodeMeasure,
    CoderScope,
    Expectation,
    QCARun,
    QCAStudy,
    SetRole,
    SetSource,
    StudySet,
)
from cases.models import Attribute, Case
from coding.models import Code, Membership, Role
from coding.permissions import access_project
from config.api import ProjectScopedRelatedField


class StudyInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    incl_cut = serializers.FloatField(required=False)
    n_cut = serializers.IntegerField(required=False, min_value=1)
    pri_cut = serializers.FloatField(required=False)
    row_outputs = serializers.JSONField(required=False)


class StudyOutput(serializers.ModelSerializer):
    class Meta:
        model = QCAStudy
        fields = ["id", "name", "description", "incl_cut", "n_cut", "pri_cut", "row_outputs", "created_at"]


@extend_schema_field(OpenApiTypes.INT)
class CoderField(serializers.PrimaryKeyRelatedField):
    """A coder must be a member of the study's project."""

    def get_queryset(self):
        project = self.context.get("project")
        users = get_user_model().objects.all()
        if project is None:
            return users.none()
        return users.filter(pk__in=Membership.objects.filter(project=project).values("user_id"))


class SetInput(serializers.Serializer):
    label = serializers.CharField(max_length=30)
    role = serializers.CharField(required=False, help_text="outcome or condition")
    order = serializers.IntegerField(required=False, min_value=0)
    source = serializers.CharField(help_text="code, attribute or scores")
    code = ProjectScopedRelatedField(
        kind="code", queryset=Code.objects.all(), required=False, allow_null=True
    )
    subtree = serializers.BooleanField(required=False)
    measure = serializers.ChoiceField(choices=CodeMeasure.choices, required=False)
    coder_scope = serializers.ChoiceField(choices=CoderScope.choices, required=False)
    coder = CoderField(required=False, allow_null=True)
    attribute = ProjectScopedRelatedField(
        kind="attribute", queryset=Attribute.objects.all(), required=False, allow_null=True
    )
    calibration = serializers.ChoiceField(choices=Calibration.choices, required=False)
    thresholds = serializers.ListField(child=serializers.JSONField(), required=False)
    value_table = serializers.DictField(child=serializers.JSONField(), required=False)
    expectation = serializers.ChoiceField(choices=Expectation.choices, required=False)

    def validate_role(self, value):
        if value not in SetRole.values:
            raise serializers.ValidationError(
                studies.UNKNOWN_CHOICE.format(choices=", ".join(SetRole.values))
            )
        return value

    def validate_source(self, value):
        if value not in SetSource.values:
            raise serializers.ValidationError(
                studies.UNKNOWN_CHOICE.format(choices=", ".join(SetSource.values))
            )
        return value


class SetOutput(serializers.ModelSerializer):
    # Plain strings in the schema, as in SetInput.
    role = serializers.CharField(help_text="outcome or condition")
    source = serializers.CharField(help_text="code, attribute or scores")

    class Meta:
        model = StudySet
        fields = [
            "id",
            "label",
            "role",
            "order",
            "source",
            "code",
            "subtree",
            "measure",
            "coder_scope",
            "coder",
            "attribute",
            "calibration",
            "thresholds",
            "value_table",
            "expectation",
        ]


class CellInput(serializers.Serializer):
    case = ProjectScopedRelatedField(kind="case", queryset=Case.objects.all())
    value = serializers.JSONField()
    justification = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RunSummary(serializers.ModelSerializer):
    class Meta:
        model = QCARun
        fields = ["id", "created_at", "created_by", "engine_version", "input_hash"]


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
        row_outputs = fields.pop("row_outputs", None)
        study = studies.study_create(project=project, created_by=request.user, **fields)
        if row_outputs:
            study = studies.study_update(study=study, row_outputs=row_outputs)
        return Response(StudyOutput(study).data, status=status.HTTP_201_CREATED)


class StudyDetail(APIView):
    @extend_schema(operation_id="qca_study_retrieve", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id)
        data = StudyOutput(study).data
        data["sets"] = SetOutput(study.sets.all(), many=True).data
        return Response(data)

    @extend_schema(
        operation_id="qca_study_update", tags=["qca"], request=StudyInput(partial=True), responses=StudyOutput
    )
    def patch(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        data = StudyInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        study = studies.study_update(study=study, **data.validated_data)
        return Response(StudyOutput(study).data)

    @extend_schema(operation_id="qca_study_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        study.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetList(APIView):
    @extend_schema(operation_id="qca_set_create", tags=["qca"], request=SetInput, responses={201: SetOutput})
    def post(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        data = SetInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        item = studies.set_create(study=study, **data.validated_data)
        return Response(SetOutput(item).data, status=status.HTTP_201_CREATED)


class SetDetail(APIView):
    @extend_schema(
        operation_id="qca_set_update", tags=["qca"], request=SetInput(partial=True), responses=SetOutput
    )
    def patch(self, request, project_id, study_id, set_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = studies.access_set(study, set_id)
        data = SetInput(data=request.data, partial=True, context=_context(study.project))
        data.is_valid(raise_exception=True)
        item = studies.set_update(item=item, **data.validated_data)
        return Response(SetOutput(item).data)

    @extend_schema(operation_id="qca_set_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id, set_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        studies.access_set(study, set_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetScore(APIView):
    """PUT a researcher's score for one case, with its justification."""

    @extend_schema(
        operation_id="qca_score_set", tags=["qca"], request=CellInput, responses=OpenApiTypes.OBJECT
    )
    def put(self, request, project_id, study_id, set_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = studies.access_set(study, set_id)
        data = CellInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        score = studies.score_set(
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
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = studies.access_set(study, set_id)
        data = CellInput(data=request.data, context=_context(study.project))
        data.is_valid(raise_exception=True)
        override = studies.override_set(
            item=item,
            case=data.validated_data["case"],
            value=data.validated_data["value"],
            reason=data.validated_data["reason"],
            user=request.user,
        )
        return Response({"case": override.case_id, "value": override.value, "reason": override.reason})

    @extend_schema(operation_id="qca_override_delete", tags=["qca"], responses={204: None})
    def delete(self, request, project_id, study_id, set_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.EDITOR)
        item = studies.access_set(study, set_id)
        studies.override_delete(item=item, case=request.query_params.get("case"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PreviewInput(serializers.Serializer):
    calibration = serializers.ChoiceField(choices=Calibration.choices)
    thresholds = serializers.ListField(child=serializers.JSONField(), required=False)
    value_table = serializers.DictField(child=serializers.JSONField(), required=False)


class SetPreview(APIView):
    """POST a calibration to see what it gives, without saving it (the page's live preview)."""

    @extend_schema(
        operation_id="qca_set_preview", tags=["qca"], request=PreviewInput, responses=OpenApiTypes.OBJECT
    )
    def post(self, request, project_id, study_id, set_id):
        study, _membership = studies.access_study(request.user, project_id, study_id)
        item = studies.access_set(study, set_id)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(studies.calibration_preview(item=item, **data.validated_data))


class StudyMatrix(APIView):
    """The data matrix, raw and calibrated, with overrides, 0.5 flags and each set's distribution."""

    @extend_schema(operation_id="qca_study_matrix", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id)
        matrix = studies.study_matrix(study=study)
        data = matrix.to_json()
        data["input_hash"] = matrix.input_hash(study)
        data["distributions"] = {item.pk: matrix.distribution(item) for item in matrix.sets}
        for cell in data["cells"]:
            item = next(item for item in matrix.sets if item.pk == cell["set"])
            query = studies.cell_passages_query(study=study, item=item, case_id=cell["case"])
            cell["passages"] = f"/api/projects/{project_id}/exports/passages.csv?{query}" if query else None
        return Response(data)


class RunList(APIView):
    @extend_schema(operation_id="qca_run_list", tags=["qca"], responses=RunSummary(many=True))
    def get(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id)
        return Response(RunSummary(study.runs.all(), many=True).data)

    @extend_schema(
        operation_id="qca_run_create", tags=["qca"], request=None, responses={201: OpenApiTypes.OBJECT}
    )
    def post(self, request, project_id, study_id):
        study, _membership = studies.access_study(request.user, project_id, study_id, role=Role.CODER)
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
    study, _membership = studies.access_study(request.user, project_id, study_id)
    run = study.runs.filter(pk=run_id).select_related("study").first()
    if run is None:
        raise Http404
    return study, run


class RunDetail(APIView):
    @extend_schema(operation_id="qca_run_retrieve", tags=["qca"], responses=OpenApiTypes.OBJECT)
    def get(self, request, project_id, study_id, run_id):
        study, run = _access_run(request, project_id, study_id, run_id)
        current = studies.study_matrix(study=study).input_hash(study)
        return Response(run_payload(run, current_hash=current))


RUN_FILES = {
    "matrix-r.csv": (qca_runs.matrix_csv_r, "text/csv; charset=utf-8"),
    "matrix-fsqca.csv": (qca_runs.matrix_csv_fsqca, "text/csv; charset=utf-8"),
    "run.R": (qca_runs.r_script, "text/plain; charset=utf-8"),
    "results.json": (qca_runs.results_json, "application/json"),
}


class RunFile(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="qca_run_file",
        tags=["qca"],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, project_id, study_id, run_id, filename):
        _study, run = _access_run(request, project_id, study_id, run_id)
        if filename == "results.csv":
            content, content_type = exports.to_csv(qca_runs.results_rows(run)), exports.CSV_TYPE
        elif filename in RUN_FILES:
            make, content_type = RUN_FILES[filename]
            content = make(run)
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-{filename}"'
        return response


PREFIX = "projects/<int:project_id>/qca-studies/"
STUDY = PREFIX + "<int:study_id>/"
RUN = STUDY + "runs/<int:run_id>/"

urlpatterns = [
    path(PREFIX, StudyList.as_view(), name="qca-study-list"),
    path(STUDY, StudyDetail.as_view(), name="qca-study-detail"),
    path(STUDY + "sets/", SetList.as_view(), name="qca-set-list"),
    path(STUDY + "sets/<int:set_id>/", SetDetail.as_view(), name="qca-set-detail"),
    path(STUDY + "sets/<int:set_id>/scores/", SetScore.as_view(), name="qca-set-scores"),
    path(STUDY + "sets/<int:set_id>/overrides/", SetOverride.as_view(), name="qca-set-overrides"),
    path(STUDY + "sets/<int:set_id>/preview/", SetPreview.as_view(), name="qca-set-preview"),
    path(STUDY + "matrix/", StudyMatrix.as_view(), name="qca-study-matrix"),
    path(STUDY + "runs/", RunList.as_view(), name="qca-run-list"),
    path(RUN, RunDetail.as_view(), name="qca-run-detail"),
    path(RUN + "files/<str:filename>", RunFile.as_view(), name="qca-run-file"),
]
