"""Consensus codings: the agreed version of two coders' codings, who settled it and when.

Imported by analysis/models.py so that Django registers it in the analysis app. The coding itself
is an ordinary `Coding` of the project's consensus coder (a user made for that, who cannot log
in), so everything that reads codings — matrices, QCA sets, exports — can read the consensus.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsensusCoding(models.Model):
    class Action(models.TextChoices):
        KEEP_A = "keep_a", _("kept A's coding")
        KEEP_B = "keep_b", _("kept B's coding")
        KEEP_BOTH = "keep_both", _("kept both codings")
        AGREED = "agreed", _("wrote an agreed coding")

    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="consensus_codings")
    coding = models.OneToOneField(
        "coding.Coding",
        on_delete=models.CASCADE,
        related_name="consensus",
        help_text=_("The consensus coder's coding this decision made."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source_codings = models.JSONField(
        _("settled codings"),
        default=list,
        blank=True,
        help_text=_("Ids of the two coders' codings this decision settled."),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The member who settled the disagreement."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), auto_now_add=True)

    class Meta:
        app_label = "analysis"
        verbose_name = _("consensus coding")
        verbose_name_plural = _("consensus codings")
        ordering = ["-resolved_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["keep_a", "keep_b", "keep_both", "agreed"]),
                name="consensus_coding_action_valid",
            )
        ]

    def __str__(self):
        return f"{self.coding_id} {self.action}"
