"""What a REFI project carries that qualcase's own models have no place for: free notes and sets.

Memos that do have a place go there (a code's Description to its definition, a segment's to its
codings' memo, a case's to the case); the rest is kept here so that nothing is dropped silently
and a round trip gives it back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Note(models.Model):
    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="exchange_notes")
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The note's plain text (NFC, \\n line endings).")
    )
    document = models.ForeignKey(
        "coding.Document",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exchange_notes",
        help_text=_("The document the note is about, if any."),
    )
    code = models.ForeignKey(
        "coding.Code",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exchange_notes",
        help_text=_("The code the note is about, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported note")
        verbose_name_plural = _("imported notes")
        ordering = ["project_id", "id"]

    def __str__(self):
        return self.title or str(self.pk)


class Set(models.Model):
    project = models.ForeignKey("coding.Project", on_delete=models.CASCADE, related_name="exchange_sets")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    codes = models.ManyToManyField("coding.Code", blank=True, related_name="exchange_sets")
    documents = models.ManyToManyField("coding.Document", blank=True, related_name="exchange_sets")
    notes = models.ManyToManyField(Note, blank=True, related_name="sets")

    class Meta:
        verbose_name = _("set")
        verbose_name_plural = _("sets")
        ordering = ["project_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="exchange_set_name_not_empty")
        ]

    def __str__(self):
        return self.name
