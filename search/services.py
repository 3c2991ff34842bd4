"""Writes for search: segmenting documents, the project dictionary, stop words, re-segmentation
jobs and auto-coding runs. Keyword-only, atomic, ValidationError with a field name for bad input.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coding.models import Document, Project
from config.validation import field_error
from search import errors, segmentation
from search.models import DictionaryTerm, DocumentIndex, ReindexJob, SearchSettings, StopWord
from search.stopwords import DEFAULT_STOP_WORDS

logger = logging.getLogger(__name__)

# Documents fetched per query while re-segmenting; each is still written in its own transaction.
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
def document_index(*, document, tokenizer=None, version=None) -> DocumentIndex | None:
    """Segment a document once and store its terms and token spans for the search index.

    Versioned: the write happens only if no index made with a newer dictionary is already there,
    so a slow job that started on an older dictionary never overwrites a newer result. The
    segmenting (seconds for a long transcript) runs outside any transaction; only the write takes
    the database's write lock, briefly. Returns None when a newer index won.
    """
    if tokenizer is None:
        tokenizer, version = project_tokenizer(project_id=document.project_id)
    tokens = segmentation.tokens(document.text, tokenizer)
    spans = []
    for token in tokens:
        spans.extend((token.start, token.end))
    fields = {
        "project_id": document.project_id,
        "terms": segmentation.index_terms(tokens),
        "spans": spans,
        "dictionary_version": version,
    }
    with transaction.atomic():
        written = DocumentIndex.objects.filter(document=document, dictionary_version__lte=version).update(
            **fields
        )
        if not written:
            if DocumentIndex.objects.filter(document=document).exists():
                return None  # a newer dictionary's index is already there
            return DocumentIndex.objects.create(document=document, **fields)
    return DocumentIndex.objects.get(document=document)


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
    return _reindex_job_create(project=project, version=version)


def _reindex_job_create(*, project, version):
    job = ReindexJob.objects.create(project=project, dictionary_version=version)
    transaction.on_commit(lambda: reindex_job_enqueue(job_id=job.pk))
    return job


def stalled_after():
    """A running job writes its progress at least every document; one silent for longer than this
    died with its worker (killed, host lost) and is started again by recovery."""
    return timedelta(seconds=getattr(settings, "QUALCASE_JOB_STALLED_SECONDS", 60))


# A dictionary version whose job failed this many times is left failed (visible on the dictionary
# page and in the API) rather than retried forever on a document that cannot be segmented.
REINDEX_MAX_ATTEMPTS = 3
# The error of a job that stopped writing progress and was taken for dead.
STALLED = "stalled"


def reindex_ensure(*, project):
    """Start re-segmentation when documents are behind the dictionary and no job is alive.

    Called by the worker's recovery, after large imports, and by the pages and the status
    endpoint; a job whose worker was killed is found by its silent heartbeat and started again.
    """
    version = search_settings(project=project).dictionary_version
    stale = Document.objects.filter(project=project).exclude(search_index__dictionary_version__gte=version)
    if not stale.exists():
        return None
    unfinished = ReindexJob.objects.filter(
        project=project, status__in=[ReindexJob.Status.PENDING, ReindexJob.Status.RUNNING]
    )
    if unfinished.filter(updated_at__gte=timezone.now() - stalled_after()).exists():
        return None
    unfinished.update(status=ReindexJob.Status.FAILED, error=STALLED, updated_at=timezone.now())
    # Only errors count against the version: a worker killed under a job is not the job's fault.
    failures = (
        ReindexJob.objects.filter(project=project, dictionary_version=version, status=ReindexJob.Status.FAILED)
        .exclude(error=STALLED)
        .count()
    )
    if failures >= REINDEX_MAX_ATTEMPTS:
        return None
    return _reindex_job_create(project=project, version=version)


def reindex_recover() -> int:
    """For the worker: restart every project's unfinished re-segmentation; returns how many."""
    projects = set(
        ReindexJob.objects.filter(
            status__in=[ReindexJob.Status.PENDING, ReindexJob.Status.RUNNING],
            updated_at__lt=timezone.now() - stalled_after(),
        ).values_list("project_id", flat=True)
    )
    # Documents never indexed (a deferred import whose job was lost before it was queued).
    projects |= set(Document.objects.filter(search_index__isnull=True).values_list("project_id", flat=True))
    started = 0
    for project in Project.objects.filter(pk__in=projects):
        with transaction.atomic():
            started += reindex_ensure(project=project) is not None
    return started


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


def reindex_job_enqueue(*, job_id):
    """Hand a job to the task queue; a worker process runs it (`manage.py worker`)."""
    from search.tasks import reindex_task

    reindex_task.enqueue(job_id=job_id)


def reindex_job_run(*, job_id) -> ReindexJob:
    """Re-segment the project's documents that are behind the job's dictionary version.

    Idempotent: it only touches documents still behind, so a second run of the same job (a retry
    after a killed worker) does what is left. Versioned: it stops as soon as a newer dictionary
    exists (the newer job does the rest), and each write is refused if a newer index is there.
    Each document is one short transaction, and the job's heartbeat (updated_at) moves with it.
    """
    with transaction.atomic():
        job = ReindexJob.objects.select_for_update().get(pk=job_id)
        if job.status in (ReindexJob.Status.DONE, ReindexJob.Status.FAILED):
            return job
        job.status = ReindexJob.Status.RUNNING
        job.total = Document.objects.filter(project_id=job.project_id).count()
        job.save()
    try:
        tokenizer, _version = project_tokenizer(project_id=job.project_id, version=job.dictionary_version)
        while True:
            current = SearchSettings.objects.get(project_id=job.project_id).dictionary_version
            if current != job.dictionary_version:
                # A newer change queued its own job, which does the rest with the newer dictionary.
                break
            stale = list(
                Document.objects.filter(project_id=job.project_id)
                .exclude(search_index__dictionary_version__gte=job.dictionary_version)
                .order_by("pk")[:REINDEX_CHUNK]
            )
            if not stale:
                break
            for document in stale:
                document_index(document=document, tokenizer=tokenizer, version=job.dictionary_version)
                done = DocumentIndex.objects.filter(
                    project_id=job.project_id, dictionary_version__gte=job.dictionary_version
                ).count()
                alive = ReindexJob.objects.filter(pk=job.pk, status=ReindexJob.Status.RUNNING).update(
                    done=done, updated_at=timezone.now()
                )
                if not alive:
                    # Taken for dead (too slow between two documents) and replaced by a new job:
                    # leave the rest to it rather than do the work twice.
                    job.refresh_from_db()
                    return job
        ReindexJob.objects.filter(pk=job.pk).update(status=ReindexJob.Status.DONE, updated_at=timezone.now())
    except Exception as exc:  # a job must end in a visible state, never stay "running" silently
        logger.exception("re-segmentation job %s failed", job.pk)
        ReindexJob.objects.filter(pk=job.pk).update(
            status=ReindexJob.Status.FAILED, error=str(exc)[:2000], updated_at=timezone.now()
        )
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
    # Pages that only read (word frequencies, the stop word list) call this on every request: once
    # seeded, a plain read answers, so that they take no write lock (on SQLite, the database's).
    if SearchSettings.objects.filter(project=project, stop_words_seeded=True).exists():
        return
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
