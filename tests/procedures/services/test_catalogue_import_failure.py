"""An import whose task dies does not stay "running" forever: it is marked failed (by the task's
failure signal, or once it stops reporting progress) and can be retried."""

from datetime import timedelta

import pytest
from billiard.exceptions import WorkerLostError
from celery.signals import task_failure
from django.core.cache import cache
from django.utils import timezone

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.problems import Refused
from procedures.services.catalogue_imports import (
    CacheProgress,
    catalogue_import_retry,
    catalogue_import_run,
    catalogue_imports_expire,
)
from procedures.tasks.catalogue import run_catalogue_import
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _job(user=None, status=ImportStatus.PENDING, started_ago=None, created_ago=None) -> int:
    content = csv_bytes([procedure_row("1.001193", "Đăng ký khai sinh")], PROCEDURE_HEADERS)
    job = CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=content,
        status=status,
        created_by=user,
        started_at=timezone.now() - started_ago if started_ago else None,
    )
    if created_ago:
        CatalogueImport.objects.filter(pk=job.pk).update(created_at=timezone.now() - created_ago)
    return job.pk


def test_a_task_failing_outside_the_import_marks_it_failed(monkeypatch, celery_eager):
    pk = _job(status=ImportStatus.RUNNING, started_ago=timedelta(seconds=5))

    def database_gone(**kwargs):
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr("procedures.tasks.catalogue.catalogue_import_run", database_gone)
    result = run_catalogue_import.apply(args=(pk, "vi"), throw=False)

    job = CatalogueImport.objects.get(pk=pk)
    assert result.failed()
    assert job.status == ImportStatus.FAILED
    assert job.finished_at is not None
    assert "server closed the connection unexpectedly" in job.problems[0]["message"]
    assert "không có dữ liệu nào được ghi" in job.problems[0]["message"]


def test_a_worker_killed_mid_import_marks_it_failed():
    # What the worker's main process sends when the pool process running the task dies.
    pk = _job(status=ImportStatus.RUNNING, started_ago=timedelta(minutes=2))

    task_failure.send(
        sender=run_catalogue_import,
        task_id="lost",
        exception=WorkerLostError("Worker exited prematurely: signal 9 (SIGKILL) Job: 3."),
        args=[pk, "vi"],
        kwargs={},
        traceback=None,
        einfo=None,
    )

    job = CatalogueImport.objects.get(pk=pk)
    assert job.status == ImportStatus.FAILED
    assert "SIGKILL" in job.problems[0]["message"]


def test_a_finished_import_is_left_alone_by_a_late_failure_signal():
    pk = _job(status=ImportStatus.DONE)
    task_failure.send(
        sender=run_catalogue_import,
        task_id="x",
        exception=RuntimeError("late"),
        args=[pk],
        kwargs={},
    )
    assert CatalogueImport.objects.get(pk=pk).status == ImportStatus.DONE


def test_imports_without_progress_for_too_long_are_expired():
    dead = _job(status=ImportStatus.RUNNING, started_ago=timedelta(hours=2))
    never_started = _job(created_ago=timedelta(hours=1))
    slow_but_alive = _job(status=ImportStatus.RUNNING, started_ago=timedelta(hours=2))
    CacheProgress(slow_but_alive)(40, 100)
    just_queued = _job(created_ago=timedelta(minutes=1))
    just_started = _job(status=ImportStatus.RUNNING, started_ago=timedelta(minutes=3))

    assert catalogue_imports_expire() == 2

    statuses = dict(CatalogueImport.objects.values_list("pk", "status"))
    assert statuses == {
        dead: ImportStatus.FAILED,
        never_started: ImportStatus.FAILED,
        slow_but_alive: ImportStatus.RUNNING,
        just_queued: ImportStatus.PENDING,
        just_started: ImportStatus.RUNNING,
    }
    message = CatalogueImport.objects.get(pk=dead).problems[0]["message"]
    assert "30 phút" in message
    assert catalogue_imports_expire() == 0


def test_a_failed_import_is_retried_and_completes(
    reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    pk = _job(reform_officer, status=ImportStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_import_retry(job=CatalogueImport.objects.get(pk=pk), user=reform_officer)

    job = CatalogueImport.objects.get(pk=pk)
    assert (job.status, job.attempts, job.summary["created"]) == (ImportStatus.DONE, 1, 1)
    assert Procedure.objects.filter(code="1.001193").exists()
    with pytest.raises(Refused) as refused:
        catalogue_import_retry(job=job, user=reform_officer)
    assert refused.value.conflict


def test_a_duplicate_delivery_does_not_run_an_import_twice_but_a_redelivery_after_a_crash_does():
    running = _job(status=ImportStatus.RUNNING, started_ago=timedelta(minutes=1))
    crashed = _job(status=ImportStatus.RUNNING, started_ago=timedelta(hours=2))

    assert catalogue_import_run(import_id=running).status == ImportStatus.RUNNING
    assert not Procedure.objects.exists()
    job = catalogue_import_run(import_id=crashed)

    assert job.status == ImportStatus.DONE
    assert CatalogueImport.objects.get(pk=crashed).attempts == 1
    assert Procedure.objects.filter(code="1.001193").exists()


def test_the_import_page_shows_a_dead_import_as_failed_and_offers_a_retry(
    client, reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    pk = _job(reform_officer, status=ImportStatus.RUNNING, started_ago=timedelta(hours=2))
    client.force_login(reform_officer)

    status = client.get(f"/danh-muc/nhap/{pk}/tien-do/").json()
    page = client.get(f"/danh-muc/nhap/{pk}/").content.decode()

    assert (status["status"], status["finished"]) == ("failed", True)
    assert "Nhập dữ liệu thất bại, không có dữ liệu nào được ghi." in page
    assert 'id="retry-import"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/danh-muc/nhap/{pk}/thu-lai/")
    assert response.status_code == 302
    assert CatalogueImport.objects.get(pk=pk).status == ImportStatus.DONE
