"""Error messages of intercoder agreement and consensus, as constants that tests assert exactly."""

from django.utils.translation import gettext_lazy as _

TWO_CODERS = _("Choose at least two coders to compare.")
BAD_THRESHOLD = _("The overlap threshold is a number from 0 to 1.")
BAD_ACTION = _("Choose keep A, keep B, keep both or an agreed coding.")
CODING_A_REQUIRED = _("Keeping A's coding needs A's coding.")
CODING_B_REQUIRED = _("Keeping B's coding needs B's coding.")
CODING_OTHER_DOCUMENT = _("This coding is not in the document being resolved.")
AGREED_NEEDS_SPAN = _("An agreed coding needs a code, a start and an end.")
