"""Projects, membership, documents, the codebook and codings.

Models hold fields, constraints and small properties; the rules that need more than one row
(same-project checks, offsets within the text, role checks) live in services.py.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    CODER = "coder", _("Coder")
    VIEWER = "viewer", _("Viewer")


# Each role can do everything the roles after it can.
ROLE_RANK = {Role.VIEWER: 0, Role.CODER: 1, Role.EDITOR: 2, Role.OWNER: 3}


def role_at_least(role, minimum):
    return ROLE_RANK[Role(role)] >= ROLE_RANK[Role(minimum)]


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("The study's name, shown to its members."))
    description = models.TextField(_("description"), blank=True, help_text=_("What the study is about."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The user who created the project; they became its first owner."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_("Set while the project is archived: then it is read-only for everyone."),
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Role.choices,
        help_text=_(
            "viewer reads; coder also codes; editor also manages documents, codebook and cases; "
            "owner also manages members."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("project membership", "membership")
        verbose_name_plural = pgettext_lazy("project membership", "memberships")
        ordering = ["project_id", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user_per_project"),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.project} · {self.role}"


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("The case this document belongs to (at most one)."),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"),
        help_text=_(
            "The transcript, stored in Unicode NFC with \\n line endings; offsets count code points."
        ),
    )
    language = models.CharField(
        _("language"), max_length=20, blank=True, help_text=_("Main language, as a BCP 47 tag: zh, en, …")
    )
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        db_index=True,
        help_text=_("SHA-256 of the stored text, to spot the same transcript imported twice."),
    )
    interview_id = models.CharField(_("interview ID"), max_length=100, blank=True)
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    interviewee_role = models.CharField(_("interviewee role"), max_length=200, blank=True)
    extra_metadata = models.JSONField(
        _("other metadata"), default=dict, blank=True, help_text=_("Free fields: name → text.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["project", "title"], name="document_project_title")]

    def __str__(self):
        return self.title


color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class Code(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The parent code in the codebook tree; empty for a top-level code."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Unique among its siblings."))
    definition = models.TextField(_("definition"), blank=True)
    inclusion_criteria = models.TextField(_("inclusion criteria"), blank=True)
    exclusion_criteria = models.TextField(_("exclusion criteria"), blank=True)
    example = models.TextField(_("example"), blank=True)
    color = models.CharField(
        _("colour"), max_length=7, default="#4e79a7", validators=[color_validator], help_text=_("#rrggbb")
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position among its siblings."))
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Archived codes are hidden from the code picker but keep their codings."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by each change; send it back with a change to be refused (409) if stale."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["order", "name", "id"]
        constraints = [
            # Two partial indexes because NULL parents never collide in a plain unique index.
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False),
                name="code_unique_name_among_siblings",
            ),
            models.UniqueConstraint(
                fields=["project", "name"],
                condition=Q(parent__isnull=True),
                name="code_unique_top_level_name",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="code_not_own_parent"),
            models.CheckConstraint(condition=~Q(name=""), name="code_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class CodebookChange(models.Model):
    """One change to the codebook: who, when, what before and after, enough to restore it.

    `code_ref` keeps the code's id after the code itself is gone (deleted or merged away), so a
    code's history and the restore of a deleted code still find it.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        MOVE = "move", _("moved")
        MERGE = "merge", _("merged")
        SPLIT = "split", _("split")
        ARCHIVE = "archive", _("archived")
        UNARCHIVE = "unarchive", _("restored from the archive")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored from history")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codebook_changes")
    code = models.ForeignKey(
        Code,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        help_text=_("The code changed, while it exists."),
    )
    code_ref = models.PositiveIntegerField(
        _("code id"), db_index=True, help_text=_("The changed code's id, kept after it is deleted.")
    )
    code_name = models.CharField(_("code name"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    before = models.JSONField(
        _("before"), null=True, blank=True, help_text=_("The code's fields before the change.")
    )
    after = models.JSONField(
        _("after"), null=True, blank=True, help_text=_("The code's fields after the change.")
    )
    snapshot = models.JSONField(
        _("snapshot"),
        null=True,
        blank=True,
        help_text=_("For deletions and merges: the codes and codings that went, to restore them."),
    )

    class Meta:
        verbose_name = _("codebook change")
        verbose_name_plural = _("codebook changes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "create",
                        "update",
                        "move",
                        "merge",
                        "split",
                        "archive",
                        "unarchive",
                        "delete",
                        "restore",
                    ]
                ),
                name="codebook_change_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.code_name} {self.action}"


class Coding(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings")
    start = models.PositiveIntegerField(
        _("start"), help_text=_("First code point of the passage in the stored text (0-based).")
    )
    end = models.PositiveIntegerField(_("end"), help_text=_("Code point just after the passage (exclusive)."))
    quote = models.TextField(
        _("quote"), help_text=_("The covered text when the coding was made, kept to detect drift.")
    )
    memo = models.TextField(_("memo"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        ordering = ["document_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="coding_start_not_negative"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="coding_end_after_start"),
            models.UniqueConstraint(
                fields=["document", "code", "coder", "start", "end"], name="coding_unique_span_per_coder"
            ),
        ]
        indexes = [
            models.Index(fields=["document", "start"], name="coding_document_start"),
            models.Index(fields=["code", "document"], name="coding_code_document"),
            # The coding page's ETag counts a document's codings and takes their latest stamp on
            # every request: from this index alone, without reading the rows (issue 20).
            models.Index(fields=["document", "updated_at"], name="coding_document_updated"),
        ]

    def __str__(self):
        return f"{self.code} [{self.start}, {self.end})"


class WorkspaceChange(models.Model):
    """One change that open coding pages pick up: a coding created, changed or deleted in a
    document, or a code of the project's codebook changed. A deletion stays here as a tombstone.

    The id orders the log: a page asks for the entries after the last id it saw, so a poll when
    nothing changed is one index lookup that finds nothing. Writers lock the project row before
    adding entries (coding/codings/revisions.py), so within a project ids rise in commit order.
    """

    class Kind(models.TextChoices):
        CODING = "coding", _("coding")
        CODE = "code", _("code")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The coding's document; empty for a codebook change, which every page takes."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(
        _("object id"), help_text=_("The coding's or code's id, kept after it is deleted.")
    )
    deleted = models.BooleanField(_("deleted"), default=False, help_text=_("A tombstone: the object is gone."))

    class Meta:
        verbose_name = _("workspace change")
        verbose_name_plural = _("workspace changes")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["coding", "code"]), name="workspace_change_kind_valid"),
        ]
        indexes = [models.Index(fields=["project", "id"], name="workspace_change_project_id")]

    def __str__(self):
        return f"{self.kind} {self.object_id}{' deleted' if self.deleted else ''}"


class SourceFile(models.Model):
    """The file a document was imported from, byte for byte, so researchers can always go back to it.

    Kept in the database rather than on disk: it is written and rolled back in the same transaction
    as its document, so a refused or failed import leaves nothing behind, and backups hold it.
    """

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="source_file")
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), help_text=_("In bytes."))
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, db_index=True, help_text=_("Hash of the file's bytes as uploaded.")
    )
    encoding = models.CharField(
        _("encoding"), max_length=40, blank=True, help_text=_("Text encoding a plain-text file was read in.")
    )
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("source file")
        verbose_name_plural = _("source files")

    def __str__(self):
        return self.filename


class SpeakerTurn(models.Model):
    """One speaker's turn in a transcript, as a span [start, end) of the stored text in code points."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveIntegerField(
        _("index"), help_text=_("Position of the turn in the document, from 0.")
    )
    start = models.PositiveIntegerField(_("start"), help_text=_("Code point where the turn starts."))
    end = models.PositiveIntegerField(_("end"), help_text=_("Code point just after the turn (exclusive)."))
    speaker = models.CharField(
        _("speaker"), max_length=100, help_text=_("The label before the colon: 问, 答, a name…")
    )
    timestamp = models.CharField(
        _("timestamp"), max_length=20, blank=True, help_text=_("hh:mm:ss when given.")
    )

    class Meta:
        verbose_name = _("speaker turn")
        verbose_name_plural = _("speaker turns")
        ordering = ["document_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="speaker_turn_unique_index"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="speaker_turn_end_after_start"),
        ]

    def __str__(self):
        return f"{self.speaker} [{self.start}, {self.end})"


class ProjectActivity(models.Model):
    """One change to who is in a project, or to the project's state: the project's activity list."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("joined")
        ROLE_CHANGED = "role_changed", _("role changed")
        REMOVED = "removed", _("removed")
        INVITED = "invited", _("invited")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        OWNERSHIP_TRANSFERRED = "ownership_transferred", _("ownership transferred")
        ARCHIVED = "archived", _("archived")
        UNARCHIVED = "unarchived", _("unarchived")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member the event is about, if any."),
    )
    subject_name = models.CharField(
        _("about"),
        max_length=254,
        blank=True,
        help_text=_("Username or e-mail the event is about, kept when the account is gone."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who made the change (empty for the system)."),
    )
    old_role = models.CharField(_("old role"), max_length=10, blank=True, choices=Role.choices)
    new_role = models.CharField(_("new role"), max_length=10, blank=True, choices=Role.choices)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("project activity")
        verbose_name_plural = _("project activity")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "joined",
                        "role_changed",
                        "removed",
                        "invited",
                        "invitation_revoked",
                        "ownership_transferred",
                        "archived",
                        "unarchived",
                    ]
                ),
                name="project_activity_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.kind} {self.subject_name}"
