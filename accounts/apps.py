from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import receivers  # noqa: F401  (connects the login hook)
        from accounts.emails import email_prune, email_recover
        from coding import people
        from jobs import housekeeping, recovery

        # Members, coders and activity show the profile's display name (the username if empty).
        people.use_display_names("profile__display_name")

        # E-mails whose task was lost (worker killed) or whose sending failed go out again.
        recovery.register(email_recover)
        # Sent ones are kept a while (QUALCASE_JOB_KEEP_DAYS), then pruned.
        housekeeping.register(email_prune)
