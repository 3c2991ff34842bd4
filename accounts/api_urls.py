"""Routes of the accounts API under /api/."""

from django.urls import path

from accounts import api

urlpatterns = [
    path("accounts/signup/", api.SignupViewSet.as_view({"post": "create"}), name="api-signup"),
    path(
        "accounts/me/",
        api.ProfileViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-me",
    ),
    path(
        "accounts/me/email/confirm/send/",
        api.EmailConfirmationViewSet.as_view({"post": "send"}),
        name="api-email-confirm-send",
    ),
    path(
        "accounts/me/email/confirm/",
        api.EmailConfirmationViewSet.as_view({"post": "confirm"}),
        name="api-email-confirm",
    ),
    path(
        "accounts/password/change/",
        api.PasswordViewSet.as_view({"post": "change"}),
        name="api-password-change",
    ),
    path(
        "accounts/password/reset/", api.PasswordViewSet.as_view({"post": "reset"}), name="api-password-reset"
    ),
    path(
        "accounts/password/reset/confirm/",
        api.PasswordViewSet.as_view({"post": "reset_confirm"}),
        name="api-password-reset-confirm",
    ),
    path(
        "site/settings/",
        api.SiteSettingsViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-site-settings",
    ),
    path("site/users/", api.SiteUserViewSet.as_view({"get": "list"}), name="api-site-users"),
    *[
        path(
            f"site/users/<int:pk>/{name}/",
            api.SiteUserViewSet.as_view({"post": name.replace("-", "_")}),
            name=f"api-site-user-{name}",
        )
        for name in ("deactivate", "reactivate", "reset-password")
    ],
    path(
        "projects/<int:project_id>/invitations/",
        api.InvitationViewSet.as_view({"get": "list", "post": "create"}),
        name="invitation-list",
    ),
    path(
        "projects/<int:project_id>/invitations/<int:pk>/",
        api.InvitationViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="invitation-detail",
    ),
    path(
        "invitations/preview/",
        api.InvitationAcceptViewSet.as_view({"post": "preview"}),
        name="api-invitation-preview",
    ),
    path(
        "invitations/accept/",
        api.InvitationAcceptViewSet.as_view({"post": "accept"}),
        name="api-invitation-accept",
    ),
]
