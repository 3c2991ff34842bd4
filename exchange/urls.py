from django.urls import path

from exchange import views

urlpatterns = [
    path("projects/import/", views.import_page, name="project-import-page"),
    path("projects/<int:project_id>/exchange/", views.export_page, name="project-export-page"),
    path("projects/<int:project_id>/exchange/download/", views.download, name="project-export-download"),
]
