"""Routes of the codebook API, included under /api/ beside config/api_urls.py."""

from django.urls import path

from coding.codebook.api import (
    CodebookFileViewSet,
    CodebookHistoryViewSet,
    CodebookViewSet,
    CodeOperationViewSet,
)

P = "projects/<int:project_id>/"


def operation(name, method="post", action=None):
    action = action or name.replace("-", "_")
    return path(
        f"{P}codes/<int:pk>/{name}/",
        CodeOperationViewSet.as_view({method: action}),
        name=f"code-{name}",
    )


urlpatterns = [
    path(f"{P}codebook/", CodebookViewSet.as_view({"get": "list"}), name="codebook-tree"),
    path(
        f"{P}codebook/file/",
        CodebookFileViewSet.as_view({"get": "retrieve", "post": "create"}),
        name="codebook-file",
    ),
    path(f"{P}codebook/history/", CodebookHistoryViewSet.as_view({"get": "list"}), name="codebook-history"),
    path(
        f"{P}codebook/history/<int:pk>/restore/",
        CodebookHistoryViewSet.as_view({"post": "restore"}),
        name="codebook-change-restore",
    ),
    operation("move"),
    operation("merge"),
    operation("split"),
    operation("archive"),
    operation("unarchive"),
    operation("delete-preview", "get"),
    operation("history", "get"),
]
