"""A worker process killed in the middle of a catalogue import (kill -9 of the pool process that
runs it, in the real worker): the import is marked failed within a minute, never left "running",
nothing of it is written, and running it again imports every procedure exactly once."""

import os
import signal
from pathlib import Path

import pytest
from django.db import close_old_connections

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.services.catalogue_imports import catalogue_import_create, catalogue_import_retry
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 4000


def pool_processes(worker_pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == worker_pid:
            children.append(int(stat.parent.name))
    return children


def status_of(job_id: int) -> str:
    close_old_connections()
    return CatalogueImport.objects.get(pk=job_id).status


def test_a_worker_killed_mid_import_marks_it_failed_and_a_retry_imports_once(
    worker_pid, reform_officer
):
    rows = [procedure_row(f"1.{n:06d}", f"Thủ tục thử {n}") for n in range(100000, 100000 + ROWS)]
    job = catalogue_import_create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=csv_bytes(rows, PROCEDURE_HEADERS),
        user=reform_officer,
    )
    wait_for(lambda: status_of(job.pk) == ImportStatus.RUNNING, timeout=60, what="import running")
    killed = pool_processes(worker_pid)
    assert killed, "the worker has no pool process"
    for pid in killed:
        os.kill(pid, signal.SIGKILL)

    wait_for(
        lambda: status_of(job.pk) == ImportStatus.FAILED,
        timeout=90,
        what="the import marked failed",
        every=1,
    )
    assert Procedure.objects.count() == 0  # all or nothing

    # The worker replaced its pool processes: the officer retries, and it imports once.
    retried = catalogue_import_retry(
        job=CatalogueImport.objects.get(pk=job.pk), user=reform_officer
    )
    wait_for(
        lambda: status_of(retried.pk) == ImportStatus.DONE,
        timeout=240,
        what="the retried import done",
        every=1,
    )
    assert Procedure.objects.count() == ROWS
