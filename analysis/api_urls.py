"""API routes of the analysis app, included by config/api_urls.py."""

from django.urls import path

from analysis.api import matrix_views, passage_views
from analysis.study_api import urlpatterns as study_urls

urlpatterns = [
    path(f"projects/<int:project_id>/exports/{name}.{fmt}", view.as_view(), name=f"export-{name}-{fmt}")
    for views in (matrix_views(), passage_views())
    for name, fmt, view in views
]
urlpatterns += study_urls
