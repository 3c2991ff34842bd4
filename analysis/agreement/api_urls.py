"""Agreement API routes, included by analysis/api_urls.py."""

from django.urls import path

from analysis.agreement import api

urlpatterns = [
    path("projects/<int:project_id>/agreement/", api.AgreementTable.as_view(), name="agreement-table"),
    path(
        "projects/<int:project_id>/agreement/documents/<int:document_id>/disagreements/",
        api.Disagreements.as_view(),
        name="agreement-disagreements",
    ),
    path("projects/<int:project_id>/agreement/resolve/", api.Resolve.as_view(), name="agreement-resolve"),
    path(
        "projects/<int:project_id>/exports/agreement.csv",
        api.AgreementCsv.as_view(),
        name="export-agreement-csv",
    ),
    path(
        "projects/<int:project_id>/exports/agreement.xlsx",
        api.AgreementXlsx.as_view(),
        name="export-agreement-xlsx",
    ),
]
