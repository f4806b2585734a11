"""The broker (Redis) stops: desk actions still commit, the follow-up work waits in the outbox and
runs in the real worker once the broker is back; the public lookup keeps answering."""

from datetime import date

import pytest
from django.db import close_old_connections

from procedures.models import CalendarChange, CalendarOverride, DossierEvent, OutboxMessage
from procedures.public_lookup import check_value
from procedures.services.calendar import calendar_override_create
from procedures.tasks.outbox import drain_outbox
from tests.faults.conftest import wait_for
from tests.fixtures_dossiers import vn
from tests.worker_drain import drain_published_tasks

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_with_the_broker_down_work_commits_and_its_follow_up_runs_when_it_is_back(
    redis_service, api_client, client, reception_user, administrator, receive
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    api_client.force_authenticate(reception_user)
    # Nothing in hand when Redis goes (that case: tests/faults/test_redis_down_task_in_hand.py).
    assert drain_published_tasks() == []

    redis_service.stop()
    try:
        # A desk action answers and commits.
        response = api_client.post(
            f"/api/v1/dossiers/{dossier.code}/request_supplement/",
            {"note": "Thiếu giấy chứng sinh"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert DossierEvent.objects.filter(dossier=dossier, action="request_supplement").exists()

        # A calendar change commits; its recomputation waits in the outbox, its error recorded.
        calendar_override_create(
            day=date(2026, 3, 7),
            kind=CalendarOverride.Kind.WORKING_DAY,
            name="Làm bù",
            user=administrator,
        )
        change = CalendarChange.objects.get()
        # The recomputation waits; the desk action's roll-ups moved in its own transaction,
        # so nothing of it waits for the broker.
        waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
        assert [m.task.rsplit(".", 1)[1] for m in waiting] == ["recompute_due_moments"]
        message = waiting.get()
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        assert change.recomputed_at is None

        # The public lookup still answers (its counter lives in the unreachable cache).
        page = client.get("/tra-cuu/", {"code": dossier.code, "check": check_value(dossier.code)})
        assert page.status_code == 200
    finally:
        redis_service.start()

    # The broker is back: the worker drains the outbox and runs the recomputation, once.
    wait_for(_published(drain_outbox), timeout=30, what="drain task published")

    def recomputed():
        close_old_connections()
        change.refresh_from_db()
        return change.recomputed_at is not None

    wait_for(recomputed, timeout=90, what="the recomputation ran in the worker", every=1)
    message.refresh_from_db()
    assert message.sent_at is not None
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def _published(task):
    def publish():
        try:
            task.delay()
        except Exception:  # noqa: BLE001 - the broker may take a moment to accept connections
            return False
        return True

    return publish
