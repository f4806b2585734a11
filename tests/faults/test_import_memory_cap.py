"""An import that needs more memory than its cap, in the real worker on PostgreSQL: it ends as
failed with a Vietnamese message naming the file, nothing of it is written, and the same worker
goes on serving (the next import is done). The cap is lowered for this run through the task's
argument; in production it is IMPORT_MEMORY_LIMIT_MB."""

import pytest
from django.db import close_old_connections

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.tasks.catalogue import run_catalogue_import
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def uploaded(user, name: str, rows: list[dict]) -> CatalogueImport:
    # The row as the upload screen leaves it, without queueing the usual run: this test sends
    # the task itself, with a lower cap.
    return CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name=name,
        content=csv_bytes(rows, PROCEDURE_HEADERS),
        created_by=user,
    )


def finished(job_id: int) -> CatalogueImport | None:
    close_old_connections()
    job = CatalogueImport.objects.get(pk=job_id)
    return job if job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING) else None


def test_an_import_past_its_memory_cap_fails_cleanly_and_the_worker_keeps_serving(
    worker_pid, reform_officer
):
    # About 12 MB of CSV: decoded and parsed it needs far more than 40 MB.
    big = [
        procedure_row(f"1.{n:06d}", f"Thủ tục thử {n} " + "x" * 300) for n in range(100000, 120000)
    ]
    job = uploaded(reform_officer, "danh-muc-qua-lon.csv", big)
    run_catalogue_import.delay(job.pk, "vi", memory_limit_mb=40)

    job = wait_for(lambda: finished(job.pk), timeout=120, what="the capped import ends", every=1)
    assert job.status == ImportStatus.FAILED
    message = job.problems[0]["message"]
    assert "danh-muc-qua-lon.csv" in message
    assert "40 MB" in message and "không có dữ liệu nào được ghi" in message
    assert not Procedure.objects.exists()  # nothing half-written

    # The same worker, its cap lifted, imports the next file.
    small = [procedure_row("1.000001", "Đăng ký khai sinh")]
    after = uploaded(reform_officer, "danh-muc.csv", small)
    run_catalogue_import.delay(after.pk, "vi")
    after = wait_for(lambda: finished(after.pk), timeout=120, what="the next import", every=1)
    assert after.status == ImportStatus.DONE, after.problems
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.000001"]
