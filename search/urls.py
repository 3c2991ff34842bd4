"""Pages of the search app, included by config/urls.py under projects/<project_id>/search/."""

from django.urls import path

from search import views

urlpatterns = [
    path("", views.search_page, name="search-page"),
    path("runs/<int:run_id>/undo/", views.autocoding_undo_page, name="search-run-undo"),
    path("words/", views.frequencies_page, name="search-frequencies"),
    path("dictionary/", views.dictionary_page, name="search-dictionary"),
]
