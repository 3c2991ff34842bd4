"""Serializers of the QCA studies API: shape only; the rules are in services and selectors."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from analysis.studies import errors
from cases.models import Attribute, Case
from coding.models import Code, Membership
from config.api import ProjectScopedRelatedField


class StudyInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    incl_cut = serializers.FloatField(required=False)
    n_cut = serializers.IntegerField(required=False, min_value=1)
    pri_cut = serializers.FloatField(required=False)
    row_outputs = serializers.JSONField(required=False)
    neg_out = serializers.BooleanField(required=False)
    exclude = serializers.CharField(required=False, allow_blank=True, max_length=500)
    inf_test = serializers.FloatField(required=False, allow_null=True)
    pi_cons = serializers.FloatField(required=False)
    sol_cons = serializers.FloatField(required=False)
    dir_exp_conjunctions = serializers.CharField(required=False, allow_blank=True, max_length=500)


# Options checked against the study's sets, so set after the study exists.
LATER_OPTIONS = ("row_outputs", "neg_out", "exclude", "inf_test", "pi_cons", "sol_cons", "dir_exp_conjunctions")


class StudyOutput(serializers.ModelSerializer):
    class Meta:
        model = QCAStudy
        fields = [
            "id",
            "name",
            "description",
            "incl_cut",
            "n_cut",
            "pri_cut",
            "neg_out",
            "exclude",
            "inf_test",
            "pi_cons",
            "sol_cons",
            "dir_exp_conjunctions",
            "row_outputs",
            "created_at",
        ]


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
                errors.UNKNOWN_CHOICE.format(choices=", ".join(SetRole.values))
            )
        return value

    def validate_source(self, value):
        if value not in SetSource.values:
            raise serializers.ValidationError(
                errors.UNKNOWN_CHOICE.format(choices=", ".join(SetSource.values))
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


class PreviewInput(serializers.Serializer):
    calibration = serializers.ChoiceField(choices=Calibration.choices)
    thresholds = serializers.ListField(child=serializers.JSONField(), required=False)
    value_table = serializers.DictField(child=serializers.JSONField(), required=False)
