"""Writes for codings: apply a code to a passage, change it, remove it.

Atomic, keyword-only; a passage outside the text or a repeat of the same coding raises
ValidationError naming the field. Each write also logs itself for open coding pages
(revisions.py), in the same transaction.
"""

from django.db import IntegrityError, transaction

from coding.codings import errors, revisions
from coding.models import Coding
from config.validation import field_error


def _check_span(document, start, end):
    if start < 0:
        raise field_error("start", errors.START_NEGATIVE)
    if end <= start:
        raise field_error("end", errors.END_NOT_AFTER_START)
    length = len(document.text)
    if end > length:
        raise field_error("end", errors.END_BEYOND_TEXT.format(end=end, length=length))


def _save_coding(coding):
    try:
        with transaction.atomic():
            coding.save()
    except IntegrityError as exc:
        # A concurrent request can create the same coding between our check and the insert.
        raise field_error("non_field_errors", errors.CODING_DUPLICATE) from exc
    return coding


def _check_duplicate(coding):
    duplicates = Coding.objects.filter(
        document=coding.document, code=coding.code, coder=coding.coder, start=coding.start, end=coding.end
    )
    if coding.pk is not None:
        duplicates = duplicates.exclude(pk=coding.pk)
    if duplicates.exists():
        raise field_error("non_field_errors", errors.CODING_DUPLICATE)


def coding_build(*, document, code, coder, start, end, memo="") -> Coding:
    """An unsaved coding whose quote is the text it covers; for bulk writers (imports) that have
    checked the span themselves and save many at once."""
    return Coding(
        document=document, code=code, coder=coder, start=start, end=end, quote=document.text[start:end], memo=memo
    )


@transaction.atomic
def coding_create(*, document, code, coder, start, end, memo="") -> Coding:
    if code.project_id != document.project_id:
        raise field_error("code", errors.CODE_OTHER_PROJECT)
    _check_span(document, start, end)
    coding = coding_build(document=document, code=code, coder=coder, start=start, end=end, memo=memo)
    _check_duplicate(coding)
    coding.full_clean(validate_constraints=False)
    return _logged(_save_coding(coding))


def _logged(coding):
    revisions.record_codings(project_id=coding.document.project_id, codings=[(coding.document_id, coding.pk)])
    return coding


@transaction.atomic
def coding_update(*, coding, code=None, start=None, end=None, memo=None) -> Coding:
    document = coding.document
    if code is not None:
        if code.project_id != document.project_id:
            raise field_error("code", errors.CODE_OTHER_PROJECT)
        coding.code = code
    new_start = coding.start if start is None else start
    new_end = coding.end if end is None else end
    _check_span(document, new_start, new_end)
    coding.start, coding.end = new_start, new_end
    coding.quote = document.text[new_start:new_end]
    if memo is not None:
        coding.memo = memo
    _check_duplicate(coding)
    coding.full_clean(validate_constraints=False)
    return _logged(_save_coding(coding))


@transaction.atomic
def coding_delete(*, coding) -> None:
    gone = (coding.document_id, coding.pk)
    coding.delete()
    revisions.record_codings(project_id=coding.document.project_id, codings=[gone], deleted=True)
