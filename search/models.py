"""Search index, project dictionary, stop words, re-segmentation jobs and auto-coding runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coding.models import Code, Coding, Document, Project


class DocumentIndex(models.Model):
    """A document's segmentation, made once when the document is created or the dictionary changes.

    `terms` feeds the database's index (a GIN index over its words on PostgreSQL, an FTS5 table on
    SQLite, both created in migrations); `spans` locates every token so hits need no re-segmenting.
    """

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="search_index"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    terms = models.TextField(
        _("terms"), help_text=_("The document's distinct lower-case terms, separated by spaces.")
    )
    spans = models.JSONField(
        _("token spans"),
        default=list,
        help_text=_("Start and end code point of every token, flattened: [start0, end0, start1, end1, …]."),
    )
    dictionary_version = models.PositiveIntegerField(
        _("dictionary version"),
        default=0,
        help_text=_("The project dictionary version it was segmented with."),
    )
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")
        indexes = [
            models.Index(fields=["project", "dictionary_version"], name="search_index_project_version")
        ]

    def __str__(self):
        return f"{self.document_id} v{self.dictionary_version}"


class SearchSettings(models.Model):
    """Per project: the dictionary version (bumped on every change) and whether stop words were seeded."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="+")
    dictionary_version = models.PositiveIntegerField(_("dictionary version"), default=0)
    stop_words_seeded = models.BooleanField(_("stop words seeded"), default=False)

    class Meta:
        verbose_name = _("search settings")
        verbose_name_plural = _("search settings")

    def __str__(self):
        return f"{self.project_id} v{self.dictionary_version}"


class DictionaryTerm(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Added by an editor")
        CODE = "code", _("A code name")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dictionary_terms")
    term = models.CharField(_("term"), max_length=100, help_text=_("A domain term jieba must keep whole."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dictionary term")
        verbose_name_plural = _("dictionary terms")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["project", "term"], name="dictionary_term_unique_per_project"),
            models.CheckConstraint(condition=~Q(term=""), name="dictionary_term_not_empty"),
        ]

    def __str__(self):
        return self.term


class StopWord(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stop_words")
    word = models.CharField(
        _("word"), max_length=100, help_text=_("Lower case; left out of word frequencies.")
    )

    class Meta:
        verbose_name = _("stop word")
        verbose_name_plural = _("stop words")
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["project", "word"], name="stop_word_unique_per_project")
        ]

    def __str__(self):
        return self.word


class ReindexJob(models.Model):
    """Re-segmenting a project's documents after its dictionary changed, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    dictionary_version = models.PositiveIntegerField(_("dictionary version"))
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("documents done"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("re-segmentation job")
        verbose_name_plural = _("re-segmentation jobs")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.project_id} {self.status} {self.done}/{self.total}"


class AutoCodingRun(models.Model):
    """One auto-coding: the query and options that made its codings, so it can be traced and undone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    code = models.ForeignKey(Code, on_delete=models.SET_NULL, null=True, related_name="+")
    code_name = models.CharField(_("code name"), max_length=200, help_text=_("The code's name at the time."))
    query = models.TextField(
        _("query"), help_text=_("The search query, or the speaker whose turns were coded.")
    )
    options = models.JSONField(_("options"), default=dict, help_text=_("Extent, exact mode and filters."))
    codings = models.ManyToManyField(Coding, related_name="+", blank=True)
    codings_count = models.PositiveIntegerField(_("codings created"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("auto-coding run")
        verbose_name_plural = _("auto-coding runs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.code_name} ← {self.query}"
