"""Input and output shapes of the cases API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Attribute, AttributeType, AttributeValue, Case


class AttributeValueOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="attribute.name", read_only=True)
    type = serializers.CharField(source="attribute.type", read_only=True)
    value = serializers.JSONField(read_only=True, help_text=_("Text, number, ISO date or true/false."))

    class Meta:
        model = AttributeValue
        fields = ["attribute", "name", "type", "value"]


class CaseOutput(serializers.ModelSerializer):
    documents_count = serializers.IntegerField(read_only=True, default=None)
    values = AttributeValueOutput(source="attribute_values", many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "name", "description", "documents_count", "values", "created_at", "updated_at"]


class CaseInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)


class AttributeOutput(serializers.ModelSerializer):
    class Meta:
        model = Attribute
        fields = ["id", "name", "type", "choices", "order"]


class AttributeInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=AttributeType.choices)
    choices = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("Allowed values of a category attribute.")
    )
    order = serializers.IntegerField(min_value=0, required=False)


class AttributeValueInput(serializers.Serializer):
    value = serializers.JSONField(help_text=_("Checked against the attribute's type."))
