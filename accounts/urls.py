"""Account pages. Login and logout are Django's own views, routed in config/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import emails, views

RESET_DONE = reverse_lazy("password-reset-done")

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/change/", views.password_change, name="password-change"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=emails.QueuedPasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=RESET_DONE,
        ),
        name="password-reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("login")
        ),
        name="password_reset_confirm",
    ),
    path("accounts/email/confirm/", views.email_confirm_send, name="email-confirm-send"),
    path("accounts/email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("accounts/site/", views.site_admin, name="site-admin"),
    path("invitations/<str:token>/", views.invitation_open, name="invitation-open"),
    path("setup/<str:token>/", views.setup, name="setup"),
]

# Included under projects/<int:project_id>/.
project_urlpatterns = [
    path("invitations/", views.invitations_page, name="project-invitations"),
]
