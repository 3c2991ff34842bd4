"""The demo's two coders agree realistically but not perfectly, so the agreement table means something."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from analysis.agreement import compute, selectors
from coding.models import Code, Coding, Project
from demo.management.commands.load_demo import DEMO_DIR

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_project(django_db_setup, django_db_blocker):
    study = json.loads((DEMO_DIR / "study.json").read_text(encoding="utf-8"))
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("load_demo", stdout=io.StringIO())
        project = Project.objects.get(name=study["project"]["name"])
        yield project
        Coding.objects.filter(document__project=project).delete()
        while project.codes.exists():  # Code.parent protects parents: remove leaves first
            project.codes.filter(children=None).delete()
        project.delete()
        get_user_model().objects.filter(username__in=[user["username"] for user in study["users"]]).delete()


def test_most_codes_have_an_alpha_between_0_6_and_0_85_and_none_agrees_perfectly(demo_project, db):
    users = get_user_model().objects
    coders = [users.get(username=name).pk for name in ("li.wei", "chen.jing")]
    codes = Code.objects.filter(project=demo_project)
    leaves = list(codes.filter(children=None).values_list("id", flat=True))
    categories, result = selectors.agreement_table(
        project=demo_project, scope=selectors.Scope(coder_ids=coders, code_ids=leaves, subtree=False)
    )
    alphas = {c.path: result.per_category[c.id][compute.ALPHA_UNITIZED_BINARY].value for c in categories}
    inside = [path for path, value in alphas.items() if value is not None and 0.6 <= value <= 0.85]
    assert len(alphas) >= 15
    assert len(inside) >= 0.75 * len(alphas), alphas
    assert all(value is not None and value < 0.99 for value in alphas.values()), alphas
    kappa = result.overall[compute.KAPPA].value
    assert 0.5 < kappa < 0.9
