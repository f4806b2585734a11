"""A worker process killed in the middle of the recomputation of due moments after a calendar
change (kill -9 of the pool process running it, in the real worker, after some of its chunks
committed): the recomputation runs again and ends within minutes, never left pending, and its
effect is had once: every open dossier's due moment is the calendar's, recorded once."""

import os
import signal
from datetime import date, timedelta

import pytest
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone

from bench import synthetic_dossiers
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.models import CalendarChange, CalendarOverride, Dossier
from procedures.services.calendar import calendar_override_create, dossier_due_moments_recompute
from tests.factories import DeskFactory, ProcedureVersionFactory
from tests.faults.conftest import wait_for
from tests.faults.test_worker_killed import pool_processes

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 60_000  # twelve chunks of 5.000: long enough to be killed in the middle


def _next_working_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def moved_so_far() -> int:
    # The synthetic due moments are receipt + 5 calendar days; the calendar's never are.
    close_old_connections()
    return (
        Dossier.objects.filter(status__in=RUNNING_STATUSES)
        .exclude(due_at=F("received_at") + timedelta(days=5))
        .count()
    )


def recorded(change_id: int) -> CalendarChange | None:
    close_old_connections()
    change = CalendarChange.objects.get(pk=change_id)
    return change if change.recomputed_at else None


def worker_idle() -> bool:
    """Nothing running, reserved or queued: the roll-up refreshes the worker itself queued
    after each chunk are done before the test's tables are flushed."""
    from onestop.celery import app

    inspect = app.control.inspect(timeout=1.0)
    if any((inspect.active() or {}).values()) or any((inspect.reserved() or {}).values()):
        return False
    with app.connection_for_write() as connection:
        return connection.default_channel.client.llen("celery") == 0


def test_a_worker_killed_mid_recomputation_runs_it_again_and_its_effect_is_had_once(worker_pid):
    desks = [DeskFactory().pk for _ in range(3)]
    versions = [
        (v.procedure_id, v.pk, v.sector_id) for v in (ProcedureVersionFactory() for _ in range(5))
    ]
    # Every dossier received in the last fortnight and still open (none older than open_days).
    synthetic_dossiers.fill(
        rows=ROWS, desks=desks, versions=versions, end=timezone.now(), years=14 / 365
    )
    running = Dossier.objects.filter(status__in=RUNNING_STATUSES).count()
    assert running > ROWS // 2

    # A day off next week: the change commits, the recomputation goes to the real worker.
    calendar_override_create(
        day=_next_working_weekday(timezone.localdate() + timedelta(days=7)),
        kind=CalendarOverride.Kind.DAY_OFF,
        name="Nghỉ bù theo quyết định của tỉnh",
    )
    change = CalendarChange.objects.get()

    # In the middle: some chunks committed, the change not yet recorded.
    wait_for(lambda: moved_so_far() > 0, timeout=120, what="a first chunk committed", every=0.2)
    assert recorded(change.pk) is None, "the recomputation ended before it could be killed"
    killed = pool_processes(worker_pid)
    assert killed, "the worker has no pool process"
    for pid in killed:
        os.kill(pid, signal.SIGKILL)

    change = wait_for(
        lambda: recorded(change.pk), timeout=300, what="the recomputation run again", every=1
    )
    # Once: recorded for every open dossier whose clock runs, and nothing left to move.
    assert change.recomputed_dossiers == running
    assert dossier_due_moments_recompute() == (running, 0)
    assert CalendarChange.objects.count() == 1
    wait_for(worker_idle, timeout=300, what="the worker idle again", every=2)
