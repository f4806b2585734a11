"""Giới hạn của một yêu cầu thống kê: how long a period, how many time groups and how much
database time one statistics request may take.

One rule for every reader (the API, the leader's home, the dashboard, its CSV/XLSX tables and
its charts): a period of a century grouped by month held a web worker 30 s until it was killed,
and year 9999 overflowed the date arithmetic. A request past a limit is refused with the limit
named; one that still runs long is stopped by PostgreSQL (``SET LOCAL statement_timeout``)
instead of holding a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from procedures.selectors.statistics_groupings import GROUPINGS

# Dossiers of the one-stop mechanism start with Decision 93/2007/QĐ-TTg; a century on is far
# past any report, and keeps every day plus one representable.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def max_period_days() -> int:
    """The longest period one request may ask for (``STATS_MAX_PERIOD_DAYS``, default about
    ten years: two five-year terms side by side)."""
    return int(getattr(settings, "STATS_MAX_PERIOD_DAYS", 3660))


def max_time_groups() -> int:
    """The most months, quarters or years one request may group by (``STATS_MAX_TIME_GROUPS``)."""
    return int(getattr(settings, "STATS_MAX_TIME_GROUPS", 120))


def statement_timeout_seconds() -> float:
    """How long the database may work for one statistics request (``STATS_STATEMENT_TIMEOUT_S``;
    0: no limit)."""
    return float(getattr(settings, "STATS_STATEMENT_TIMEOUT_S", 20))


def period_problems(date_from: date, date_to: date, *, group_by: Sequence[str] = ()) -> dict:
    """What is wrong with a period and its time grouping (field -> messages), every limit
    named; empty when nothing is."""
    problems: dict[str, list[str]] = {}
    for field, day in (("date_from", date_from), ("date_to", date_to)):
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            problems.setdefault(field, []).append(
                _("%(day)s is outside the days statistics cover (%(first)s to %(last)s).")
                % {
                    "day": format_date(day),
                    "first": format_date(EARLIEST_DAY),
                    "last": format_date(LATEST_DAY),
                }
            )
    days = (date_to - date_from).days + 1
    if days > max_period_days():
        problems.setdefault("date_to", []).append(
            _(
                "The period is %(days)s days long; one request covers at most %(limit)s days: "
                "ask for a shorter period."
            )
            % {"days": _number(days), "limit": _number(max_period_days())}
        )
    time_groups = None
    time_dims = [g for g in group_by if g in GROUPINGS and GROUPINGS[g].is_time]
    if time_dims and not problems:
        # Counted only for days in range: year 9999 has no month after its last.
        time_groups = len(GROUPINGS[time_dims[0]].buckets(date_from, date_to))
    if time_groups is not None and time_groups > max_time_groups():
        problems.setdefault("group_by", []).append(
            _(
                "The period would give %(groups)s groups; one request gives at most %(limit)s: "
                "group by a longer unit or ask for a shorter period."
            )
            % {"groups": _number(time_groups), "limit": _number(max_time_groups())}
        )
    return problems


def format_date(day: date) -> str:
    # dd/mm/yyyy with the year in four digits, also for year 1 (strftime drops its zeros).
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 20.985, the Vietnamese way


class StatisticsTimeout(Exception):
    """The database stopped a statistics request that ran past its statement timeout."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            _(
                "The statistics took longer than %(seconds)s seconds and were stopped: ask for "
                "a shorter period or fewer groups."
            )
            % {"seconds": f"{seconds:g}".replace(".", ",")}
        )


@contextmanager
def statistics_timeout(seconds: float | None = None):
    """Run the block in a transaction whose statements PostgreSQL stops after ``seconds``
    (default: the setting). ``SET LOCAL`` ends with the transaction, so the connection goes
    back to its pool without the limit. A statement stopped raises :class:`StatisticsTimeout`."""
    seconds = statement_timeout_seconds() if seconds is None else seconds
    if seconds <= 0 or connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [f"{int(seconds * 1000)}ms"])
            yield
    except OperationalError as error:
        if _is_cancelled(error):
            raise StatisticsTimeout(seconds) from error
        raise


def _is_cancelled(error: BaseException) -> bool:
    # psycopg's QueryCanceled (SQLSTATE 57014), wrapped by Django as OperationalError.
    cause = error.__cause__ or error
    return getattr(cause, "sqlstate", None) == "57014" or "statement timeout" in str(error)
