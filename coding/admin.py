from django.contrib import admin

from coding.models import (
    Code,
    CodebookChange,
    Coding,
    Document,
    Membership,
    Project,
    ProjectActivity,
    SourceFile,
    SpeakerTurn,
    WorkspaceChange,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created_at"]
    search_fields = ["name", "description"]
    list_filter = ["created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role", "created_at"]
    search_fields = ["project__name", "user__username", "user__email"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "case", "interview_id", "interview_date", "place", "language"]
    search_fields = [
        "title",
        "interview_id",
        "place",
        "interviewee_role",
        "original_filename",
        "content_hash",
    ]
    list_filter = ["project", "language", "interview_date"]
    autocomplete_fields = ["project", "case"]
    readonly_fields = ["content_hash", "created_by", "created_at", "updated_at"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "parent", "order", "is_active", "color"]
    search_fields = ["name", "definition"]
    list_filter = ["project", "is_active"]
    autocomplete_fields = ["project", "parent"]


@admin.register(CodebookChange)
class CodebookChangeAdmin(admin.ModelAdmin):
    list_display = ["code_name", "action", "user", "created_at", "project"]
    search_fields = ["code_name"]
    list_filter = ["project", "action"]
    # History is a record: read it here, restore through the codebook.
    readonly_fields = [
        "project",
        "code",
        "code_ref",
        "code_name",
        "action",
        "user",
        "before",
        "after",
        "snapshot",
    ]


@admin.register(Coding)
class CodingAdmin(admin.ModelAdmin):
    list_display = ["code", "document", "coder", "start", "end", "created_at"]
    search_fields = ["quote", "memo", "code__name", "document__title", "coder__username"]
    list_filter = ["document__project", "coder", "code"]
    autocomplete_fields = ["document", "code", "coder"]
    readonly_fields = ["quote", "created_at", "updated_at"]


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "document", "size", "encoding", "sha256", "created_at"]
    search_fields = ["filename", "sha256", "document__title"]
    list_filter = ["media_type", "encoding", "document__project"]
    autocomplete_fields = ["document"]


@admin.register(SpeakerTurn)
class SpeakerTurnAdmin(admin.ModelAdmin):
    list_display = ["document", "index", "speaker", "timestamp", "start", "end"]
    search_fields = ["speaker", "document__title"]
    list_filter = ["document__project"]
    autocomplete_fields = ["document"]


@admin.register(ProjectActivity)
class ProjectActivityAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "subject_name", "actor", "old_role", "new_role", "created_at"]
    search_fields = ["project__name", "subject_name"]
    list_filter = ["kind", "created_at"]
    raw_id_fields = ["project", "subject", "actor"]


@admin.register(WorkspaceChange)
class WorkspaceChangeAdmin(admin.ModelAdmin):
    # The coding page's change log: read it to see what a page's poll would be sent.
    list_display = ["id", "project", "document", "kind", "object_id", "deleted"]
    search_fields = ["project__name", "document__title"]
    list_filter = ["kind", "deleted"]
    raw_id_fields = ["project", "document"]
