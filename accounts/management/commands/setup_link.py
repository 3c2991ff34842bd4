"""Print the one-time link that creates the first administrator, while the server has none.

`make run` calls it on every start: once an administrator exists it prints nothing (unless
--verbosity 2). Each run replaces the previous link. `manage.py createsuperuser` is the alternative.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import services


class Command(BaseCommand):
    help = "Print the one-time first-run link while the server has no administrator."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the server answers (default: %(default)s).",
        )

    def handle(self, *args, base_url, verbosity, **options):
        token = services.setup_token_issue()
        if token is None:
            if verbosity > 1:
                self.stdout.write(_("An administrator exists: no setup link."))
            return
        url = base_url.rstrip("/") + reverse("setup", args=[token])
        self.stdout.write("")
        self.stdout.write(_("This server has no administrator yet. Open this one-time link to create one:"))
        self.stdout.write(f"  {url}")
        self.stdout.write(_("(or run: .venv/bin/python manage.py createsuperuser)"))
        self.stdout.write("")
