from django.contrib import admin

from accounts.models import Invitation, Profile, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["signup_policy"]
    list_filter = ["signup_policy"]
    search_fields = ["signup_domains"]

    def has_add_permission(self, request):
        return False  # one row (id 1), made on first use


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "language"]
    search_fields = ["user__username", "display_name"]
    list_filter = ["language"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # The token hash is no secret but is of no use to anyone: it stays out of the forms.
    list_display = ["project", "email", "role", "created_by", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["project__name", "email"]
    list_filter = ["role", "created_at"]
    exclude = ["token_hash"]
    raw_id_fields = ["project", "created_by", "accepted_by", "revoked_by"]

    def has_add_permission(self, request):
        return False  # made with a token only on the Invitations page or through the API
