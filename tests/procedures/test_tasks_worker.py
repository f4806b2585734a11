"""The real Celery worker started by ``make test`` runs tasks queued after commit."""

import time

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from procedures.models import WorkerHeartbeat
from procedures.tasks.heartbeat import heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_runs_in_the_worker_and_writes_to_the_database():
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    requested_at = timezone.now()
    with transaction.atomic():
        transaction.on_commit(lambda: heartbeat.delay(requested_at.isoformat()))
        assert WorkerHeartbeat.objects.count() == 0

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not WorkerHeartbeat.objects.exists():
        time.sleep(0.2)

    row = WorkerHeartbeat.objects.get()
    assert row.requested_at == requested_at
    # The worker, not this process, ran it: its hostname is the one make test gave it.
    assert row.worker.startswith("onestop-test@")
