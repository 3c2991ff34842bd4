"""QCA studies: sets (outcome and conditions) measured from codes, attributes or researcher scores,
their calibrations, overrides with reasons, and saved runs with a snapshot of everything they used.

Rules live in analysis/studies/ (services, selectors, runs); the models hold fields and constraints.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QCAStudy(models.Model):
    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="qca_studies")
    name = models.CharField(_("name"), max_length=200, help_text=_("Unique within the project."))
    description = models.TextField(_("description"), blank=True)
    incl_cut = models.FloatField(_("consistency cut-off"), default=0.8, help_text=_("Truth table incl.cut."))
    n_cut = models.PositiveIntegerField(_("frequency cut-off"), default=1, help_text=_("Truth table n.cut."))
    pri_cut = models.FloatField(_("PRI cut-off"), default=0, help_text=_("Truth table pri.cut."))
    neg_out = models.BooleanField(
        _("explain the absence of the outcome"),
        default=False,
        help_text=_("R's outcome = \"~Y\": the truth table and solutions explain the negated outcome."),
    )
    exclude = models.CharField(
        _("excluded configurations"),
        max_length=500,
        blank=True,
        help_text=_(
            "R's exclude: truth table row numbers (4, 8) or an expression (~DEV*URB); "
            "those rows become 0 and are never used as remainders."
        ),
    )
    inf_test = models.FloatField(
        _("binomial test level"),
        null=True,
        blank=True,
        help_text=_(
            "R's inf.test = \"binom, alpha\": a row is 1 only when its consistency is significantly "
            "above the consistency cut-off at this level (crisp data only). Empty: no test."
        ),
    )
    pi_cons = models.FloatField(
        _("prime implicant consistency"), default=0, help_text=_("R's pi.cons: 0 for no constraint.")
    )
    sol_cons = models.FloatField(
        _("solution consistency"),
        default=0,
        help_text=_("R's sol.cons, applied to the conservative solution: 0 for no constraint."),
    )
    dir_exp_conjunctions = models.CharField(
        _("directional expectations on conjunctions"),
        max_length=500,
        blank=True,
        help_text=_(
            "R's dir.exp terms such as DEV*URB, ~LIT*IND, added to the expectations of the conditions."
        ),
    )
    row_outputs = models.JSONField(
        _("hand-set truth table outputs"),
        default=dict,
        blank=True,
        help_text=_('Row id → {"out": "0"|"1", "reason": text}; each overrides the computed output.'),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("QCA study")
        verbose_name_plural = _("QCA studies")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="qca_study_unique_name_per_project"),
            models.CheckConstraint(condition=~Q(name=""), name="qca_study_name_not_empty"),
            models.CheckConstraint(
                condition=Q(incl_cut__gte=0, incl_cut__lte=1), name="qca_study_incl_cut_range"
            ),
            models.CheckConstraint(
                condition=Q(pri_cut__gte=0, pri_cut__lte=1), name="qca_study_pri_cut_range"
            ),
            models.CheckConstraint(condition=Q(n_cut__gte=1), name="qca_study_n_cut_positive"),
            models.CheckConstraint(
                condition=Q(pi_cons__gte=0, pi_cons__lte=1, sol_cons__gte=0, sol_cons__lte=1),
                name="qca_study_constraints_range",
            ),
            models.CheckConstraint(
                condition=Q(inf_test__isnull=True) | Q(inf_test__gt=0, inf_test__lt=1),
                name="qca_study_inf_test_range",
            ),
        ]

    def __str__(self):
        return self.name


class SetRole(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    CONDITION = "condition", _("Condition")


class SetSource(models.TextChoices):
    CODE = "code", _("Code")
    ATTRIBUTE = "attribute", _("Case attribute")
    SCORES = "scores", _("Researcher scores")


class CodeMeasure(models.TextChoices):
    PRESENCE = "presence", _("Presence in the case's documents")
    COUNT = "count", _("Number of codings")
    DOCUMENTS = "documents", _("Number of documents coded")
    PER_THOUSAND = "per1000", _("Codings per 1,000 characters")
    SHARE = "share", _("Share of the case's text coded")


class CoderScope(models.TextChoices):
    ANY = "any", _("Any coder")
    ONE = "one", _("One coder")
    AGREEMENT = "agreement", _("Only where coders agree")


class Calibration(models.TextChoices):
    NONE = "none", _("None: raw scores are memberships")
    CRISP = "crisp", _("Crisp cut points")
    FUZZY = "fuzzy", _("Fuzzy, direct method (three anchors)")
    TABLE = "table", _("Table of values")


class Expectation(models.TextChoices):
    PRESENT = "present", _("Contributes when present")
    ABSENT = "absent", _("Contributes when absent")
    EITHER = "either", _("Either")


class StudySet(models.Model):
    """The outcome or one condition of a study: where its raw score comes from and how it is calibrated."""

    study = models.ForeignKey(QCAStudy, on_delete=models.CASCADE, related_name="sets")
    role = models.CharField(_("role"), max_length=10, choices=SetRole.choices, default=SetRole.CONDITION)
    label = models.CharField(
        _("label"),
        max_length=30,
        help_text=_(
            "Short name used in formulas and R, such as AUTO: letters, digits and _, a letter first."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=SetSource.choices)
    # SET_NULL, not PROTECT: deleting a code or an attribute must not fail in the codebook or case
    # pages because a study uses it; the study shows the set as broken instead.
    code = models.ForeignKey(
        "coding.Code",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Code source."),
    )
    subtree = models.BooleanField(_("with subtree"), default=False)
    measure = models.CharField(
        _("measure"), max_length=10, choices=CodeMeasure.choices, default=CodeMeasure.PRESENCE
    )
    coder_scope = models.CharField(
        _("coders"), max_length=10, choices=CoderScope.choices, default=CoderScope.ANY
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The coder, when one coder's codings count."),
    )
    attribute = models.ForeignKey(
        "cases.Attribute", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    calibration = models.CharField(
        _("calibration"), max_length=10, choices=Calibration.choices, default=Calibration.NONE
    )
    thresholds = models.JSONField(
        _("thresholds"),
        default=list,
        blank=True,
        help_text=_("Crisp: cut points in increasing order. Fuzzy: [exclusion, crossover, inclusion]."),
    )
    value_table = models.JSONField(
        _("value table"), default=dict, blank=True, help_text=_("Table calibration: raw value → membership.")
    )
    expectation = models.CharField(
        _("directional expectation"), max_length=10, choices=Expectation.choices, default=Expectation.EITHER
    )

    class Meta:
        verbose_name = _("study set")
        verbose_name_plural = _("study sets")
        ordering = ["study_id", "role", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "label"], name="study_set_unique_label"),
            models.UniqueConstraint(
                fields=["study"], condition=Q(role="outcome"), name="study_set_one_outcome"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["outcome", "condition"]), name="study_set_role_valid"
            ),
        ]

    def __str__(self):
        return self.label


class ResearcherScore(models.Model):
    set = models.ForeignKey(StudySet, on_delete=models.CASCADE, related_name="scores")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("score"))
    justification = models.TextField(_("justification"), help_text=_("Why the case gets this score."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("researcher score")
        verbose_name_plural = _("researcher scores")
        constraints = [
            models.UniqueConstraint(fields=["set", "case"], name="researcher_score_unique_per_case"),
            models.CheckConstraint(condition=~Q(justification=""), name="researcher_score_justified"),
        ]

    def __str__(self):
        return f"{self.set} · {self.case}"


class MembershipOverride(models.Model):
    """A calibrated cell set by hand; the reason is shown wherever the cell is."""

    set = models.ForeignKey(StudySet, on_delete=models.CASCADE, related_name="overrides")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(pgettext_lazy("set membership (QCA)", "membership"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("membership override")
        verbose_name_plural = _("membership overrides")
        constraints = [
            models.UniqueConstraint(fields=["set", "case"], name="membership_override_unique_per_case"),
            models.CheckConstraint(condition=~Q(reason=""), name="membership_override_has_reason"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=1), name="membership_override_range"),
        ]

    def __str__(self):
        return f"{self.set} · {self.case}"


class QCARun(models.Model):
    """One analysis as it was run: the inputs, options, engine version and results, frozen."""

    study = models.ForeignKey(QCAStudy, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    engine_version = models.CharField(_("engine version"), max_length=40)
    input_hash = models.CharField(
        _("input hash"),
        max_length=64,
        help_text=_("SHA-256 of the data matrix the run used; tells stale runs."),
    )
    snapshot = models.JSONField(_("inputs"), help_text=_("Sets, data matrix and options as run."))
    results = models.JSONField(_("results"), help_text=_("Necessity, truth table and minimizations."))
    # Kept beside the snapshot's robustness status so that the task worker finds the few runs
    # still waiting for their grid through an index, not by reading every run's JSON.
    robustness_pending = models.BooleanField(
        _("robustness grid pending"), default=False, help_text=_("The task worker has yet to compute it.")
    )

    class Meta:
        verbose_name = _("QCA run")
        verbose_name_plural = _("QCA runs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["robustness_pending"],
                condition=models.Q(robustness_pending=True),
                name="qcarun_robustness_pending",
            )
        ]

    def __str__(self):
        return f"{self.study} · {self.created_at:%Y-%m-%d %H:%M}"


# Registered here so that Django finds it in the analysis app; it lives with the agreement code.
from analysis.agreement.models import ConsensusCoding  # noqa: E402, F401
