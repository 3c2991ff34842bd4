"""Writes for search: segmenting documents, the project dictionary, stop words, re-segmentation
jobs and auto-coding runs. Keyword-only, atomic, ValidationError with a field name for bad input.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from coding.models import Document
from config.validation import field_error
from search import errors, segmentation
from search.models import DictionaryTerm, DocumentIndex, ReindexJob, SearchSettings, StopWord
from search.stopwords import DEFAULT_STOP_WORDS

logger = logging.getLogger(__name__)

# Documents re-segmented per transaction: small enough that a job's progress moves every second
# or so and a crash loses little, large enough not to spend the time on commits.
REINDEX_CHUNK = 20


def search_settings(*, project) -> SearchSettings:
    return SearchSettings.objects.get_or_create(project=project)[0]


def project_tokenizer(*, project_id, version=None):
    """The project's jieba tokenizer, with its dictionary; cached per dictionary version."""
    if version is None:
        version = SearchSettings.objects.filter(project_id=project_id).values_list(
            "dictionary_version", flat=True
        )
        version = version[0] if version else 0
    if version == 0:
        return segmentation.tokenizer_for(None), 0

    words = tuple(sorted(DictionaryTerm.objects.filter(project_id=project_id).values_list("term", flat=True)))
    # Keyed by the words themselves, not only the version: ids and versions can repeat (a deleted
    # project's id reused by SQLite), a stale tokenizer must never be picked up.
    return segmentation.tokenizer_for((project_id, version, words), words=words), version


@transaction.atomic
def document_index(*, document, tokenizer=None, version=None) -> DocumentIndex:
    """Segment a document once and store its terms and token spans for the search index."""
    if tokenizer is None:
        tokenizer, version = project_tokenizer(project_id=document.project_id)
    tokens = segmentation.tokens(document.text, tokenizer)
    spans = []
    for token in tokens:
        spans.extend((token.start, token.end))
    terms = segmentation.index_terms(tokens)
    index, _created = DocumentIndex.objects.update_or_create(
        document=document,
        defaults={
            "project_id": document.project_id,
            "terms": terms,
            "spans": spans,
            "dictionary_version": version,
        },
    )
    return index


# The project dictionary --------------------------------------------------------------------------


def _check_word(word):
    word = (word or "").strip()
    if not word:
        raise field_error("term", errors.WORD_EMPTY)
    if not segmentation.is_dictionary_word(word):
        raise field_error("term", errors.WORD_NOT_SEGMENTABLE.format(word=word))
    return word


def _dictionary_changed(project):
    """Bump the version and queue re-segmentation; documents keep their old segmentation meanwhile."""
    SearchSettings.objects.get_or_create(project=project)
    SearchSettings.objects.filter(project=project).update(dictionary_version=F("dictionary_version") + 1)
    version = SearchSettings.objects.get(project=project).dictionary_version
    if not Document.objects.filter(project=project).exists():
        return None
    job = ReindexJob.objects.create(project=project, dictionary_version=version)
    transaction.on_commit(lambda: reindex_job_start(job_id=job.pk))
    return job


# A running job writes its progress at least this often; one silent for longer died with its process.
STALLED_AFTER = timedelta(seconds=60)


def reindex_ensure(*, project):
    """Restart re-segmentation when documents are behind the dictionary and no job is alive.

    Called by the pages and the status endpoint, so a job cut short by a restart resumes on the
    next visit without anyone running a command.
    """
    version = search_settings(project=project).dictionary_version
    stale = Document.objects.filter(project=project).exclude(search_index__dictionary_version=version)
    if not stale.exists():
        return None
    alive = ReindexJob.objects.filter(
        project=project,
        status__in=[ReindexJob.Status.PENDING, ReindexJob.Status.RUNNING],
        updated_at__gte=timezone.now() - STALLED_AFTER,
    )
    if alive.exists():
        return None
    ReindexJob.objects.filter(
        project=project, status__in=[ReindexJob.Status.PENDING, ReindexJob.Status.RUNNING]
    ).update(status=ReindexJob.Status.FAILED, error="stalled")
    job = ReindexJob.objects.create(project=project, dictionary_version=version)
    transaction.on_commit(lambda: reindex_job_start(job_id=job.pk))
    return job


@transaction.atomic
def dictionary_term_add(
    *, project, term, created_by=None, source=DictionaryTerm.Source.MANUAL
) -> DictionaryTerm:
    term = _check_word(term)
    if DictionaryTerm.objects.filter(project=project, term=term).exists():
        raise field_error("term", errors.WORD_EXISTS.format(word=term))
    entry = DictionaryTerm.objects.create(project=project, term=term, created_by=created_by, source=source)
    _dictionary_changed(project)
    return entry


@transaction.atomic
def dictionary_term_remove(*, entry) -> None:
    project = entry.project
    entry.delete()
    _dictionary_changed(project)


@transaction.atomic
def dictionary_feed_code(*, code) -> None:
    """Code names are domain terms: their Chinese parts join the dictionary (English needs no help)."""
    added = False
    for term in segmentation.code_name_terms(code.name):
        _entry, created = DictionaryTerm.objects.get_or_create(
            project_id=code.project_id, term=term, defaults={"source": DictionaryTerm.Source.CODE}
        )
        added = added or created
    if added:
        _dictionary_changed(code.project)


# Re-segmentation ---------------------------------------------------------------------------------


def reindex_job_start(*, job_id):
    """Run a job in a thread of this process, so no request waits for it.

    A thread rather than a task queue: the app runs as one gunicorn service with no broker, and
    the work is resumable (documents still on an old dictionary version are simply picked up
    again), so a job cut short by a restart is finished by `manage.py search_reindex`.
    """
    if getattr(settings, "SEARCH_REINDEX_INLINE", False):
        reindex_job_run(job_id=job_id)
        return
    thread = threading.Thread(target=_run_in_thread, kwargs={"job_id": job_id}, daemon=True)
    thread.start()


def _run_in_thread(*, job_id):
    try:
        reindex_job_run(job_id=job_id)
    finally:
        close_old_connections()


def reindex_job_run(*, job_id) -> ReindexJob:
    with transaction.atomic():
        job = ReindexJob.objects.select_for_update().get(pk=job_id)
        if job.status in (ReindexJob.Status.DONE, ReindexJob.Status.RUNNING):
            return job
        job.status = ReindexJob.Status.RUNNING
        job.total = Document.objects.filter(project_id=job.project_id).count()
        job.save()
    try:
        while True:
            version = SearchSettings.objects.get(project_id=job.project_id).dictionary_version
            if version != job.dictionary_version:
                # A newer change queued its own job, which does the rest with the newer dictionary.
                break
            stale = list(
                Document.objects.filter(project_id=job.project_id)
                .exclude(search_index__dictionary_version=version)
                .order_by("pk")[:REINDEX_CHUNK]
            )
            if not stale:
                break
            tokenizer, _version = project_tokenizer(project_id=job.project_id, version=version)
            with transaction.atomic():
                for document in stale:
                    document_index(document=document, tokenizer=tokenizer, version=version)
                done = DocumentIndex.objects.filter(
                    project_id=job.project_id, dictionary_version=version
                ).count()
                ReindexJob.objects.filter(pk=job.pk).update(done=done, updated_at=timezone.now())
        ReindexJob.objects.filter(pk=job.pk).update(status=ReindexJob.Status.DONE, updated_at=timezone.now())
    except Exception as exc:  # a job must end in a visible state, never stay "running" silently
        logger.exception("re-segmentation job %s failed", job.pk)
        ReindexJob.objects.filter(pk=job.pk).update(status=ReindexJob.Status.FAILED, error=str(exc)[:2000])
    job.refresh_from_db()
    return job


def reindex_stale_documents(*, project=None) -> int:
    """Re-segment every document not on its project's current dictionary; for the management command."""
    count = 0
    projects = (
        SearchSettings.objects.all() if project is None else SearchSettings.objects.filter(project=project)
    )
    for entry in projects:
        tokenizer, version = project_tokenizer(project_id=entry.project_id, version=entry.dictionary_version)
        stale = Document.objects.filter(project_id=entry.project_id).exclude(
            search_index__dictionary_version=version
        )
        for document in stale.iterator():
            document_index(document=document, tokenizer=tokenizer, version=version)
            count += 1
        ReindexJob.objects.filter(project_id=entry.project_id).exclude(status=ReindexJob.Status.DONE).update(
            status=ReindexJob.Status.DONE
        )
    missing = Document.objects.filter(search_index__isnull=True)
    if project is not None:
        missing = missing.filter(project=project)
    for document in missing.iterator():
        document_index(document=document)
        count += 1
    return count


# Stop words --------------------------------------------------------------------------------------


@transaction.atomic
def stop_words_seed(*, project) -> None:
    """Give a project the default Chinese and English stop words once; editors change them after."""
    entry = SearchSettings.objects.select_for_update().get_or_create(project=project)[0]
    if entry.stop_words_seeded:
        return
    StopWord.objects.bulk_create(
        [StopWord(project=project, word=word) for word in sorted(DEFAULT_STOP_WORDS)], ignore_conflicts=True
    )
    entry.stop_words_seeded = True
    entry.save(update_fields=["stop_words_seeded"])


@transaction.atomic
def stop_word_add(*, project, word) -> StopWord:
    stop_words_seed(project=project)
    word = (word or "").strip().lower()
    if not word:
        raise field_error("word", errors.WORD_EMPTY)
    if StopWord.objects.filter(project=project, word=word).exists():
        raise field_error("word", errors.WORD_EXISTS.format(word=word))
    return StopWord.objects.create(project=project, word=word)


@transaction.atomic
def stop_word_remove(*, stop_word) -> None:
    stop_word.delete()
