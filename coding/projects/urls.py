"""Project pages, included under projects/<project_id>/."""

from django.urls import path

from coding.projects import views

urlpatterns = [
    path("members/", views.members_page, name="project-members"),
    path("settings/", views.settings_page, name="project-settings"),
    path("delete/", views.delete_page, name="project-delete"),
    path("copy-codebook/", views.copy_codebook, name="project-copy-codebook"),
    path("activity/", views.activity_page, name="project-activity"),
]
