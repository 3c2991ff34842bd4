"""Agreement pages, included by analysis/urls.py under /projects/{id}/analysis/."""

from django.urls import path

from analysis.agreement import views

urlpatterns = [
    path("agreement/", views.agreement_page, name="agreement-page"),
    path("agreement/documents/<int:document_id>/", views.disagreements_page, name="agreement-document"),
]
