"""API routes of QCA studies and runs, included by analysis/api_urls.py."""

from django.urls import path

from analysis.studies.api import (
    RunDetail,
    RunFile,
    RunList,
    SetDetail,
    SetList,
    SetOverride,
    SetPreview,
    SetScore,
    StudyDetail,
    StudyList,
    StudyMatrix,
)

PREFIX = "projects/<int:project_id>/qca-studies/"
STUDY = PREFIX + "<int:study_id>/"
RUN = STUDY + "runs/<int:run_id>/"

urlpatterns = [
    path(PREFIX, StudyList.as_view(), name="qca-study-list"),
    path(STUDY, StudyDetail.as_view(), name="qca-study-detail"),
    path(STUDY + "sets/", SetList.as_view(), name="qca-set-list"),
    path(STUDY + "sets/<int:set_id>/", SetDetail.as_view(), name="qca-set-detail"),
    path(STUDY + "sets/<int:set_id>/scores/", SetScore.as_view(), name="qca-set-scores"),
    path(STUDY + "sets/<int:set_id>/overrides/", SetOverride.as_view(), name="qca-set-overrides"),
    path(STUDY + "sets/<int:set_id>/preview/", SetPreview.as_view(), name="qca-set-preview"),
    path(STUDY + "matrix/", StudyMatrix.as_view(), name="qca-study-matrix"),
    path(STUDY + "runs/", RunList.as_view(), name="qca-run-list"),
    path(RUN, RunDetail.as_view(), name="qca-run-detail"),
    path(RUN + "files/<str:filename>", RunFile.as_view(), name="qca-run-file"),
]
