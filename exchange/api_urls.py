from django.urls import path

from exchange.api import NoteViewSet, ProjectExportViewSet, ProjectImportView, SetViewSet

LIST = {"get": "list"}
DETAIL = {"get": "retrieve", "delete": "destroy"}

urlpatterns = [
    path("projects/import/qdpx/", ProjectImportView.as_view(), name="project-import-qdpx"),
    path(
        "projects/<int:project_id>/export.qdpx",
        ProjectExportViewSet.as_view({"get": "retrieve"}),
        name="project-export-qdpx",
    ),
    path("projects/<int:project_id>/notes/", NoteViewSet.as_view(LIST), name="exchange-note-list"),
    path("projects/<int:project_id>/notes/<int:pk>/", NoteViewSet.as_view(DETAIL), name="exchange-note-detail"),
    path("projects/<int:project_id>/sets/", SetViewSet.as_view(LIST), name="exchange-set-list"),
    path("projects/<int:project_id>/sets/<int:pk>/", SetViewSet.as_view(DETAIL), name="exchange-set-detail"),
]
