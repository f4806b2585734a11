"""The dossier's clock as the actions move it: start, stop and resume along the working calendar,
keeping ``due_at == add_working_time(clock_started_at, clock_work)``."""

from __future__ import annotations

from datetime import datetime, timedelta

from procedures.calendar import WorkingCalendar
from procedures.choices import SupplementMode
from procedures.models import Dossier


def full_work(dossier: Dossier, calendar: WorkingCalendar) -> timedelta:
    version = dossier.procedure_version
    return calendar.duration(version.effective_time_value, version.processing_time_unit)


def clock_start(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Start the clock at ``at`` with the full processing time."""
    dossier.clock_work = full_work(dossier, calendar)
    dossier.clock_started_at = at
    dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
    dossier.is_overdue = False


def clock_stop(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Stop the clock at ``at``: the clock restarts from ``at`` with the working time left, so the
    invariant still gives today's due moment while the dossier waits. A dossier already overdue
    keeps its clock (nothing is left to stop) and stays overdue while it waits."""
    if at < dossier.due_at:
        elapsed = calendar.working_time_between(dossier.clock_started_at, at)
        dossier.clock_work = max(dossier.clock_work - elapsed, timedelta(0))
        dossier.clock_started_at = at
        dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
        dossier.is_overdue = False
    else:
        # Its time had run out: the waiting does not make it timely (overdue strictly after).
        dossier.is_overdue = at > dossier.due_at


def clock_resume(
    dossier: Dossier, calendar: WorkingCalendar, at: datetime, *, stopped_at: datetime, mode: str
) -> None:
    """Restart the clock at ``at`` with the complete dossier: ``pause`` counts the working time
    left when it stopped, ``restart`` the full processing time again."""
    if mode == SupplementMode.RESTART:
        dossier.clock_work = full_work(dossier, calendar)
    elif dossier.due_at <= stopped_at:
        # Already overdue when it stopped: the waiting time does not make it timely again.
        return
    dossier.clock_started_at = at
    dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
    dossier.is_overdue = dossier.due_at < at
