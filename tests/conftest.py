"""Fixed users for permission tests: one per role, plus an outsider who belongs to no project."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from coding.models import Role
from coding.projects import services as project_services

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def fast_tests(settings):
    # Full-strength PBKDF2 costs ~0.3 s per user and the role matrix makes a thousand users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render {% static %} without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Login failures in memory, fresh for each test: the file cache under var/ outlives the run.
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-tests"},
    }
    from django.core.cache import caches

    caches["throttle"].clear()
    # Background tasks run in-process when enqueued (on commit), so a test sees their result; the
    # tests of the worker itself (tests/jobs/) start real worker processes on the database queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def default_language():
    # LocaleMiddleware activates the request's language in this thread and nothing switches it
    # back, so one zh-CN request would leave Chinese on for every later test of the run.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def make_user(username):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )


@pytest.fixture
def owner(db):
    return make_user("olivia")


@pytest.fixture
def editor(db):
    return make_user("edward")


@pytest.fixture
def coder(db):
    return make_user("cora")


@pytest.fixture
def second_coder(db):
    return make_user("cai")


@pytest.fixture
def viewer(db):
    return make_user("victor")


@pytest.fixture
def outsider(db):
    return make_user("oscar")


@pytest.fixture
def project(owner, editor, coder, second_coder, viewer):
    project = project_services.project_create(name="政社互动研究", description="A test study", owner=owner)
    project_services.membership_add(project=project, user=editor, role=Role.EDITOR)
    project_services.membership_add(project=project, user=coder, role=Role.CODER)
    project_services.membership_add(project=project, user=second_coder, role=Role.CODER)
    project_services.membership_add(project=project, user=viewer, role=Role.VIEWER)
    return project


@pytest.fixture
def other_project(outsider):
    return project_services.project_create(name="Another study", owner=outsider)


@pytest.fixture
def api():
    """A client factory: api(user) is authenticated as that user, api() anonymous."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
