"""Thời hạn giải quyết: a procedure's processing time as one value.

Every unit the law and the national portal use is here, and only here: working days and working
hours (counted along the working sessions), calendar days and months (Civil Code 2015,
Art. 147–148: the day of receipt is not counted; the period ends at the end of the working day on
its last day; a last day that is a day off moves to the end of the next working day; months end on
the same day number, or on the month's last day when it has no such day), and same-day procedures
(due at the end of the working day of receipt, or of the next working day when received after the
cut-off hour). "No time" (không quy định) and "to be completed" (a record that gives a bare number
with no unit) are states of the same value: they have no due moment and no working-time length.

Models, importers, services, serializers and templates hold and pass a ``ProcessingTime``; none of
them branches on the unit. ``due_at`` answers one start; ``due_at_many`` answers columns with the
same results to the microsecond (a property test holds it).
"""

from __future__ import annotations

import calendar as month_calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from procedures.calendar.core import WorkingCalendar, _seconds
from procedures.calendar.vectorised import (
    US,
    local_columns,
    working_day_table,
    working_time_between_many,
)
from procedures.calendar.vectorised import due_at_many as working_due_at_many
from procedures.choices import TimeUnit
from procedures.search import fold

# Received after 15:00 on a same-day procedure: due at the end of the next working day.
DEFAULT_CUTOFF = time(15, 0)
MAX_AMOUNT = Decimal("1000000")

WORKING_UNITS = frozenset({TimeUnit.DAYS.value, TimeUnit.HOURS.value})
PERIOD_UNITS = frozenset({TimeUnit.CALENDAR_DAYS.value, TimeUnit.MONTHS.value})
AMOUNT_UNITS = WORKING_UNITS | PERIOD_UNITS
NO_TIME_UNITS = frozenset({TimeUnit.NONE.value, TimeUnit.TO_COMPLETE.value})
UNIT_VALUES = frozenset(TimeUnit.values)

# How the national portal writes each unit after the amount ("15 Ngày", "15 Ngày làm việc").
PORTAL_UNIT_TEXT = {
    TimeUnit.DAYS.value: "Ngày làm việc",
    TimeUnit.HOURS.value: "Giờ làm việc",
    TimeUnit.CALENDAR_DAYS.value: "Ngày",
    TimeUnit.MONTHS.value: "Tháng",
}
SAME_DAY_TEXT = "Trong ngày"
NONE_TEXT = "Không quy định"
TO_COMPLETE_TEXT = "Chưa xác định"


class ProcessingTimeError(ValueError):
    """A processing time that cannot exist (negative, zero, fractional months...)."""


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ProcessingTimeError(f"{value!r} is not a number.") from None
    if not amount.is_finite():
        raise ProcessingTimeError(f"{value!r} is not a number.")
    return amount


def _cutoff(value) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, time):
        return value
    hours, _, minutes = str(value).partition(":")
    return time(int(hours), int((minutes or "0")[:2]))


def format_amount(amount: Decimal) -> str:
    """15.00 -> "15", 1.50 -> "1,5": numbers the Vietnamese way."""
    return format(amount.normalize(), "f").replace(".", ",")


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` later; the month's last day when it has no such day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _day_end_us(calendar: WorkingCalendar) -> int:
    return _seconds(calendar.sessions[-1][1]) * US


def end_of_working_day(calendar: WorkingCalendar, day: date) -> datetime:
    """The close of the last session of ``day`` (17:00 with the default sessions)."""
    return datetime.combine(day, calendar.sessions[-1][1], calendar.tz)


@dataclass(frozen=True)
class ProcessingTime:
    """Thời hạn giải quyết: an amount in a unit, the same-day cut-off hour, and the text the
    record wrote (kept beside the reading so that a reform officer sees what was read)."""

    amount: Decimal | None
    unit: str
    cutoff: time | None = None
    text: str = ""

    def __post_init__(self):
        unit = str(self.unit)
        if unit not in UNIT_VALUES:
            raise ProcessingTimeError(f"Unknown time unit {unit!r}.")
        object.__setattr__(self, "unit", unit)
        amount = _decimal(self.amount)
        if unit in AMOUNT_UNITS:
            if amount is None:
                raise ProcessingTimeError("A processing time needs an amount.")
            if amount <= 0:
                raise ProcessingTimeError("A processing time must be more than zero.")
            if amount >= MAX_AMOUNT:
                raise ProcessingTimeError("The processing time is too long.")
            if unit == TimeUnit.MONTHS and amount != amount.to_integral_value():
                raise ProcessingTimeError("A time in months is a whole number of months.")
            amount = amount.quantize(Decimal("0.01")).normalize()
        else:
            amount = None
        object.__setattr__(self, "amount", amount)
        cutoff = _cutoff(self.cutoff)
        cutoff = (cutoff or DEFAULT_CUTOFF) if unit == TimeUnit.SAME_DAY else None
        object.__setattr__(self, "cutoff", cutoff)
        object.__setattr__(self, "text", (self.text or "").strip())

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def working_days(cls, amount, text: str = "") -> ProcessingTime:
        return cls(amount, TimeUnit.DAYS, text=text)

    @classmethod
    def same_day(cls, cutoff: time | None = None, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.SAME_DAY, cutoff=cutoff, text=text)

    @classmethod
    def none(cls, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.NONE, text=text)

    @classmethod
    def to_complete(cls, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.TO_COMPLETE, text=text)

    @classmethod
    def parse(cls, text: str) -> ProcessingTime:
        """Read a time as records write it ("05 (năm) ngày làm việc", "15 Ngày", "Trong ngày"...);
        raises ``ProcessingTimeError`` with a Vietnamese message when it cannot."""
        from procedures.calendar.processing_time_text import parse_processing_time

        return parse_processing_time(text)

    def to_dict(self) -> dict:
        """JSON form (per-channel times, decision records): exact and round-tripping."""
        return {
            "amount": None if self.amount is None else format(self.amount, "f"),
            "unit": self.unit,
            "cutoff": self.cutoff.strftime("%H:%M") if self.cutoff else None,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ProcessingTime:
        return cls(data.get("amount"), data["unit"], data.get("cutoff"), data.get("text", ""))

    def same_reading(self, other: ProcessingTime | None) -> bool:
        """Equal as times, whatever text each was read from."""
        return other is not None and (self.amount, self.unit, self.cutoff) == (
            other.amount,
            other.unit,
            other.cutoff,
        )

    # -- questions ------------------------------------------------------------------------------

    @property
    def has_due_moment(self) -> bool:
        """False for "no time" and "to be completed": intake sets no due moment, and on-time
        statistics leave such dossiers out."""
        return self.unit not in NO_TIME_UNITS

    @property
    def is_working_time(self) -> bool:
        """Counted along the working sessions (working days or hours)."""
        return self.unit in WORKING_UNITS

    def working_duration(self, calendar: WorkingCalendar) -> timedelta | None:
        """Its length in working time (working days and hours only; ``None`` otherwise)."""
        if not self.is_working_time:
            return None
        return calendar.duration(self.amount, self.unit)

    def comparable(self, other: ProcessingTime) -> bool:
        """Two times whose amounts compare (a review cut, an applied time not longer)."""
        return self.unit == other.unit and self.amount is not None

    # -- the due moment -------------------------------------------------------------------------

    def due_at(self, start: datetime, calendar: WorkingCalendar) -> datetime | None:
        """Hạn giải quyết for a dossier received at ``start`` (aware); ``None`` without a time."""
        if start.tzinfo is None:
            raise ValueError("Naive datetime: working-calendar arithmetic needs aware datetimes.")
        if self.is_working_time:
            return calendar.due_at(start, self.amount, self.unit)
        if not self.has_due_moment:
            return None
        local = start.astimezone(calendar.tz)
        day = local.date()
        if self.unit == TimeUnit.CALENDAR_DAYS:
            # Part of a day counts as the whole day: the period ends at the end of a day.
            last = day + timedelta(days=math.ceil(self.amount))
        elif self.unit == TimeUnit.MONTHS:
            last = add_months(day, int(self.amount))
        else:  # same day
            # Received at the cut-off itself is not "after" it; at the close of day it is.
            moment = _seconds(local.time()) * US + local.microsecond
            in_time = moment <= _seconds(self.cutoff) * US and moment < _day_end_us(calendar)
            on_the_day = calendar.is_working_day(day) and in_time
            last = day if on_the_day else day + timedelta(days=1)
        return end_of_working_day(calendar, calendar.next_working_day(last))

    # -- writing --------------------------------------------------------------------------------

    def portal_text(self) -> str:
        """As the national portal writes it: "15 Ngày", "15 Ngày làm việc", "8 Giờ làm việc",
        "3 Tháng", "Trong ngày" (with its cut-off clause when not 15:00)."""
        if self.unit in AMOUNT_UNITS:
            return f"{format_amount(self.amount)} {PORTAL_UNIT_TEXT[self.unit]}"
        if self.unit == TimeUnit.SAME_DAY:
            if self.cutoff == DEFAULT_CUTOFF:
                return SAME_DAY_TEXT
            hour = f"{self.cutoff.hour} giờ" + (
                f" {self.cutoff.minute:02d}" if self.cutoff.minute else ""
            )
            return (
                f"{SAME_DAY_TEXT}; nếu nhận hồ sơ sau {hour} thì trả kết quả trong ngày làm "
                "việc tiếp theo"
            )
        if self.unit == TimeUnit.NONE:
            # An event the record names ("Trước khi tàu cập cảng") is shown as written: it is
            # the law's answer, though no due moment follows from it. "Không ..." reads as none.
            if self.text and not fold(self.text).startswith(("khong", "none", "no time")):
                return self.text
            return NONE_TEXT
        # To be completed: what the record wrote (a bare number), so that a re-import reads it
        # the same way; "Chưa xác định" when it wrote nothing.
        return self.text or TO_COMPLETE_TEXT

    def __str__(self) -> str:
        return self.portal_text()


# ---------------------------------------------------------------------------------------------
# Columns at once


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
    calendar: WorkingCalendar, starts: pd.Series, times: list[ProcessingTime] | pd.Series
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
