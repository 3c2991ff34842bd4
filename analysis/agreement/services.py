"""Writes for consensus: the project's consensus coder, and settling a disagreement.

Atomic and keyword-only. The consensus coder is a user who cannot log in, member of the project
as a viewer (so the studies' coder choice offers it, and it can never change anything itself).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from analysis.agreement import errors
from analysis.agreement.models import ConsensusCoding
from analysis.agreement.selectors import consensus_username
from coding.codings.services import coding_create
from coding.models import Coding, Membership, Role
from config.validation import field_error


@transaction.atomic
def consensus_coder_get_or_create(*, project):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=consensus_username(project.id),
        defaults={"first_name": _("Consensus"), "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(project=project, user=user, defaults={"role": Role.VIEWER})
    return user


def _keep(*, document, coder, source, action, user, settled):
    """The consensus copy of ``source``, or the one already there; then the decision row."""
    coding = Coding.objects.filter(
        document=document, code=source.code, coder=coder, start=source.start, end=source.end
    ).first()
    if coding is None:
        coding = coding_create(
            document=document,
            code=source.code,
            coder=coder,
            start=source.start,
            end=source.end,
            memo=source.memo,
        )
    ConsensusCoding.objects.update_or_create(
        coding=coding,
        defaults={
            "project": document.project,
            "action": action,
            "source_codings": settled,
            "resolved_by": user,
        },
    )
    return coding


@transaction.atomic
def consensus_resolve(
    *, document, user, action, coding_a=None, coding_b=None, code=None, start=None, end=None, memo=""
) -> list[Coding]:
    """Settle one disagreement in ``document``: keep A, keep B, keep both, or write an agreed coding.

    Returns the consensus coder's codings made (or found, when the same decision is repeated).
    """
    if action not in ConsensusCoding.Action.values:
        raise field_error("action", errors.BAD_ACTION)
    for name, coding in (("coding_a", coding_a), ("coding_b", coding_b)):
        if coding is not None and coding.document_id != document.pk:
            raise field_error(name, errors.CODING_OTHER_DOCUMENT)
    if action in ("keep_a", "keep_both") and coding_a is None:
        raise field_error("coding_a", errors.CODING_A_REQUIRED)
    if action in ("keep_b", "keep_both") and coding_b is None:
        raise field_error("coding_b", errors.CODING_B_REQUIRED)
    if action == "agreed" and (code is None or start is None or end is None):
        raise field_error("non_field_errors", errors.AGREED_NEEDS_SPAN)
    coder = consensus_coder_get_or_create(project=document.project)
    settled = [c.pk for c in (coding_a, coding_b) if c is not None]
    made = []
    if action in ("keep_a", "keep_both"):
        made.append(
            _keep(document=document, coder=coder, source=coding_a, action=action, user=user, settled=settled)
        )
    if action in ("keep_b", "keep_both"):
        made.append(
            _keep(document=document, coder=coder, source=coding_b, action=action, user=user, settled=settled)
        )
    if action == "agreed":
        source = Coding(code=code, start=start, end=end, memo=memo)
        made.append(
            _keep(document=document, coder=coder, source=source, action=action, user=user, settled=settled)
        )
    return made
