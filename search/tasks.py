"""Search's background jobs, run by `manage.py worker` through the task queue (django-tasks)."""

from django_tasks import task

from search import services


@task()
def reindex_task(*, job_id):
    # Returns nothing the queue must keep: progress and outcome live in the ReindexJob row.
    services.reindex_job_run(job_id=job_id)
