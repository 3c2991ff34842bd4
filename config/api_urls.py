"""Routes of the REST API under /api/. Explicit paths with int converters keep the schema typed."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

from cases.api import AttributeViewSet, CaseValueViewSet, CaseViewSet
from cases.table_api import CaseTableViewSet
from coding.codebook.api import CodeViewSet
from coding.codings.api import (
    CodingChangesViewSet,
    CodingViewSet,
    DocumentWorkspaceViewSet,
    WorkspaceChangesViewSet,
)
from coding.documents.api import (
    DocumentImportViewSet,
    DocumentOriginalViewSet,
    DocumentTurnsViewSet,
    DocumentViewSet,
)
from coding.projects.api import (
    ActivityViewSet,
    CopyCodebookViewSet,
    MemberViewSet,
    ProjectStateViewSet,
    ProjectViewSet,
)

COLLECTION = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}


def resource(prefix, viewset, basename):
    return [
        path(f"projects/<int:project_id>/{prefix}/", viewset.as_view(COLLECTION), name=f"{basename}-list"),
        path(
            f"projects/<int:project_id>/{prefix}/<int:pk>/",
            viewset.as_view(DETAIL),
            name=f"{basename}-detail",
        ),
    ]


urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("projects/", ProjectViewSet.as_view(COLLECTION), name="project-list"),
    path("projects/<int:project_id>/", ProjectViewSet.as_view(DETAIL), name="project-detail"),
    *resource("members", MemberViewSet, "member"),
    *[
        path(
            f"projects/<int:project_id>/{name}/",
            ProjectStateViewSet.as_view({method: name.replace("-", "_")}),
            name=f"project-{name}",
        )
        for name, method in [
            ("archive", "post"),
            ("unarchive", "post"),
            ("transfer", "post"),
            ("delete-preview", "get"),
        ]
    ],
    path(
        "projects/<int:project_id>/copy-codebook/",
        CopyCodebookViewSet.as_view({"post": "create"}),
        name="project-copy-codebook-api",
    ),
    path(
        "projects/<int:project_id>/activity/",
        ActivityViewSet.as_view({"get": "list"}),
        name="project-activity-api",
    ),
    # Before the documents resource so that "import" is never read as a document id.
    path(
        "projects/<int:project_id>/documents/import/",
        DocumentImportViewSet.as_view({"post": "create"}),
        name="document-import",
    ),
    path(
        "projects/<int:project_id>/documents/<int:pk>/original/",
        DocumentOriginalViewSet.as_view({"get": "retrieve"}),
        name="document-original",
    ),
    path(
        "projects/<int:project_id>/documents/<int:pk>/turns/",
        DocumentTurnsViewSet.as_view({"get": "list"}),
        name="document-turns",
    ),
    *resource("documents", DocumentViewSet, "document"),
    *resource("codes", CodeViewSet, "code"),
    *resource("codings", CodingViewSet, "coding"),
    path(
        "projects/<int:project_id>/documents/<int:pk>/codings-changes/",
        CodingChangesViewSet.as_view({"get": "retrieve"}),
        name="document-codings-changes",
    ),
    path(
        "projects/<int:project_id>/documents/<int:pk>/workspace/",
        DocumentWorkspaceViewSet.as_view({"get": "retrieve"}),
        name="document-workspace",
    ),
    path(
        "projects/<int:project_id>/documents/<int:pk>/workspace/changes/",
        WorkspaceChangesViewSet.as_view({"get": "retrieve"}),
        name="document-workspace-changes",
    ),
    path("", include("search.api_urls")),
    path("", include("accounts.api_urls")),
    path("", include("analysis.api_urls")),
    path(
        "projects/<int:project_id>/cases/table/",
        CaseTableViewSet.as_view({"get": "retrieve", "post": "create"}),
        name="case-table",
    ),
    *resource("cases", CaseViewSet, "case"),
    *resource("attributes", AttributeViewSet, "attribute"),
    path(
        "projects/<int:project_id>/cases/<int:case_id>/values/",
        CaseValueViewSet.as_view({"get": "list"}),
        name="case-value-list",
    ),
    path(
        "projects/<int:project_id>/cases/<int:case_id>/values/<int:attribute_id>/",
        CaseValueViewSet.as_view({"put": "update", "delete": "destroy"}),
        name="case-value-detail",
    ),
]
