"""Codebook pages, included under projects/<project_id>/."""

from django.urls import path

from coding.codebook import views

urlpatterns = [
    path("codebook/", views.codebook_page, name="codebook-page"),
    path("codebook/history/", views.history_page, name="codebook-history-page"),
    path("codebook/history/<int:change_id>/restore/", views.change_restore, name="codebook-restore"),
    path("codebook/import/", views.import_page, name="codebook-import-page"),
    path("codebook/<int:code_id>/", views.code_page, name="codebook-code"),
    path("codebook/<int:code_id>/move/", views.code_move, name="codebook-move"),
    path("codebook/<int:code_id>/example/", views.code_example, name="codebook-example"),
    path("codebook/<int:code_id>/merge/", views.code_merge, name="codebook-merge"),
    path("codebook/<int:code_id>/split/", views.code_split, name="codebook-split"),
    path("codebook/<int:code_id>/archive/", views.code_archive, name="codebook-archive"),
    path("codebook/<int:code_id>/delete/", views.code_delete, name="codebook-delete"),
]
