"""Pages of the analysis app, included by config/urls.py under /projects/{id}/analysis/."""

from django.urls import path

from analysis import study_views, views

urlpatterns = [
    path("", views.analysis_home, name="analysis-home"),
    path("matrices/<slug:name>/", views.matrix_page, name="matrix-page"),
    path("passages/", views.passages_page, name="passages-page"),
    path("qca/", study_views.study_list_page, name="qca-study-list-page"),
    path("qca/<int:study_id>/", study_views.study_page, name="qca-study-page"),
    path("qca/<int:study_id>/runs/<int:run_id>/", study_views.run_page, name="qca-run-page"),
]
