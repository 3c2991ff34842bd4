"""`manage.py load_demo --first-run` (what `make run` does): the demo only into a database without
accounts, with random passwords; demo accounts an administrator removed never come back."""

import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command

from coding.models import Project
from demo.management.commands.load_demo import DEMO_DIR

STUDY_USERS = json.loads((DEMO_DIR / "study.json").read_text(encoding="utf-8"))["users"]


def first_run():
    out = io.StringIO()
    call_command("load_demo", "--first-run", stdout=out)
    return out.getvalue()


def test_a_fresh_database_gets_the_demo_with_passwords_made_up_for_it(db):
    output = first_run()
    User = get_user_model()
    owner = User.objects.get(username=STUDY_USERS[0]["username"])
    assert Project.objects.exists()
    public = STUDY_USERS[0]["password"]
    assert not owner.check_password(public) and public not in output
    printed = next(line.split()[1] for line in output.splitlines() if line.strip().startswith(owner.username))
    assert owner.check_password(printed)
    assert "shown only now" in output


def test_deleted_demo_accounts_are_not_made_again(db):
    first_run()
    User = get_user_model()
    from coding.projects.services import project_delete

    for project in Project.objects.all():  # an administrator clears the demo: project, then accounts
        project_delete(project=project, confirm_name=project.name)
    User.objects.filter(username__in=[entry["username"] for entry in STUDY_USERS]).delete()
    User.objects.create_superuser("admin", "admin@example.org", "an-admin-password-42")
    output = first_run()
    assert "not loaded" in output
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_a_database_with_accounts_is_left_alone(db):
    get_user_model().objects.create_user("someone", password="a-long-password-42")
    assert "not loaded" in first_run()
    assert not Project.objects.exists()
