"""Writes for documents: create, edit, delete, and import from files.

Imports are forgiving per file: each file succeeds or fails on its own, and a refusal comes back
as a result naming the reason rather than an exception.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from coding import signals
from coding.documents import errors
from coding.documents.importing import Limits, Refused, extract
from coding.models import Document, SourceFile, SpeakerTurn
from coding.offsets import content_hash, normalize_text
from config.validation import field_error, required_text


def _check_case_in_project(case, project):
    if case is not None and case.project_id != project.id:
        raise field_error("case", errors.CASE_OTHER_PROJECT)


@transaction.atomic
def document_create(
    *,
    project,
    title,
    text,
    created_by,
    language="",
    original_filename="",
    interview_id="",
    interview_date=None,
    place="",
    interviewee_role="",
    extra_metadata=None,
    case=None,
    index_for_search=True,
) -> Document:
    """Create a document; `index_for_search=False` tells the apps that follow documents (search)
    to leave the text-derived work to background jobs, for imports of many large files."""
    stored_text = normalize_text(text or "")
    if not stored_text.strip():
        raise field_error("text", errors.TEXT_EMPTY)
    _check_case_in_project(case, project)
    document = Document(
        project=project,
        title=required_text("title", title),
        text=stored_text,
        language=language,
        original_filename=original_filename,
        content_hash=content_hash(stored_text),
        interview_id=interview_id,
        interview_date=interview_date,
        place=place,
        interviewee_role=interviewee_role,
        extra_metadata=extra_metadata or {},
        case=case,
        created_by=created_by,
    )
    document.full_clean()
    document.save()
    signals.document_created.send(sender=Document, document=document, index_now=index_for_search)
    return document


DOCUMENT_EDITABLE_FIELDS = {
    "title",
    "language",
    "interview_id",
    "interview_date",
    "place",
    "interviewee_role",
    "extra_metadata",
    "case",
}


@transaction.atomic
def document_update(*, document, **fields) -> Document:
    """Change a document's title, metadata or case; the text itself is not editable here."""
    unknown = set(fields) - DOCUMENT_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in fields:
        fields["title"] = required_text("title", fields["title"])
    if "case" in fields:
        _check_case_in_project(fields["case"], document.project)
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_delete(*, document) -> None:
    document.delete()


MEDIA_TYPES = {
    "txt": "text/plain",
    "text": "text/plain",
    "md": "text/markdown",
    "markdown": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


MEGABYTE = 1024 * 1024


# Segmenting text for search (jieba) costs about 10 µs a character, far more than the import
# itself: past this many characters in one upload, the remaining documents are segmented by the
# search app's background job instead, so that a folder of transcripts does not keep the request
# (and the researcher) waiting for minutes. Small uploads stay searchable the moment they land.
SEARCH_INDEX_INLINE_CHARACTERS = 500_000


@dataclass
class ImportResult:
    filename: str
    document: Document | None = None
    reason: str = ""  # a Refused reason code, or "invalid"; empty when imported
    message: str = ""
    encoding: str = ""
    turns_count: int = 0
    duplicates: list = field(default_factory=list)

    @property
    def imported(self):
        return self.document is not None


def guess_language(text: str) -> str:
    """zh or en from the letters of the first 20,000 characters; empty when neither dominates."""
    sample = text[:20000]
    han = sum(1 for char in sample if "\u4e00" <= char <= "\u9fff" or 0x20000 <= ord(char) <= 0x3FFFF)
    latin = sum(1 for char in sample if char.isascii() and char.isalpha())
    if han and han * 3 >= latin:
        return "zh"
    if latin > han * 10:
        return "en"
    return ""


def _refused(filename, exc: Refused):
    return ImportResult(
        filename=filename, reason=exc.reason, message=errors.refusal_message(exc.reason, exc.params)
    )


def _too_large(filename, size, limit):
    return _refused(
        filename, Refused(Refused.TOO_LARGE, size=f"{size / MEGABYTE:.1f}", limit=f"{limit / MEGABYTE:g}")
    )


def import_limits() -> Limits:
    return Limits(max_characters=settings.QUALCASE_IMPORT_MAX_CHARACTERS)


def _turns_insert(document, turns) -> None:
    """Store the turns with one executemany: a 19 MB transcript has 65,000 of them, and building a
    model instance for each took ten seconds of the import. The values are plain and checked by the
    turn finder (start < end, speaker at most 15 characters), as the table's constraints check too."""
    if not turns:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(name) for name in ("document_id", "index", "start", "end", "speaker", "timestamp")
    )
    sql = f"INSERT INTO {quote(SpeakerTurn._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"
    rows = (
        (document.pk, index, turn.start, turn.end, turn.speaker[:100], turn.timestamp[:20])
        for index, turn in enumerate(turns)
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def document_import(
    *,
    project,
    filename,
    data,
    created_by,
    encoding="",
    case=None,
    index_for_search=True,
    index_budget=SEARCH_INDEX_INLINE_CHARACTERS,
) -> ImportResult:
    """Import one file as a document of the project; a refusal comes back as a result, not raised.

    The search app indexes the new document at once only when its text fits `index_budget`
    characters; a longer one is left to the background job (see SEARCH_INDEX_INLINE_CHARACTERS).
    """
    limit = settings.QUALCASE_IMPORT_MAX_BYTES
    if len(data) > limit:
        return _too_large(filename, len(data), limit)
    try:
        extracted = extract(filename, data, encoding or None, import_limits())
    except Refused as exc:
        return _refused(filename, exc)
    index_for_search = index_for_search and len(extracted.text) <= index_budget
    duplicates = list(
        Document.objects.filter(project=project, content_hash=content_hash(extracted.text))
        .only("id", "title")
        .order_by("id")
    )
    found = extracted.metadata
    try:
        with transaction.atomic():
            document = document_create(
                project=project,
                title=extracted.title,
                text=extracted.text,
                created_by=created_by,
                language=guess_language(extracted.text),
                original_filename=filename[:255],
                interview_id=found.interview_id[:100],
                interview_date=found.interview_date,
                place=found.place[:200],
                interviewee_role=found.interviewee_role[:200],
                extra_metadata=found.extra,
                case=case,
                index_for_search=index_for_search,
            )
            SourceFile.objects.create(
                document=document,
                filename=filename[:255],
                media_type=MEDIA_TYPES.get(extracted.format, ""),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                encoding=extracted.encoding,
                content=data,
            )
            _turns_insert(document, extracted.turns)
    except ValidationError as exc:
        return ImportResult(filename=filename, reason=errors.INVALID, message=" ".join(exc.messages))
    message = ""
    if duplicates:
        message = str(errors.DUPLICATE).format(titles="、".join(d.title for d in duplicates))
    return ImportResult(
        filename=filename,
        document=document,
        message=message,
        encoding=extracted.encoding,
        turns_count=len(extracted.turns),
        duplicates=duplicates,
    )


def documents_import(*, project, uploads, created_by, encoding="", case=None) -> list[ImportResult]:
    """Import uploaded files (anything with .name, .size and .read()) one by one; each succeeds or
    fails on its own. Files are read one at a time, and one over the limit is never read at all,
    so a folder of large files does not have to fit in memory at once.
    """
    results = []
    limit = settings.QUALCASE_IMPORT_MAX_BYTES
    characters = 0
    deferred = False
    for upload in uploads:
        if upload.size > limit:
            results.append(_too_large(upload.name, upload.size, limit))
            continue
        result = document_import(
            project=project,
            filename=upload.name,
            data=upload.read(),
            created_by=created_by,
            encoding=encoding,
            case=case,
            index_budget=SEARCH_INDEX_INLINE_CHARACTERS - characters,
        )
        if result.imported:
            size = len(result.document.text)
            # Indexed now only if it fitted what was left of the budget (document_import decides).
            deferred = deferred or characters + size > SEARCH_INDEX_INLINE_CHARACTERS
            characters += size
        results.append(result)
    if deferred:
        signals.documents_deferred.send(sender=Document, project=project)
    return results
