"""Error messages of projects and membership, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

USER_ALREADY_MEMBER = _("{username} is already a member of this project.")
USER_NOT_FOUND = _("No user with the username or e-mail “{username}”.")
LAST_OWNER = _("A project needs at least one owner: add another owner first.")
DELETE_NAME_MISMATCH = _("Type the project's name exactly to confirm that it is to be deleted.")
TRANSFER_NOT_A_MEMBER = _("Ownership can only go to a member of this project.")
TRANSFER_TO_SELF = _("You already own this project: choose another member.")
