"""The worker's housekeeping: finished background work is pruned once older than
QUALCASE_JOB_KEEP_DAYS, and nothing waiting, running or recent is touched."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import emails
from accounts.models import OutgoingEmail
from accounts.tasks import send_email_task
from jobs import housekeeping

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def finished_task(age_days, status="SUCCESSFUL"):
    result = send_email_task.enqueue(email_id=0)
    finished = timezone.now() - timedelta(days=age_days)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return str(result.id)


def e_mail(sent_days_ago=None, attempts=0, touched_days_ago=0):
    email = OutgoingEmail.objects.create(to="li@example.edu.cn", subject="邀请", body="")
    sent = None if sent_days_ago is None else timezone.now() - timedelta(days=sent_days_ago)
    touched = timezone.now() - timedelta(days=touched_days_ago)
    OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=sent, attempts=attempts, updated_at=touched)
    return email.pk


def test_old_finished_work_goes_and_everything_else_stays(database_queue, settings):
    settings.QUALCASE_JOB_KEEP_DAYS = 14
    # Whatever earlier tests left in the queue (recent, or still waiting) must stay too.
    before = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    emails_before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    old_done, old_failed = finished_task(20), finished_task(20, status="FAILED")
    recent_done = finished_task(2)
    waiting = str(send_email_task.enqueue(email_id=0).id)
    old_sent, recent_sent = e_mail(sent_days_ago=20), e_mail(sent_days_ago=2)
    given_up = e_mail(attempts=emails.MAX_ATTEMPTS, touched_days_ago=20)
    still_trying = e_mail(attempts=1, touched_days_ago=20)

    assert housekeeping.clean_all() == 4
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left - before == {recent_done, waiting} and {old_done, old_failed}.isdisjoint(left)
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) - emails_before == {recent_sent, still_trying}
    assert not OutgoingEmail.objects.filter(pk__in=[old_sent, given_up]).exists()
    assert housekeeping.clean_all() == 0  # a second pass finds nothing


# The worker closes stale connections each turn, which would close a test transaction's one.
@pytest.mark.django_db(transaction=True)
def test_the_worker_prunes_when_it_starts(database_queue, settings):
    settings.QUALCASE_JOB_KEEP_DAYS = 1
    finished_task(3)
    e_mail(sent_days_ago=3)
    call_command("worker", "--once", verbosity=0)
    assert not DBTaskResult.objects.exists() and not OutgoingEmail.objects.exists()
