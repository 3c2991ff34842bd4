"""Error messages of codings and the coding page's API, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

START_NEGATIVE = _("Start must be 0 or more.")
END_NOT_AFTER_START = _("End must be greater than start.")
END_BEYOND_TEXT = _("End {end} is beyond the end of the document ({length} characters).")
CODE_OTHER_PROJECT = _("This code belongs to another project.")
CODING_DUPLICATE = _("You have already applied this code to exactly this passage.")
NOT_AN_ID = _("“{value}” is not an id.")
NOT_A_MOMENT = _("Give the moment as an ISO 8601 date and time, e.g. 2026-05-01T08:00:00+08:00.")
STALE_ETAG = _(
    "The document has changed since you read it (your ETag is {etag}, it is now {current}): "
    "read it again and retry."
)
NOT_A_REVISION = _("Give the revision as a whole number of 0 or more, e.g. after=0.")
