from django.urls import path

from exchange.api import ProjectExportViewSet, ProjectImportView

urlpatterns = [
    path("projects/import/qdpx/", ProjectImportView.as_view(), name="project-import-qdpx"),
    path(
        "projects/<int:project_id>/export.qdpx",
        ProjectExportViewSet.as_view({"get": "retrieve"}),
        name="project-export-qdpx",
    ),
]
