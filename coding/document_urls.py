"""Document pages, included under projects/<project_id>/."""

from django.urls import path

from coding import document_views

urlpatterns = [
    path("documents/", document_views.document_list, name="project-documents"),
    path("documents/import/", document_views.document_import, name="document-import-page"),
    path("documents/<int:document_id>/edit/", document_views.document_edit, name="document-edit"),
    path("documents/<int:document_id>/delete/", document_views.document_delete, name="document-delete"),
    path(
        "documents/<int:document_id>/original/",
        document_views.document_original,
        name="document-original-file",
    ),
]
