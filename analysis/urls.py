"""Pages of the analysis app, included by config/urls.py under /projects/{id}/analysis/."""

from analysis.matrices.urls import urlpatterns as matrix_urls
from analysis.studies.urls import urlpatterns as study_urls

urlpatterns = [*matrix_urls, *study_urls]
