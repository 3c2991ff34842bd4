"""Pages of QCA studies, included by analysis/urls.py under /projects/{id}/analysis/."""

from django.urls import path

from analysis.studies import views

urlpatterns = [
    path("qca/", views.study_list_page, name="qca-study-list-page"),
    path("qca/<int:study_id>/", views.study_page, name="qca-study-page"),
    path("qca/<int:study_id>/runs/<int:run_id>/", views.run_page, name="qca-run-page"),
]
