import pytest
from django.contrib.auth import get_user_model

from accounts import services
from tests.conftest import PASSWORD


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="ada", email="ada@example.org", password=PASSWORD
    )


@pytest.fixture
def invitation(project, owner):
    """A pending link for a coder, and its token."""
    return services.invitation_create(project=project, by=owner, role="coder")
