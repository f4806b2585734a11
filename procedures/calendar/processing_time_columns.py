"""Thời hạn giải quyết by columns: due moments and clock lengths for whole columns at once.

The vectorised path of :class:`procedures.calendar.processing_time.ProcessingTime`'s ``due_at``:
``due_at_many`` answers columns of starts, amounts, units and cut-offs with the same results to
the microsecond (a property test holds it). Importers, the recomputation and the statistics use
it through ``procedures.calendar.processing_time``, which re-exports these names.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from procedures.calendar.core import WorkingCalendar, _seconds
from procedures.calendar.processing_time_units import (
    DEFAULT_CUTOFF,
    PERIOD_UNITS,
    UNIT_VALUES,
    WORKING_UNITS,
    _cutoff,
    _day_end_us,
)
from procedures.calendar.vectorised import (
    US,
    local_columns,
    working_day_table,
    working_time_between_many,
)
from procedures.calendar.vectorised import due_at_many as working_due_at_many
from procedures.choices import TimeUnit


def _as_array(values, shape, dtype=object) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=dtype), shape).copy()


def _cutoff_us(cutoffs, shape) -> np.ndarray:
    if cutoffs is None:
        return np.full(shape, _seconds(DEFAULT_CUTOFF) * US, dtype=np.int64)
    values = _as_array(cutoffs, shape)
    return np.array(
        [_seconds(_cutoff(v) or DEFAULT_CUTOFF) * US for v in values.ravel()], dtype=np.int64
    ).reshape(shape)


def _add_months_many(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    month_start = days.astype("datetime64[M]")
    day_offset = (days - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + months.astype("timedelta64[M]")
    month_length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return target.astype("datetime64[D]") + np.minimum(day_offset, month_length - 1).astype(
        "timedelta64[D]"
    )


def due_at_many(
    calendar: WorkingCalendar,
    starts: pd.Series | pd.DatetimeIndex,
    amounts,
    units,
    cutoffs=None,
) -> pd.Series:
    """Due moments for columns of starts, amounts, units and same-day cut-offs (``time``,
    "HH:MM" or empty for 15:00); ``NaT`` where there is no time. Equal to ``ProcessingTime.
    due_at`` row by row."""
    starts = starts if isinstance(starts, pd.Series) else pd.Series(starts)
    tz = calendar.tz.key
    if len(starts) == 0:
        return pd.Series([], dtype=f"datetime64[us, {tz}]")
    naive, day, time_of_day = local_columns(calendar, starts)
    shape = naive.shape
    units = _as_array(units, shape).astype(str)
    unknown = set(np.unique(units)) - UNIT_VALUES
    if unknown:
        raise ValueError(f"Unknown time unit {sorted(unknown)[0]!r}.")
    amounts = np.asarray(
        pd.to_numeric(pd.Series(_as_array(amounts, shape).ravel()), errors="coerce"),
        dtype=np.float64,
    ).reshape(shape)
    result = np.full(shape, np.datetime64("NaT"), dtype="datetime64[us]")

    working = np.isin(units, list(WORKING_UNITS))
    if working.any():
        due = working_due_at_many(calendar, starts[working], amounts[working], units[working])
        result[working] = due.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")

    period = np.isin(units, list(PERIOD_UNITS)) | (units == TimeUnit.SAME_DAY)
    if period.any():
        check = amounts[np.isin(units, list(PERIOD_UNITS))]
        if not np.isfinite(check).all() or (check <= 0).any():
            raise ValueError("The processing time must be a number, more than zero.")
        months = units == TimeUnit.MONTHS
        if (amounts[months] != np.floor(amounts[months])).any():
            raise ValueError("A time in months is a whole number of months.")
        whole = np.where(period & ~months & (units != TimeUnit.SAME_DAY), amounts, 0)
        last = day + np.ceil(whole).astype(np.int64).astype("timedelta64[D]")
        if months.any():
            last[months] = _add_months_many(day[months], amounts[months].astype(np.int64))

        end_us = _day_end_us(calendar)
        first = day[period].min().astype(date)
        horizon = last[period].max() + np.timedelta64(400, "D")
        table = working_day_table(calendar, first, horizon.astype(date))
        index = np.searchsorted(table, day)
        is_working = (index < len(table)) & (table[np.minimum(index, len(table) - 1)] == day)
        same_day = units == TimeUnit.SAME_DAY
        in_time = (time_of_day <= _cutoff_us(cutoffs, shape)) & (time_of_day < end_us)
        late = same_day & ~(is_working & in_time)
        last[late] = day[late] + np.timedelta64(1, "D")
        due_index = np.searchsorted(table, last)
        if (due_index[period] >= len(table)).any():
            raise ValueError("A due moment falls beyond the calendar's horizon.")
        due_day = table[np.minimum(due_index, len(table) - 1)]
        result[period] = (due_day.astype("datetime64[us]") + np.timedelta64(end_us, "us"))[period]

    return pd.Series(result, index=starts.index).dt.tz_localize(tz)


def processing_times_due_at_many(
    calendar: WorkingCalendar, starts: pd.Series, times: list | pd.Series
) -> pd.Series:
    """``due_at_many`` over a column of ``ProcessingTime`` values."""
    times = list(times)
    return due_at_many(
        calendar,
        starts,
        [t.amount if t.amount is not None else np.nan for t in times],
        [t.unit for t in times],
        [t.cutoff for t in times],
    )


def clock_work_many(
    calendar: WorkingCalendar, starts: pd.Series, dues: pd.Series, amounts, units
) -> pd.Series:
    """The working time (µs, nullable) each clock runs for: the amount in working units,
    else the working time from the start to the due moment, so that ``due == add_working_time(
    start, work)`` holds for every unit (as ``procedures.calendar.clock.full_work`` does one at a
    time); missing where there is no time."""
    starts = starts if isinstance(starts, pd.Series) else pd.Series(starts)
    shape = (len(starts),)
    units = _as_array(units, shape).astype(str)
    amounts = np.asarray(
        pd.to_numeric(pd.Series(_as_array(amounts, shape).ravel()), errors="coerce"),
        dtype=np.float64,
    )
    per_unit = np.where(units == TimeUnit.HOURS, 3600 * US, calendar.day_seconds * US)
    working = np.isin(units, list(WORKING_UNITS))
    work = pd.array(np.zeros(shape, dtype=np.int64), dtype="Int64")
    if working.any():
        work[working] = np.rint(amounts[working] * per_unit[working]).astype(np.int64)
    dues = pd.Series(dues).reset_index(drop=True)
    other = ~working & dues.notna().to_numpy()
    if other.any():
        work[other] = working_time_between_many(
            calendar, starts.reset_index(drop=True)[other], dues[other]
        )
    work[~working & ~other] = pd.NA
    return pd.Series(work, index=starts.index)
