"""Pages of matrices and coded passages, included by analysis/urls.py under /projects/{id}/analysis/."""

from django.urls import path

from analysis.matrices import views

urlpatterns = [
    path("", views.analysis_home, name="analysis-home"),
    path("matrices/<slug:name>/", views.matrix_page, name="matrix-page"),
    path("passages/", views.passages_page, name="passages-page"),
]
