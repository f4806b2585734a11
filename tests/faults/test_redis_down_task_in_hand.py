"""Redis (the broker) stops while the worker holds a task: the worker's main process stays up,
reconnects by itself once Redis is back, and the same process serves the next task; the task in
hand still ends its work (issue 22, finding 4). Before onestop.broker, Celery 5.7's main process
exited here ("Unrecoverable error: AttributeError ... 'hostname'")."""

import os
import time

import pytest
from django.db import close_old_connections
from django.utils import timezone

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure, WorkerHeartbeat
from procedures.tasks.catalogue import run_catalogue_import
from procedures.tasks.heartbeat import heartbeat
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for
from tests.worker_drain import drain_published_tasks

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 20000
OUTAGE_SECONDS = 15


def _status(job_id: int) -> str:
    close_old_connections()
    return CatalogueImport.objects.values_list("status", flat=True).get(pk=job_id)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_redis_stopped_while_the_worker_holds_a_task_the_same_worker_serves_afterwards(
    redis_service, worker_pid, reform_officer
):
    assert drain_published_tasks() == []
    # An import long enough to be in the worker's hands when Redis stops.
    rows = [procedure_row(f"1.{n:06d}", f"Thủ tục thử {n}") for n in range(100000, 100000 + ROWS)]
    job = CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name="danh-muc-lon.csv",
        content=csv_bytes(rows, PROCEDURE_HEADERS),
        created_by=reform_officer,
    )
    run_catalogue_import.delay(job.pk, "vi")
    wait_for(
        lambda: _status(job.pk) != ImportStatus.PENDING,
        timeout=90,
        what="the worker takes the import",
    )

    redis_service.stop()
    try:
        outage_ends = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < outage_ends:
            assert _alive(worker_pid), "the worker's main process exited while Redis was down"
            time.sleep(1)
    finally:
        redis_service.start()

    # The task in hand finished its work (its database writes never needed Redis).
    wait_for(
        lambda: _status(job.pk) not in (ImportStatus.PENDING, ImportStatus.RUNNING),
        timeout=300,
        what="the import in hand ends",
        every=1,
    )
    assert _status(job.pk) == ImportStatus.DONE
    assert Procedure.objects.count() == ROWS

    # The same process, never restarted, takes new work once Redis is back.
    requested = timezone.now()

    def answered():
        assert _alive(worker_pid), "the worker's main process exited after Redis came back"
        close_old_connections()
        try:
            heartbeat.delay(timezone.now().isoformat())
        except Exception:  # noqa: BLE001 - Redis may take a moment to accept connections
            return False
        time.sleep(2)
        return WorkerHeartbeat.objects.filter(ran_at__gte=requested).exists()

    wait_for(answered, timeout=120, what="the same worker runs a task after Redis is back", every=1)
    assert _alive(worker_pid)
