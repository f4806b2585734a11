"""The working calendar for whole columns at once (history import, recomputation after a change).

Every moment maps to a position on a "working-time line": the number of working days before its
date times the day length, plus the working time already elapsed that day. Adding a processing
time is then an addition, and mapping back is a ``searchsorted`` over the table of working days.
The table is built from the same ``WorkingCalendar.is_working_day`` as the scalar path, so
make-up Saturdays (which ``numpy.busday_*`` know nothing of) are included exactly.
Results equal ``WorkingCalendar.due_at`` to the microsecond (a property test holds it).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from procedures.calendar.core import WorkingCalendar, _seconds
from procedures.choices import TimeUnit

US = 1_000_000
DAY_US = 86_400 * US
# Working days past the last start date that a due moment may reach (about 10 years).
HORIZON_DAYS = 3_660
# Units counted along the working sessions; the others are ProcessingTime's own arithmetic.
WORKING_UNITS = frozenset({TimeUnit.DAYS.value, TimeUnit.HOURS.value})


def working_day_table(calendar: WorkingCalendar, first: date, last: date) -> np.ndarray:
    """Sorted ``datetime64[D]`` array of the working days from ``first`` to ``last`` inclusive."""
    days = pd.date_range(first, last, freq="D")
    weekday = days.day_of_week.to_numpy() < 5
    # Only the few non-weekday exceptions need the scalar rule; weekdays/weekends decide the rest.
    years = range(first.year, last.year + 1)
    exceptions: set[date] = set(calendar.extra_days_off) | set(calendar.extra_working_days)
    for year in years:
        exceptions |= {day for day, _name in calendar.non_working_days(year)}
        exceptions |= set(calendar.make_up_working_days(year))
    working = weekday.copy()
    for day in exceptions:
        if first <= day <= last:
            working[(day - first).days] = calendar.is_working_day(day)
    return days.to_numpy(dtype="datetime64[D]")[working]


def _within_day_us(calendar: WorkingCalendar, seconds_of_day_us: np.ndarray) -> np.ndarray:
    """Working time elapsed in a working day by each time of day (all in microseconds)."""
    elapsed = np.zeros_like(seconds_of_day_us)
    for start, end in calendar.sessions:
        s, e = _seconds(start) * US, _seconds(end) * US
        elapsed += np.clip(seconds_of_day_us - s, 0, e - s)
    return elapsed


def _time_of_day_us(
    calendar: WorkingCalendar, worked_us: np.ndarray, *, at_end: bool
) -> np.ndarray:
    """Inverse of ``_within_day_us``. With ``at_end`` a value on a session boundary maps to the
    session's end (a due moment), otherwise to the next session's opening (a start)."""
    result = np.zeros_like(worked_us)
    consumed = 0
    assigned = np.zeros(worked_us.shape, dtype=bool)
    for start, end in calendar.sessions:
        s, e = _seconds(start) * US, _seconds(end) * US
        length = e - s
        in_session = (worked_us <= consumed + length) if at_end else (worked_us < consumed + length)
        take = in_session & ~assigned
        result[take] = s + worked_us[take] - consumed
        assigned |= take
        consumed += length
    # Only reachable with at_end=False and a full day's work: the next day's opening.
    result[~assigned] = _seconds(calendar.sessions[0][0]) * US
    return result


def local_columns(
    calendar: WorkingCalendar, starts: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Aware starts as local naive moments (``datetime64[us]``), their dates and their times of
    day in microseconds; naive starts are refused."""
    if starts.dtype == object:
        # Python datetimes with different offsets (+07:00 and UTC) make an object column.
        if starts.map(lambda moment: getattr(moment, "tzinfo", None) is None).any():
            raise ValueError("Naive datetimes: working-calendar arithmetic needs aware datetimes.")
        starts = pd.to_datetime(starts, utc=True)
    if not isinstance(starts.dtype, pd.DatetimeTZDtype):
        raise ValueError("Naive datetimes: working-calendar arithmetic needs aware datetimes.")
    local = starts.dt.tz_convert(calendar.tz.key)
    naive = local.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    day = naive.astype("datetime64[D]")
    time_of_day = (naive - day.astype("datetime64[us]")).astype(np.int64)
    return naive, day, time_of_day


def due_at_many(
    calendar: WorkingCalendar,
    starts: pd.Series | pd.DatetimeIndex,
    amounts: pd.Series | np.ndarray | float,
    units: pd.Series | np.ndarray | str = TimeUnit.DAYS,
) -> pd.Series:
    """Due moments for a column of aware start moments (Series of ``datetime64[us, tz]``) and
    processing times in working days or hours. ``processing_time.due_at_many`` takes every unit."""
    starts = starts if isinstance(starts, pd.Series) else pd.Series(starts)
    if len(starts) == 0:
        local_columns(calendar, starts)  # still refuses a naive column
        return pd.Series([], dtype=f"datetime64[us, {calendar.tz.key}]")
    naive, day, time_of_day = local_columns(calendar, starts)

    amounts = np.broadcast_to(np.asarray(amounts, dtype=np.float64), naive.shape)
    units = np.asarray(units, dtype=object)
    unknown = set(pd.unique(units.ravel())) - WORKING_UNITS
    if unknown:
        raise ValueError(
            f"Unknown time unit {sorted(map(str, unknown))[0]!r}: use days or hours "
            "(other units go through procedures.calendar.processing_time)."
        )
    is_hours = np.broadcast_to(units == TimeUnit.HOURS.value, naive.shape)
    per_unit = np.where(is_hours, 3600 * US, calendar.day_seconds * US)
    if not np.isfinite(amounts).all() or (amounts < 0).any():
        raise ValueError("The processing time must be a number, zero or more.")
    # The scalar path goes through Decimal(str(amount)); rounding here keeps both exact.
    work = np.rint(amounts * per_unit).astype(np.int64)

    first = day.min().astype(date)
    last = (day.max() + np.timedelta64(HORIZON_DAYS, "D")).astype(date)
    table = working_day_table(calendar, first, last)
    day_us = calendar.day_seconds * US

    index = np.searchsorted(table, day)  # working days strictly before each start date
    is_working = (index < len(table)) & (table[np.minimum(index, len(table) - 1)] == day)
    elapsed = np.where(is_working, _within_day_us(calendar, time_of_day), 0)
    position = index * day_us + elapsed
    target = position + work

    k = np.where(work > 0, (target - 1) // day_us, target // day_us)
    remainder = target - k * day_us
    if (k >= len(table)).any():
        raise ValueError("A due moment falls beyond the calendar's horizon.")
    time_us = np.where(
        work > 0,
        _time_of_day_us(calendar, remainder, at_end=True),
        _time_of_day_us(calendar, remainder, at_end=False),
    )
    due_naive = table[k].astype("datetime64[us]") + time_us.astype("timedelta64[us]")
    return pd.Series(due_naive, index=starts.index).dt.tz_localize(calendar.tz.key)


def due_at_many_naive_busday(
    starts_days: np.ndarray, amounts_days: np.ndarray, holidays
) -> np.ndarray:
    """Baseline for the benchmark only: whole days with ``numpy.busday_offset``, no sessions and
    no make-up Saturdays. It is what a naive vectorisation gives, and it is wrong."""
    return np.busday_offset(
        starts_days, amounts_days.astype(np.int64), roll="forward", holidays=holidays
    )
