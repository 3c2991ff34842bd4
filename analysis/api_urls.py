"""API routes of the analysis app, included by config/api_urls.py."""

from analysis.agreement.api_urls import urlpatterns as agreement_urls
from analysis.matrices.api_urls import urlpatterns as matrix_urls
from analysis.studies.api_urls import urlpatterns as study_urls

urlpatterns = [*matrix_urls, *study_urls, *agreement_urls]
