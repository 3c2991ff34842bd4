"""Error messages of the codebook, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

STALE_VERSION = _(
    "Someone else changed this code since you opened it. Their version is shown; "
    "apply your change again on top of it."
)


MERGE_INTO_ITSELF = _("A code cannot be merged into itself.")
MERGE_INTO_DESCENDANT = _("A code cannot be merged into one of its own descendants.")
MERGE_CHILD_NAME_TAKEN = _("Both codes have a child named “{name}”: rename or merge one of them first.")
SPLIT_NOTHING_SELECTED = _("Select at least one coding to move.")
SPLIT_NOT_OF_CODE = _("Only codings of this code can be split off.")
SPLIT_INTO_ITSELF = _("Choose another code, or a new name, to move the codings to.")
SPLIT_TARGET_MISSING = _("Choose an existing code or give a new name.")
NOTHING_TO_RESTORE = _("This change has no earlier state to restore.")
CODE_GONE = _("This code no longer exists; restore its deletion first.")
POSITION_NEGATIVE = _("The position must be 0 or more.")
PARENT_OTHER_PROJECT = _("The parent code belongs to another project.")
PARENT_IS_DESCENDANT = _("A code cannot be moved under itself or one of its own descendants.")
CODE_NAME_TAKEN = _("A code named “{name}” already exists at this place in the codebook.")
