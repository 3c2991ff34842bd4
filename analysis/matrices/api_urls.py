"""API routes of matrix and passage downloads, included by analysis/api_urls.py."""

from django.urls import path

from analysis.matrices.api import matrix_views, passage_views

urlpatterns = [
    path(f"projects/<int:project_id>/exports/{name}.{fmt}", view.as_view(), name=f"export-{name}-{fmt}")
    for views in (matrix_views(), passage_views())
    for name, fmt, view in views
]
