"""The dossier's clock as the actions move it: the columns of a :class:`Dossier` read into, and
written from, the pure :mod:`procedures.calendar.clock`, under the rule set in force on the day
the dossier was received. The rules themselves live only in that module."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from procedures.calendar import WorkingCalendar
from procedures.calendar import clock as rules
from procedures.calendar.processing_time import ProcessingTime
from procedures.calendar.row_clock import clock_of
from procedures.models import Dossier, InterconnectedStep, ProcedureVersion

CLOCK_FIELDS = ("clock_started_at", "clock_work", "due_at", "clock_ran_out", "is_overdue")


def version_time(version: ProcedureVersion, channel: str | None = None) -> ProcessingTime:
    """Thời hạn giải quyết that counts for dossiers of ``version`` that came in by ``channel``:
    the channel's own time when the record gives one, else the procedure's (applied if reduced)."""
    return version.processing_time_for(channel)


def dossier_rules(dossier: Dossier, book: rules.RuleBook | None = None):
    """(calendar, supplement mode) of the rule set in force on the day ``dossier`` was received."""
    if book is None:
        from procedures.selectors.calendar import clock_rule_book_get

        book = clock_rule_book_get()
    return book.for_moment(dossier.received_at)


def clock_put(dossier: Dossier, clock: rules.Clock, calendar: WorkingCalendar, at) -> None:
    dossier.clock_started_at, dossier.clock_work = clock.started_at, clock.work
    dossier.due_at, dossier.clock_ran_out = clock.due_at, clock.ran_out
    dossier.is_overdue = rules.is_overdue(clock, calendar, at)


def full_work(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> timedelta | None:
    """The full processing time in working time from ``at``; ``None`` without a time limit."""
    time_value = version_time(dossier.procedure_version, dossier.channel)
    if not time_value.has_due_moment:
        return None
    return rules.full_work(time_value, calendar, at)[0]


def clock_start(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Start the clock at ``at`` with the full processing time."""
    clock = rules.start(version_time(dossier.procedure_version, dossier.channel), calendar, at)
    clock_put(dossier, clock, calendar, at)


def clock_stop(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Stop the clock at ``at`` (see :func:`procedures.calendar.clock.stop`)."""
    clock = rules.stop(clock_of(dossier), calendar, at)
    clock_put(dossier, clock, calendar, at)


def clock_resume(dossier: Dossier, calendar: WorkingCalendar, at: datetime, *, mode: str) -> None:
    """Resume the clock at ``at`` by ``mode`` (see :func:`procedures.calendar.clock.resume`)."""
    clock = rules.resume(
        replace(clock_of(dossier), stopped_at=dossier.clock_started_at),
        calendar,
        at,
        mode=mode,
        time_value=version_time(dossier.procedure_version, dossier.channel),
    )
    clock_put(dossier, clock, calendar, at)


def version_shares(version_id: int, calendar: WorkingCalendar) -> dict[int, timedelta]:
    """Each agency's share of the processing time of an interconnected procedure, in working
    time (a share in calendar days has no working length and gives no attribution)."""
    shares = {}
    for agency_id, value, unit in InterconnectedStep.objects.filter(
        version_id=version_id
    ).values_list("agency_id", "share_value", "share_unit"):
        work = ProcessingTime(value, unit).working_duration(calendar)
        if work is not None:
            shares[agency_id] = work
    return shares


def history_events(dossier: Dossier) -> list[rules.Event]:
    return [
        rules.Event(action, at, receiver)
        for action, at, receiver in dossier.events.exclude(action="receive")
        .order_by("at", "id")
        .values_list("action", "at", "receiver_id")
    ]


def dossier_history(
    dossier: Dossier,
    calendar: WorkingCalendar,
    mode: str,
    *,
    extra: list[rules.Event] = (),
    events: list[rules.Event] | None = None,
    shares: dict | None = None,
) -> rules.Result:
    """The dossier's whole history (its recorded events and ``extra`` ones) run through the
    clock: waiting time, 766 lateness, apology timing and who held it how long."""
    events = history_events(dossier) if events is None else events
    if shares is None:
        shares = version_shares(dossier.procedure_version_id, calendar)
    return rules.run(
        [*events, *extra],
        time_value=version_time(dossier.procedure_version, dossier.channel),
        calendar=calendar,
        mode=mode,
        received_at=dossier.received_at,
        first_holder=dossier.desk.unit_id,
        shares=shares,
    )
