"""Case pages, included under projects/<project_id>/."""

from django.urls import path

from cases import views

urlpatterns = [
    path("cases/", views.case_grid, name="case-grid"),
    path("cases/import/", views.case_import, name="case-import"),
    path("cases/export.csv", views.case_export, {"file_format": "csv"}, name="case-export-csv"),
    path("cases/export.xlsx", views.case_export, {"file_format": "xlsx"}, name="case-export-xlsx"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
]
