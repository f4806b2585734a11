"""Redis (broker and cache) stopped for 30 s while the desk takes dossiers and officers, leaders
and the administrator open their pages: every answer is a success, and once Redis is back the
same worker process runs tasks again without anyone restarting it (issue 22, finding 4)."""

import os
import time

import pytest
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from procedures.models import CatalogueImport, Dossier, WorkerHeartbeat
from procedures.tasks.heartbeat import heartbeat
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.faults.conftest import wait_for
from tests.security.test_intake import api_body
from tests.worker_drain import drain_published_tasks

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
OUTAGE_SECONDS = 30


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_with_redis_stopped_every_page_answers_and_the_worker_comes_back_by_itself(
    redis_service,
    worker_pid,
    leader,
    reform_officer,
    administrator,
    reception_user,
    intake_desk,
    birth_registration,
):
    failed_import = CatalogueImport.objects.create(
        kind="procedures",
        file_name="tthc.csv",
        content=csv_bytes([procedure_row("X1", "Sai mã")], PROCEDURE_HEADERS),
        status="refused",
        problems=[{"row": 2, "message": "Mã không hợp lệ"}],
        problems_total=1,
    )
    desk = APIClient()
    desk.force_authenticate(reception_user)
    pages = [
        (_logged_in(leader), reverse("home"), {}),
        (_logged_in(leader), reverse("dashboard"), {"period": "month"}),
        (_logged_in(leader), reverse("dashboard-chart", args=("trend", "svg")), {}),
        (_logged_in(leader), reverse("dashboard-table", args=("csv",)), {}),
        (_logged_in(reform_officer), reverse("home"), {}),
        (_logged_in(reform_officer), reverse("catalogue-import"), {}),
        (
            _logged_in(reform_officer),
            reverse("catalogue-import-detail", args=[failed_import.pk]),
            {},
        ),
        (_logged_in(administrator), reverse("home"), {}),
        (_logged_in(reception_user), reverse("home"), {}),
    ]
    # Nothing of the fixtures' work left in the worker's hands: this test is about the pages
    # (a task in hand when Redis goes: test_redis_down_task_in_hand.py).
    assert drain_published_tasks() == []

    redis_service.stop()
    answers, intakes = [], 0
    try:
        stopped = time.monotonic()
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            response = desk.post("/api/v1/dossiers/", api_body(), format="json")
            answers.append(("intake", response.status_code))
            intakes += response.status_code == 201
            for client, url, params in pages:
                answers.append((url, client.get(url, params).status_code))
            time.sleep(1)
    finally:
        redis_service.start()

    assert [a for a in answers if a[1] not in (200, 201)] == []
    assert intakes >= 3 and Dossier.objects.count() == intakes

    # The same worker process, never restarted, takes work again.
    os.kill(worker_pid, 0)
    requested = timezone.now()

    def answered():
        close_old_connections()
        try:
            heartbeat.delay(timezone.now().isoformat())
        except Exception:  # noqa: BLE001 - Redis may take a moment to accept connections
            return False
        time.sleep(2)
        return WorkerHeartbeat.objects.filter(ran_at__gte=requested).exists()

    wait_for(answered, timeout=120, what="the worker runs a task after Redis is back", every=1)
    os.kill(worker_pid, 0)
