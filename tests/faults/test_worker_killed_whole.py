"""The whole worker killed in the middle of a catalogue import (SIGKILL of its main process and
its pool processes: nobody is left to report the task's failure; issue 22, finding 10). The
import's heartbeat stops; within CATALOGUE_IMPORT_LOST_SECONDS (shortened here) its page shows
it failed with the reason, Retry queues it again, and the worker, once started again, imports
every procedure exactly once."""

import time

import pytest
from django.db import close_old_connections

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.services.catalogue_imports import catalogue_import_create
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 4000
LOST_SECONDS = 10


def status_of(job_id: int) -> str:
    close_old_connections()
    return CatalogueImport.objects.values_list("status", flat=True).get(pk=job_id)


def test_a_whole_worker_killed_mid_import_is_failed_by_its_heartbeat_and_retried(
    worker, reform_officer, client, settings
):
    settings.CATALOGUE_IMPORT_LOST_SECONDS = LOST_SECONDS
    rows = [procedure_row(f"1.{n:06d}", f"Thủ tục thử {n}") for n in range(100000, 100000 + ROWS)]
    job = catalogue_import_create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=csv_bytes(rows, PROCEDURE_HEADERS),
        user=reform_officer,
    )
    wait_for(lambda: status_of(job.pk) == ImportStatus.RUNNING, timeout=60, what="import running")
    worker.kill()
    killed_at = time.monotonic()

    # The officer keeps the import's page open: it polls the status, which finds the lost run.
    client.force_login(reform_officer)

    def shown_failed():
        return client.get(f"/danh-muc/nhap/{job.pk}/tien-do/").json()["status"] == "failed"

    wait_for(shown_failed, timeout=LOST_SECONDS + 30, what="the lost import failed", every=1)
    # Not before its heartbeat was missed: a slow import must not be failed while it beats.
    assert time.monotonic() - killed_at >= LOST_SECONDS - 2
    failed = CatalogueImport.objects.get(pk=job.pk)
    assert failed.status == ImportStatus.FAILED
    reason = failed.problems[0]["message"]
    assert f"{LOST_SECONDS} giây" in reason, reason
    assert Procedure.objects.count() == 0  # all or nothing

    # Retry queues it again while no worker runs: it waits, pending, and is not lost.
    response = client.post(f"/danh-muc/nhap/{job.pk}/thu-lai/")
    assert response.status_code == 302
    assert status_of(job.pk) == ImportStatus.PENDING

    # The worker started again (as its systemd unit does) takes the queued run and finishes it.
    worker.start()
    wait_for(
        lambda: status_of(job.pk) == ImportStatus.DONE,
        timeout=240,
        what="the retried import done",
        every=1,
    )
    assert Procedure.objects.count() == ROWS
    assert CatalogueImport.objects.get(pk=job.pk).attempts == 2
