"""Error messages shared by every part of coding (and the apps above it): roles and ownership of codings."""

from django.utils.translation import gettext_lazy as _

NOT_YOUR_CODING = _("Coders may only change their own codings.")
ROLE_TOO_LOW = _("Your role in this project ({role}) does not allow this; it needs {needed} or above.")
PROJECT_ARCHIVED = _(
    "This project is archived, so it is read-only for everyone: an owner can unarchive it in the project's settings."
)
