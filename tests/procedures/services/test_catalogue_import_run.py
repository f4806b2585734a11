import time

import pytest
from django.core.cache import cache
from django.db import transaction

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport, Procedure
from procedures.problems import Refused
from procedures.services.catalogue_imports import catalogue_import_create, progress_key
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, decision_workbook, procedure_row


def _upload(user, content, name="tthc.csv", kind=ImportKind.PROCEDURES, **options):
    return catalogue_import_create(
        kind=kind, file_name=name, content=content, options=options, user=user
    )


@pytest.mark.django_db
def test_an_uploaded_file_is_imported_by_the_task_once_the_upload_commits(
    reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    content = csv_bytes([procedure_row("1.001193", "Đăng ký khai sinh")], PROCEDURE_HEADERS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = _upload(reform_officer, content)
        assert job.status == ImportStatus.PENDING
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == 1
    assert job.finished_at is not None
    progress = cache.get(progress_key(job.pk))
    assert (progress["done"], progress["total"]) == (100, 100)
    assert Procedure.objects.filter(code="1.001193").exists()


@pytest.mark.django_db
def test_a_refused_file_keeps_its_report_and_writes_nothing(
    reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    content = decision_workbook(abolished=[["1", "1.999999", "Không có", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(reform_officer, content, name="qd.xlsx", kind=ImportKind.DECISION, apply=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert job.problems[0]["sheet"] == "Bãi bỏ"
    assert job.problems[0]["row"] == 2
    assert "không có trong danh mục" in job.problems[0]["message"]
    assert job.decision is None


@pytest.mark.django_db
def test_an_empty_upload_is_refused_before_queueing(reform_officer):
    with pytest.raises(Refused):
        _upload(reform_officer, b"")
    assert not CatalogueImport.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_imports_an_upload(reform_officer):
    content = csv_bytes([procedure_row("1.001193", "Đăng ký khai sinh")], PROCEDURE_HEADERS)
    with transaction.atomic():
        job = _upload(reform_officer, content)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING):
            break
        time.sleep(0.2)
    assert job.status == ImportStatus.DONE
    assert Procedure.objects.filter(code="1.001193").exists()
