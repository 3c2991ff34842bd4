"""Document pages, included under projects/<project_id>/."""

from django.urls import path

from coding.documents import views

urlpatterns = [
    path("documents/", views.document_list, name="project-documents"),
    path("documents/import/", views.document_import, name="document-import-page"),
    path("documents/<int:document_id>/edit/", views.document_edit, name="document-edit"),
    path("documents/<int:document_id>/delete/", views.document_delete, name="document-delete"),
    path(
        "documents/<int:document_id>/original/",
        views.document_original,
        name="document-original-file",
    ),
]
