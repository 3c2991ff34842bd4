from django.urls import path

from exchange import views

urlpatterns = [
    path("projects/import/", views.import_page, name="project-import-page"),
    path("projects/<int:project_id>/exchange/", views.export_page, name="project-export-page"),
    path("projects/<int:project_id>/exchange/download/", views.download, name="project-export-download"),
    path("projects/<int:project_id>/exchange/notes/", views.notes_page, name="exchange-notes-page"),
    path(
        "projects/<int:project_id>/exchange/notes/<int:note_id>/delete/",
        views.note_delete,
        name="exchange-note-delete",
    ),
    path(
        "projects/<int:project_id>/exchange/sets/<int:set_id>/delete/",
        views.set_delete,
        name="exchange-set-delete",
    ),
]
