"""After the whole worker is killed (nobody left to report the task's failure), an import shows
"running" only until its heartbeat is missed: within CATALOGUE_IMPORT_LOST_SECONDS it is marked
failed with the reason, and Retry queues it again (issue 22, finding 10)."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.services.catalogue_imports import (
    catalogue_import_retry,
    catalogue_import_run,
    catalogue_imports_expire,
)
from procedures.services.import_beat import import_heartbeat
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

CONTENT = csv_bytes([procedure_row("1.001193", "Đăng ký khai sinh")], PROCEDURE_HEADERS)


def _running(*, started_ago: timedelta, beat_ago: timedelta | None) -> CatalogueImport:
    now = timezone.now()
    return CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=CONTENT,
        status=ImportStatus.RUNNING,
        started_at=now - started_ago,
        beat_at=None if beat_ago is None else now - beat_ago,
        attempts=1,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("started_ago", "beat_ago", "lost"),
    [
        (timedelta(minutes=3), timedelta(minutes=3), True),  # the worker died at once
        (timedelta(minutes=20), timedelta(seconds=100), True),  # it beat, then stopped
        (timedelta(minutes=20), timedelta(seconds=10), False),  # a long import, still beating
        (timedelta(seconds=30), timedelta(seconds=30), False),  # not yet missed
    ],
)
def test_an_import_whose_heartbeat_stopped_is_marked_failed_within_two_minutes(
    settings, started_ago, beat_ago, lost
):
    settings.CATALOGUE_IMPORT_LOST_SECONDS = 90
    job = _running(started_ago=started_ago, beat_ago=beat_ago)

    assert catalogue_imports_expire() == (1 if lost else 0)

    job.refresh_from_db()
    if lost:
        assert job.status == ImportStatus.FAILED
        assert job.finished_at is not None
        message = job.problems[0]["message"]
        assert "nhịp" in message and "90" in message  # the reason, in Vietnamese
    else:
        assert job.status == ImportStatus.RUNNING


@pytest.mark.django_db
def test_retry_queues_a_lost_import_again_and_it_imports(
    settings, reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    settings.CATALOGUE_IMPORT_LOST_SECONDS = 90
    job = _running(started_ago=timedelta(minutes=3), beat_ago=timedelta(minutes=3))
    catalogue_imports_expire()
    job.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_import_retry(job=job, user=reform_officer)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.attempts == 2
    assert Procedure.objects.filter(code="1.001193").exists()


@pytest.mark.django_db
def test_a_message_redelivered_after_the_worker_died_claims_the_lost_import(settings):
    settings.CATALOGUE_IMPORT_LOST_SECONDS = 90
    job = _running(started_ago=timedelta(minutes=3), beat_ago=timedelta(minutes=3))
    catalogue_import_run(import_id=job.pk, language="vi")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_the_running_import_beats_from_its_own_thread():
    job = _running(started_ago=timedelta(seconds=1), beat_ago=timedelta(minutes=5))
    before = CatalogueImport.objects.get(pk=job.pk).beat_at
    blocked = threading.Event()
    with import_heartbeat(job.pk, every=0.05):
        blocked.wait(0.5)  # the import's own work, writing nothing to its row
    after = CatalogueImport.objects.get(pk=job.pk).beat_at
    assert after > before + timedelta(minutes=4)
