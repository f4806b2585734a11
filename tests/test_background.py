"""The embedded default (no broker): an upload answers at once; its import runs beside the
requests in the web process's background thread, never inside the officer's request."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop import background
from procedures.choices import ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.tasks import catalogue as catalogue_tasks

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


def test_an_upload_answers_before_its_import_is_read(
    client, reform_officer, celery_eager, web_process, monkeypatch
):
    reading, finish = threading.Event(), threading.Event()
    run = catalogue_tasks.catalogue_import_run

    def held_import(**kwargs):
        reading.set()
        assert finish.wait(30), "the test never let the import go on"
        return run(**kwargs)

    monkeypatch.setattr(catalogue_tasks, "catalogue_import_run", held_import)
    client.force_login(reform_officer)
    response = client.post(
        "/danh-muc/nhap/",
        {"kind": "procedures", "file": SimpleUploadedFile("tthc.csv", CSV.encode())},
    )

    # The officer has the progress page while the file is still being read.
    job = CatalogueImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/danh-muc/nhap/{job.pk}/"
    assert reading.wait(10), "the import never started in the background"
    job.refresh_from_db()
    assert job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    assert not Procedure.objects.exists()
    progress = client.get(f"/danh-muc/nhap/{job.pk}/tien-do/").json()
    assert progress["finished"] is False

    finish.set()
    background.disable()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Procedure.objects.get().code == "1.000001"


def test_management_commands_and_tests_run_long_tasks_in_line(celery_eager):
    ran = []

    class LongTask:
        long_running = True
        name = "example"

        def delay(self, *args):
            ran.append(args)

    assert background.task_send(LongTask(), 1) is None
    assert ran == [(1,)]
