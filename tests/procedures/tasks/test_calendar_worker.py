"""The real Celery worker recomputes due moments after a committed calendar change."""

import time
from datetime import date, datetime, timedelta

import pytest

from procedures.calendar import TIME_ZONE
from procedures.models import CalendarChange, CalendarOverride
from procedures.services.calendar import calendar_override_create
from tests.procedures.calendar.dossiers import dossier_with_clock


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_moves_open_dossiers_due_moments_after_the_commit():
    dossier = dossier_with_clock(
        start=datetime(2026, 3, 6, 10, tzinfo=TIME_ZONE), work=timedelta(hours=8)
    )
    calendar_override_create(
        day=date(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        change = CalendarChange.objects.get()
        if change.recomputed_at is not None:
            break
        time.sleep(0.2)
    assert change.recomputed_dossiers == 1
    dossier.refresh_from_db()
    assert dossier.due_at == datetime(2026, 3, 7, 10, tzinfo=TIME_ZONE)
