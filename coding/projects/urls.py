"""Project pages, included under projects/<project_id>/."""

from django.urls import path

from coding.projects import views

urlpatterns = [
    path("members/", views.members_page, name="project-members"),
]
