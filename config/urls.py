from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.urls import project_urlpatterns as project_account_urls
from coding.codings import views as coding_views
from coding.projects import views as project_views
from config import throttle

urlpatterns = [
    path("", project_views.home, name="home"),
    path("projects/<int:project_id>/", project_views.project_home, name="project-home"),
    path("projects/<int:project_id>/analysis/", include("analysis.urls")),
    path("projects/<int:project_id>/search/", include("search.urls")),
    path(
        "projects/<int:project_id>/documents/<int:document_id>/",
        coding_views.document_page,
        name="document-page",
    ),
    path("projects/<int:project_id>/", include("coding.documents.urls")),
    path("projects/<int:project_id>/", include("cases.urls")),
    path("projects/<int:project_id>/", include("coding.codebook.urls")),
    path("projects/<int:project_id>/", include("coding.projects.urls")),
    path("projects/<int:project_id>/", include(project_account_urls)),
    path("", include("exchange.urls")),
    path("accounts/login/", throttle.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("api/", include("coding.codebook.api_urls")),
    path("api/", include("exchange.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
