from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background work: the worker process (`manage.py worker`) and the recovery of jobs that a
    killed worker left unfinished. Infrastructure, like config: it knows no domain app; the apps
    that have jobs register how to recover them (jobs.recovery.register) in their ready()."""

    name = "jobs"
    verbose_name = _("Background jobs")
