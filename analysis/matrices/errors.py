"""Error messages shown to users, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

UNKNOWN_MEASURE = _("Unknown measure “{value}”; choose one of: {choices}.")
UNKNOWN_MODE = _("Unknown co-occurrence mode “{value}”; choose one of: {choices}.")
BAD_DISTANCE = _("“{value}” is not a distance: give a whole number of characters, 0 or more.")
BAD_FLAG = _("“{value}” is not yes or no; write 1 or 0.")
NOT_AN_ID = _("“{value}” is not an id.")
ATTRIBUTE_REQUIRED = _("Choose an attribute.")
NO_SUCH_ATTRIBUTE = _("There is no attribute with id {value} in this project.")
VALUE_WITHOUT_ATTRIBUTE = _("A value filter needs an attribute.")
BAD_CONTEXT = _("“{value}” is not a context length: give a whole number of characters from 0 to {limit}.")
