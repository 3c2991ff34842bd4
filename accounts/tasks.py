"""Accounts' background jobs, run by `manage.py worker` through the task queue (django-tasks)."""

from django_tasks import task

from accounts import emails


@task()
def send_email_task(*, email_id):
    # Idempotent: the OutgoingEmail row records that it was sent, so a retry sends nothing.
    emails.email_deliver(email_id=email_id)
