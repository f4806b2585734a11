"""The embedded default (no broker): an upload answers at once; its import runs beside the
requests, from the web process's background thread, never inside the officer's request; and in
a process of its own, so that its memory cap (IMPORT_MEMORY_LIMIT_MB) caps the import, not the
web process (issue 22, finding 6)."""

import multiprocessing
import os
import resource
import signal
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from onestop import background
from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.services.catalogue_imports import catalogue_import_create, progress_key
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for

# The background thread has its own connection: it sees committed rows only.
pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Ngày hiệu lực\n"
    "1.000001,Đăng ký khai sinh,Hộ tịch,Cấp Xã,3 ngày làm việc,01/01/2016\n"
)


@pytest.fixture
def web_process():
    """This process as the WSGI application makes it under make run."""
    background.enable()
    yield
    background.disable()  # waits for the job in flight


@contextmanager
def procedures_held():
    """Hold the catalogue table against writes from another connection (as a long import of
    someone else's would): the background import, in a process of its own, waits on it."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Procedure._meta.db_table} IN EXCLUSIVE MODE")
                locked.set()
                assert release.wait(60), "the test never released the catalogue"
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join(10)


def status_of(job_id: int) -> str:
    return CatalogueImport.objects.values_list("status", flat=True).get(pk=job_id)


def test_an_upload_answers_before_its_import_is_read(
    client, reform_officer, celery_eager, web_process, settings
):
    # The embedded default's cache, in the web process's memory: the child's is its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.force_login(reform_officer)
    with procedures_held():
        response = client.post(
            "/danh-muc/nhap/",
            {"kind": "procedures", "file": SimpleUploadedFile("tthc.csv", CSV.encode())},
        )

        # The officer has the progress page while the file is still being imported.
        job = CatalogueImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/danh-muc/nhap/{job.pk}/"
        wait_for(
            lambda: status_of(job.pk) == ImportStatus.RUNNING,
            timeout=60,
            what="the import started in the background",
        )
        assert not Procedure.objects.exists()
        progress = client.get(f"/danh-muc/nhap/{job.pk}/tien-do/").json()
        assert progress["finished"] is False
        # It runs in a process of its own, a child of the web process.
        assert len(multiprocessing.active_children()) == 1

    background.disable()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.problems
    assert Procedure.objects.get().code == "1.000001"
    # The child's progress was relayed to the web process's cache, where the page reads it.
    progress = cache.get(progress_key(job.pk))
    assert (progress["done"], progress["total"]) == (100, 100)


def big_catalogue() -> bytes:
    # About 12 MB of CSV: decoded and parsed it needs far more than 40 MB.
    rows = [
        procedure_row(f"1.{n:06d}", f"Thủ tục thử {n} " + "x" * 300) for n in range(100000, 120000)
    ]
    return csv_bytes(rows, PROCEDURE_HEADERS)


def test_an_import_past_its_memory_cap_fails_and_the_web_process_is_not_capped(
    reform_officer, celery_eager, web_process, settings
):
    settings.IMPORT_MEMORY_LIMIT_MB = 40
    content = big_catalogue()
    limits_seen, done = set(), threading.Event()

    def watch_the_web_process():
        while not done.is_set():
            limits_seen.add(resource.getrlimit(resource.RLIMIT_AS))
            time.sleep(0.002)

    watcher = threading.Thread(target=watch_the_web_process)
    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    watcher.start()
    try:
        job = catalogue_import_create(
            kind=ImportKind.PROCEDURES,
            file_name="danh-muc-qua-lon.csv",
            content=content,
            user=reform_officer,
        )
        # The upload itself is in this process (stored in the job's row); its import is not.
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB
        background.disable()  # waits for the import
        peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        done.set()
        watcher.join()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    message = job.problems[0]["message"]
    assert "danh-muc-qua-lon.csv" in message and "40 MB" in message, message
    assert "không có dữ liệu nào được ghi" in message
    assert not Procedure.objects.exists()
    # The web process was never capped (its other requests could allocate all along), and the
    # file was parsed elsewhere: its peak memory barely moved.
    assert limits_seen == {limit_before}
    assert peak_after - peak_before < 10 * 1024


def test_an_import_whose_process_dies_is_failed_naming_the_memory_limit(
    reform_officer, celery_eager, web_process, settings
):
    settings.IMPORT_MEMORY_LIMIT_MB = 300
    with procedures_held():
        job = catalogue_import_create(
            kind=ImportKind.PROCEDURES,
            file_name="tthc.csv",
            content=CSV.encode(),
            user=reform_officer,
        )
        wait_for(
            lambda: status_of(job.pk) == ImportStatus.RUNNING,
            timeout=60,
            what="the import started in the background",
        )
        # As the kernel's OOM killer or a crash in a C extension would end it.
        (child,) = multiprocessing.active_children()
        os.kill(child.pid, signal.SIGKILL)
        background.disable()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    message = job.problems[0]["message"]
    assert "SIGKILL" in message and "300 MB" in message, message
    assert "bộ nhớ" in message and "IMPORT_MEMORY_LIMIT_MB" in message
    assert not Procedure.objects.exists()


def test_management_commands_and_tests_run_long_tasks_in_line(celery_eager):
    ran = []

    class LongTask:
        long_running = True
        name = "example"

        def delay(self, *args):
            ran.append(args)

    assert background.task_send(LongTask(), 1) is None
    assert ran == [(1,)]
