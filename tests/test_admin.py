"""Every model is in the admin with search and filters, and its pages load."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from tests.factories import make_attribute, make_case, make_code, make_coding, make_document

APP_MODELS = [model for app in ("coding", "cases") for model in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", APP_MODELS, ids=lambda model: model.__name__)
def test_every_model_is_registered_with_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields and model_admin.list_filter


@pytest.fixture
def staff_client(client, project, owner, coder):
    document = make_document(project, owner)
    make_coding(document, make_code(project), coder)
    make_attribute(project)
    make_case(project)
    superuser = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-admin-123456")
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", APP_MODELS, ids=lambda model: model.__name__)
def test_admin_lists_search_and_add_forms_load(model, staff_client):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert staff_client.get(base, {"q": "合谋"}).status_code == 200
    assert staff_client.get(base).status_code == 200
    assert staff_client.get(f"{base}add/").status_code == 200
