"""Pages of the analysis app, included by config/urls.py under /projects/{id}/analysis/."""

from analysis.agreement.urls import urlpatterns as agreement_urls
from analysis.matrices.urls import urlpatterns as matrix_urls
from analysis.studies.urls import urlpatterns as study_urls

urlpatterns = [*matrix_urls, *study_urls, *agreement_urls]
