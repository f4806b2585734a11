"""The working calendar, one moment at a time.

Non-working days are weekends, Vietnamese public holidays (the ``holidays`` package, country VN,
with Tết, Giỗ Tổ, compensation days and the government's swaps) and the province's extra days
off; make-up working days (the package's ``weekend_workdays`` and the province's own) are working
days even on a weekend. A working day is made of sessions (07:00–11:30 and 13:30–17:00 by
default); one working day of processing time is their total length.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

import holidays

from procedures.choices import Outcome, TimeUnit

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = (
    (time(7, 0), time(11, 30)),
    (time(13, 30), time(17, 0)),
)
# A calendar looks this far ahead for the next working day before concluding there is none.
MAX_CONSECUTIVE_DAYS_OFF = 366


@functools.lru_cache(maxsize=64)
def _national_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    vn = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: name for day, name in vn.items() if day.year == year}
    make_up = frozenset(day for day in vn.weekend_workdays if day.year == year)
    return days_off, make_up


def national_days_off(year: int) -> dict[date, str]:
    """Public holidays and government days off in ``year``, with their Vietnamese names."""
    return dict(_national_year(year)[0])


def national_make_up_days(year: int) -> frozenset[date]:
    """Weekend days the government turned into working days in ``year``."""
    return _national_year(year)[1]


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass(frozen=True)
class WorkingCalendar:
    """Lịch làm việc of one province: sessions plus the province's overrides on top of the
    national calendar. ``extra_days_off`` and ``extra_working_days`` are the overrides."""

    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)
    tz: ZoneInfo = TIME_ZONE

    def __post_init__(self):
        previous_end = -1
        for start, end in self.sessions:
            if not previous_end <= _seconds(start) < _seconds(end):
                raise ValueError("Working sessions must be ordered and must not overlap.")
            previous_end = _seconds(end)

    # -- days -----------------------------------------------------------------------------------

    @property
    def day_seconds(self) -> int:
        """Length of one working day, in seconds (8 hours with the default sessions)."""
        return sum(_seconds(end) - _seconds(start) for start, end in self.sessions)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        days_off, make_up = _national_year(day.year)
        if day in make_up:
            return True
        return day.weekday() < 5 and day not in days_off

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        for _ in range(MAX_CONSECUTIVE_DAYS_OFF):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("No working day within a year: the calendar is wrong.")

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days in the half-open interval [start, end)."""
        days, day = [], start
        while day < end:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in [start, end), negative when ``end`` is before ``start``
        (the convention of ``numpy.busday_count``)."""
        if end < start:
            return -len(self.working_days(end, start))
        return len(self.working_days(start, end))

    def non_working_days(self, year: int) -> list[tuple[date, str]]:
        """Days off in ``year`` that fall on weekdays or are named, with their names."""
        days_off, _make_up = _national_year(year)
        named = dict(days_off)
        for day in self.extra_days_off:
            if day.year == year:
                named.setdefault(day, "")
        return sorted((day, name) for day, name in named.items() if not self.is_working_day(day))

    def make_up_working_days(self, year: int) -> list[date]:
        """Days worked in ``year`` that would otherwise be days off: the government's make-up
        Saturdays and the province's working days (unless the province gave one back)."""
        days_off, make_up = _national_year(year)
        days = set(make_up) | {d for d in self.extra_working_days if d.year == year}
        return sorted(
            d for d in days if (d.weekday() >= 5 or d in days_off) and self.is_working_day(d)
        )

    # -- moments --------------------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("Naive datetime: working-calendar arithmetic needs aware datetimes.")
        return moment.astimezone(self.tz)

    def _session_bounds(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(day, start, self.tz), datetime.combine(day, end, self.tz))
            for start, end in self.sessions
        ]

    def working_moment(self, moment: datetime) -> datetime:
        """The first moment of working time at or after ``moment`` (a start outside a session
        counts from the next session's opening)."""
        local = self._local(moment)
        day = local.date()
        for _ in range(MAX_CONSECUTIVE_DAYS_OFF):
            if self.is_working_day(day):
                for start, end in self._session_bounds(day):
                    if local < end:
                        return max(local, start)
            day += timedelta(days=1)
            local = datetime.combine(day, time(0), self.tz)
        raise ValueError("No working time within a year: the calendar is wrong.")

    def duration(self, amount: Decimal | float | int, unit: str) -> timedelta:
        """Working time for ``amount`` days or hours (a day is the sessions' total length)."""
        amount = Decimal(str(amount))
        if not amount.is_finite() or amount < 0:
            raise ValueError("The processing time must be a number, zero or more.")
        if unit not in (TimeUnit.DAYS, TimeUnit.HOURS):
            # Calendar days, months and same-day times are not working time: ProcessingTime.
            raise ValueError(f"Unknown time unit {unit!r}: use 'days' or 'hours'.")
        per_unit = self.day_seconds if unit == TimeUnit.DAYS else 3600
        # Rounded half to even, as numpy.rint does in the vectorised path.
        return timedelta(
            microseconds=int((amount * per_unit * 1_000_000).to_integral_value(ROUND_HALF_EVEN))
        )

    def add_working_time(self, start: datetime, work: timedelta) -> datetime:
        """The moment reached after ``work`` of working time counted forward from ``start``."""
        cursor = self.working_moment(start)
        remaining = work
        while True:
            for session_start, session_end in self._session_bounds(cursor.date()):
                if cursor >= session_end:
                    continue
                cursor = max(cursor, session_start)
                available = session_end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
                cursor = session_end
            next_day = self.next_working_day(cursor.date() + timedelta(days=1))
            cursor = datetime.combine(next_day, self.sessions[0][0], self.tz)

    def due_at(self, start: datetime, amount: Decimal | float | int, unit: str) -> datetime:
        """Hạn giải quyết: the due moment of a processing time of ``amount`` ``unit``
        (``days`` or ``hours``) counted from ``start`` along the working sessions."""
        return self.add_working_time(start, self.duration(amount, unit))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from ``start`` to ``end`` (zero when ``end`` is not after it)."""
        cursor, end = self.working_moment(start), self._local(end)
        elapsed = timedelta(0)
        while cursor < end:
            for session_start, session_end in self._session_bounds(cursor.date()):
                if cursor >= session_end:
                    continue
                cursor = max(cursor, session_start)
                if end <= cursor:
                    return elapsed
                elapsed += min(end, session_end) - cursor
                cursor = session_end
            cursor = datetime.combine(
                self.next_working_day(cursor.date() + timedelta(days=1)),
                self.sessions[0][0],
                self.tz,
            )
        return elapsed

    def outcome(self, resolved_at: datetime, due_at: datetime) -> str:
        """Trước hạn / đúng hạn / quá hạn, compared at date level in the province's time zone."""
        resolved_day, due_day = self._local(resolved_at).date(), self._local(due_at).date()
        if resolved_day < due_day:
            return Outcome.EARLY
        if resolved_day == due_day:
            return Outcome.ON_TIME
        return Outcome.LATE

    def with_overrides(
        self, *, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkingCalendar:
        return WorkingCalendar(
            sessions=self.sessions,
            extra_days_off=self.extra_days_off | frozenset(days_off),
            extra_working_days=self.extra_working_days | frozenset(working_days),
            tz=self.tz,
        )
