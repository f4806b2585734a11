"""Quá hạn: the one definition of "overdue at a moment", pure (no database).

An open dossier is overdue at a moment T when its due DATE, in the province's time zone, is
before the date of T: the verdict is at date level, like the outcome of a resolved dossier
(trước hạn / đúng hạn / quá hạn), so that a dossier is never "overdue" on the day it would still
be resolved "on time". At the end of day D that is: due date < D. A dossier waiting for the
applicant after its time ran out is judged the same way, by its due date (not by the day of the
request that found the time run out).

Every path asks this module: the clock's overdue flag (:func:`procedures.calendar.clock.
is_overdue`), the lists and the direct statistics (as a bound on ``due_at``,
:func:`overdue_bound`), and the roll-ups' SQL (the first day a dossier counts as overdue,
:func:`first_overdue_day_sql`), so the dashboard and the list behind it cannot disagree.

The rule as users and auditors read it, with its legal source:
docs/rules/clock.md ("Overdue at a moment: one rule").
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from procedures.calendar.core import TIME_ZONE


def overdue_bound(at: datetime, tz: ZoneInfo = TIME_ZONE) -> datetime:
    """The midnight that began the day of ``at`` in the province's zone: a due moment before
    it is overdue at ``at`` (the one bound the database filters ``due_at`` on)."""
    return datetime.combine(at.astimezone(tz).date(), time(0), tz)


def is_past_due(due_at: datetime | None, at: datetime, tz: ZoneInfo = TIME_ZONE) -> bool:
    """Whether the due date of ``due_at`` has passed at ``at`` (never, without a due moment).
    The state of the clock (running, or waiting after its time ran out) is the caller's."""
    return due_at is not None and due_at < overdue_bound(at, tz)


def first_overdue_day(due_at: datetime, tz: ZoneInfo = TIME_ZONE) -> date:
    """The first day at whose end a dossier due at ``due_at`` is overdue: the day after its
    due date (due at 10:00 on Thursday: still within time at the end of Thursday)."""
    return due_at.astimezone(tz).date() + timedelta(days=1)


def first_overdue_day_sql(column: str, tz_param: str = "%(tz)s") -> str:
    """:func:`first_overdue_day` as a PostgreSQL expression over a ``timestamptz`` column (the
    zone passed as the query parameter ``tz_param``)."""
    return f"((({column}) AT TIME ZONE {tz_param})::date + 1)"


def is_past_due_sql(due_column: str, at_column: str, tz_param: str = "%(tz)s") -> str:
    """:func:`is_past_due` as a PostgreSQL condition over two ``timestamptz`` columns: the due
    date of ``due_column`` is before the date of ``at_column`` (how the clock judges whether a
    request found the time run out: a request on the due day, even after the due moment, does
    not)."""
    at_day = f"(({at_column}) AT TIME ZONE {tz_param})::date"
    return f"{first_overdue_day_sql(due_column, tz_param)} <= {at_day}"
