"""Re-segmentation jobs are idempotent, versioned and recoverable (the task worker runs them)."""

from django_tasks_db.models import DBTaskResult

from jobs import recovery
from search import services
from search.models import DocumentIndex, ReindexJob, SearchSettings
from tests.factories import make_document

TEXT = "答：我们做的是居家养老，也叫自治金项目。"


def bump_dictionary(project, term, captured):
    with captured(execute=True):
        services.dictionary_term_add(project=project, term=term)
    return SearchSettings.objects.get(project=project).dictionary_version


def test_an_older_job_never_overwrites_a_newer_index(project, owner, django_capture_on_commit_callbacks):
    document = make_document(project, owner, text=TEXT)
    newer = bump_dictionary(project, "自治金", django_capture_on_commit_callbacks)
    assert DocumentIndex.objects.get(document=document).dictionary_version == newer
    old_tokenizer, _ = services.project_tokenizer(project_id=project.pk, version=0)

    # A slow job that started on the dictionary before (version 0) writes last.
    assert services.document_index(document=document, tokenizer=old_tokenizer, version=0) is None

    index = DocumentIndex.objects.get(document=document)
    assert index.dictionary_version == newer
    assert "自治金" in index.terms.split()


def test_a_job_for_a_superseded_dictionary_stops_and_leaves_the_rest_to_the_newer_one(
    project, owner, django_capture_on_commit_callbacks
):
    make_document(project, owner, text=TEXT)
    with django_capture_on_commit_callbacks(execute=False):
        services.dictionary_term_add(project=project, term="自治金")
    first = ReindexJob.objects.get()
    bump_dictionary(project, "居家养老", django_capture_on_commit_callbacks)

    finished = services.reindex_job_run(job_id=first.pk)

    assert finished.status == ReindexJob.Status.DONE
    assert DocumentIndex.objects.filter(project=project, dictionary_version=2).count() == 1


def test_running_a_job_twice_does_the_work_once(project, owner, django_capture_on_commit_callbacks):
    make_document(project, owner, text=TEXT)
    with django_capture_on_commit_callbacks(execute=False):
        services.dictionary_term_add(project=project, term="自治金")
    job = ReindexJob.objects.get()
    assert services.reindex_job_run(job_id=job.pk).status == ReindexJob.Status.DONE
    before = DocumentIndex.objects.get().pk
    assert services.reindex_job_run(job_id=job.pk).done == 1
    assert DocumentIndex.objects.get().pk == before


def test_the_dictionary_change_goes_to_the_task_queue_not_a_thread(
    project, owner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()  # rows a live-server test committed may still be there
    make_document(project, owner, text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        services.dictionary_term_add(project=project, term="自治金")
    job = ReindexJob.objects.get()
    queued = DBTaskResult.objects.filter(task_path="search.tasks.reindex_task")
    assert [task.args_kwargs["kwargs"] for task in queued] == [{"job_id": job.pk}]
    assert ReindexJob.objects.get().status == ReindexJob.Status.PENDING  # nothing ran in this process


def test_recovery_restarts_a_job_whose_worker_died(project, owner, settings, django_capture_on_commit_callbacks):
    make_document(project, owner, text=TEXT)
    with django_capture_on_commit_callbacks(execute=False):
        services.dictionary_term_add(project=project, term="自治金")
    dead = ReindexJob.objects.get()
    ReindexJob.objects.filter(pk=dead.pk).update(status=ReindexJob.Status.RUNNING)
    # Still beating: recovery leaves it alone.
    assert recovery.recover_all() == 0
    settings.QUALCASE_JOB_STALLED_SECONDS = 0

    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover_all() == 1

    assert ReindexJob.objects.get(pk=dead.pk).status == ReindexJob.Status.FAILED
    assert ReindexJob.objects.get(pk=dead.pk).error == services.STALLED
    assert ReindexJob.objects.exclude(pk=dead.pk).get().status == ReindexJob.Status.DONE
    assert DocumentIndex.objects.get().dictionary_version == 1


def test_a_job_that_keeps_failing_is_left_failed_not_retried_forever(
    project, owner, monkeypatch, django_capture_on_commit_callbacks
):
    make_document(project, owner, text=TEXT)

    def broken(**kwargs):
        raise RuntimeError("jieba broke")

    monkeypatch.setattr(services, "document_index", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.dictionary_term_add(project=project, term="自治金")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            services.reindex_ensure(project=project)
    jobs = list(ReindexJob.objects.values_list("status", "error"))
    assert len(jobs) == services.REINDEX_MAX_ATTEMPTS
    assert {status for status, _error in jobs} == {ReindexJob.Status.FAILED}
    assert all("jieba broke" in error for _status, error in jobs)


def test_documents_left_unindexed_by_a_lost_import_job_are_found(
    project, owner, django_capture_on_commit_callbacks
):
    document = make_document(project, owner, text=TEXT)
    DocumentIndex.objects.filter(document=document).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover_all() == 1
    assert DocumentIndex.objects.filter(document=document).exists()
