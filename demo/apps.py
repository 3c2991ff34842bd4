from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo study. The top layer: it builds a project with every app (coding, cases,
    analysis), so nothing below may import it."""

    name = "demo"
    verbose_name = _("Demo study")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from demo import accounts

        user_model = get_user_model()
        post_save.connect(accounts.forget, sender=user_model, dispatch_uid="demo-accounts-saved")
        post_delete.connect(accounts.forget, sender=user_model, dispatch_uid="demo-accounts-deleted")
