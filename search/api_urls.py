"""API routes of the search app, included by config/api_urls.py."""

from django.urls import path

from search.api import (
    AutoCodingViewSet,
    DictionaryStatusViewSet,
    DictionaryViewSet,
    SearchViewSet,
    StopWordViewSet,
    WordFrequencyViewSet,
)

P = "projects/<int:project_id>"

urlpatterns = [
    path(f"{P}/search/", SearchViewSet.as_view({"get": "list"}), name="search"),
    path(
        f"{P}/dictionary/",
        DictionaryViewSet.as_view({"get": "list", "post": "create"}),
        name="dictionary-list",
    ),
    path(
        f"{P}/dictionary/status/",
        DictionaryStatusViewSet.as_view({"get": "retrieve"}),
        name="dictionary-status",
    ),
    path(
        f"{P}/dictionary/<int:pk>/",
        DictionaryViewSet.as_view({"delete": "destroy"}),
        name="dictionary-detail",
    ),
    path(
        f"{P}/stop-words/", StopWordViewSet.as_view({"get": "list", "post": "create"}), name="stop-word-list"
    ),
    path(
        f"{P}/stop-words/<int:pk>/", StopWordViewSet.as_view({"delete": "destroy"}), name="stop-word-detail"
    ),
    path(f"{P}/word-frequencies/", WordFrequencyViewSet.as_view({"get": "list"}), name="word-frequencies"),
    path(
        f"{P}/word-frequencies.csv",
        WordFrequencyViewSet.as_view({"get": "list"}),
        {"fmt": "csv"},
        name="word-frequencies-csv",
    ),
    path(
        f"{P}/auto-coding/",
        AutoCodingViewSet.as_view({"get": "list", "post": "create"}),
        name="auto-coding-list",
    ),
    path(
        f"{P}/auto-coding/preview/",
        AutoCodingViewSet.as_view({"post": "preview"}),
        name="auto-coding-preview",
    ),
    path(
        f"{P}/auto-coding/<int:pk>/undo/",
        AutoCodingViewSet.as_view({"post": "undo"}),
        name="auto-coding-undo",
    ),
]
