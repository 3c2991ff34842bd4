"""The studies' background jobs, run by `manage.py worker` through the task queue (django-tasks)."""

from django_tasks import task

from analysis.studies import runs


@task()
def robustness_task(*, run_id):
    # The grid is stored in the run itself; the queue keeps nothing.
    runs.run_robustness(run_id=run_id)
