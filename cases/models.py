"""Cases (units of comparison) and their typed attributes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="cases")
    name = models.CharField(_("name"), max_length=200, help_text=_("Unique within the project."))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="case_unique_name_per_project"),
            models.CheckConstraint(condition=~Q(name=""), name="case_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class AttributeType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    CATEGORY = "category", _("Category")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes/no")


class Attribute(models.Model):
    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="attributes")
    name = models.CharField(_("name"), max_length=200, help_text=_("Unique within the project."))
    type = models.CharField(_("type"), max_length=10, choices=AttributeType.choices)
    choices = models.JSONField(
        _("allowed values"),
        default=list,
        blank=True,
        help_text=_("For a category: the list of allowed values."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="attribute_unique_name_per_project"),
            models.CheckConstraint(
                condition=Q(type__in=[choice.value for choice in AttributeType]), name="attribute_type_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="attribute_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class AttributeValue(models.Model):
    """One case's value of one attribute, in the typed column that matches the attribute's type.

    Typed columns (rather than one text column) let analyses aggregate and compare in SQL.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attribute_values")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    # NULL, not "", marks "no text value": the one-column check constraint counts on it.
    text_value = models.TextField(null=True, blank=True, help_text=_("Text and category values."))  # noqa: DJ001
    number_value = models.FloatField(null=True, blank=True)
    date_value = models.DateField(null=True, blank=True)
    boolean_value = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ["case_id", "attribute__order", "attribute_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "attribute"], name="attribute_value_unique_per_case"),
            # Exactly one typed column carries the value.
            models.CheckConstraint(
                condition=(
                    Q(text_value__isnull=False, number_value=None, date_value=None, boolean_value=None)
                    | Q(text_value=None, number_value__isnull=False, date_value=None, boolean_value=None)
                    | Q(text_value=None, number_value=None, date_value__isnull=False, boolean_value=None)
                    | Q(text_value=None, number_value=None, date_value=None, boolean_value__isnull=False)
                ),
                name="attribute_value_exactly_one_column",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.attribute}"

    @property
    def value(self):
        for column in ("text_value", "number_value", "date_value", "boolean_value"):
            if getattr(self, column) is not None:
                return getattr(self, column)
        return None
