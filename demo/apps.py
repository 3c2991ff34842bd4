from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo study. The top layer: it builds a project with every app (coding, cases,
    analysis), so nothing below may import it."""

    name = "demo"
    verbose_name = _("Demo study")
