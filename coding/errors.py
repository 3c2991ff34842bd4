"""Error messages shown to users, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

START_NEGATIVE = _("Start must be 0 or more.")
END_NOT_AFTER_START = _("End must be greater than start.")
END_BEYOND_TEXT = _("End {end} is beyond the end of the document ({length} characters).")
CODE_OTHER_PROJECT = _("This code belongs to another project.")
CASE_OTHER_PROJECT = _("This case belongs to another project.")
PARENT_OTHER_PROJECT = _("The parent code belongs to another project.")
PARENT_IS_DESCENDANT = _("A code cannot be moved under itself or one of its own descendants.")
CODE_NAME_TAKEN = _("A code named “{name}” already exists at this place in the codebook.")
CODING_DUPLICATE = _("You have already applied this code to exactly this passage.")
TEXT_EMPTY = _("The document has no text.")
USER_ALREADY_MEMBER = _("{username} is already a member of this project.")
USER_NOT_FOUND = _("No user with the username or e-mail “{username}”.")
LAST_OWNER = _("A project needs at least one owner: add another owner first.")
NOT_YOUR_CODING = _("Coders may only change their own codings.")
ROLE_TOO_LOW = _("Your role in this project ({role}) does not allow this; it needs {needed} or above.")
NOT_AN_ID = _("“{value}” is not an id.")
NOT_A_MOMENT = _("Give the moment as an ISO 8601 date and time, e.g. 2026-05-01T08:00:00+08:00.")
