"""Đơn vị thời hạn giải quyết: the units, words and checks a processing time is made of, pure.

The names every reader and writer of a processing time shares (the value in
:mod:`procedures.calendar.processing_time`, its columns in
:mod:`procedures.calendar.processing_time_columns`): which units carry an amount, how the national
portal writes them, the same-day cut-off, the error a time that cannot exist raises, and the
Civil Code's month and end-of-day arithmetic. Nothing here imports the value itself.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from procedures.calendar.core import WorkingCalendar, _seconds
from procedures.calendar.vectorised import US
from procedures.choices import TimeUnit

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
