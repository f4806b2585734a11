"""Reads of the working calendar (lịch làm việc) as the province has set it."""

from dataclasses import dataclass
from datetime import date, time

from django.db import connection
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar, national_days_off
from procedures.models import CalendarOverride, CalendarSettings


def calendar_settings_get() -> CalendarSettings:
    """The province's calendar settings; the defaults when none were saved yet (not written)."""
    return CalendarSettings.objects.order_by("pk").first() or CalendarSettings()


def _as_time(value) -> time:
    return value if isinstance(value, time) else parse_time(value)  # SQLite gives text


def _as_date(value) -> date:
    return value if isinstance(value, date) else parse_date(value)


def working_calendar_get() -> WorkingCalendar:
    """The working calendar in force: national calendar, the province's sessions and overrides."""
    # One query for the settings row and every override (each intake needs the calendar: issue
    # 9 counts its queries): the overrides joined to the single settings row, if any.
    settings_table = CalendarSettings._meta.db_table
    times = ("morning_start", "morning_end", "afternoon_start", "afternoon_end")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f's.{t}' for t in times)}, o.day, o.kind "  # noqa: S608
            f"FROM (SELECT 1 AS one) AS base "
            f"LEFT JOIN (SELECT * FROM {settings_table} ORDER BY id LIMIT 1) AS s ON 1 = 1 "
            f"LEFT JOIN {CalendarOverride._meta.db_table} AS o ON 1 = 1"
        )
        rows = cursor.fetchall()
    default = CalendarSettings()
    sessions = [
        _as_time(value) if value is not None else getattr(default, name)
        for name, value in zip(times, rows[0][:4], strict=True)
    ]
    days_off, working_days = set(), set()
    for *_times, day, kind in rows:
        if day is not None:
            day = _as_date(day)
            (working_days if kind == CalendarOverride.Kind.WORKING_DAY else days_off).add(day)
    return WorkingCalendar(
        sessions=((sessions[0], sessions[1]), (sessions[2], sessions[3])),
        extra_days_off=frozenset(days_off),
        extra_working_days=frozenset(working_days),
    )


@dataclass(frozen=True)
class CalendarDay:
    """A named day of the calendar; ``source`` is ``national`` or ``province``."""

    day: date
    name: str
    source: str


@dataclass(frozen=True)
class CalendarYear:
    year: int
    sessions: tuple[tuple[time, time], ...]
    hours_per_day: float
    supplement_mode: str
    non_working_days: list[CalendarDay]
    make_up_working_days: list[CalendarDay]
    working_days: int
    working_days_by_month: list[int]


def _make_up_name(day: date, days_off: dict[date, str]) -> str:
    # The package names the day off "Ngày nghỉ (thay cho ngày 26/04/2025)": find it by the date.
    stamp = f"{day:%d/%m/%Y}"
    for off_day, name in sorted(days_off.items()):
        if stamp in name:
            return _("Make-up working day for the day off on %(day)s") % {
                "day": f"{off_day:%d/%m/%Y}"
            }
    return str(_("Make-up working day"))


def calendar_year_get(*, year: int) -> CalendarYear:
    """Lịch làm việc of one year: public holidays and days off (national and the province's),
    make-up working days, each with its name, and the working sessions."""
    settings = calendar_settings_get()
    calendar = working_calendar_get()
    overrides = {o.day: o for o in CalendarOverride.objects.filter(day__year=year)}
    national = national_days_off(year)
    non_working = []
    for day, name in calendar.non_working_days(year):
        override = overrides.get(day)
        if override is not None and override.kind == CalendarOverride.Kind.DAY_OFF:
            non_working.append(CalendarDay(day, override.name, "province"))
        else:
            non_working.append(CalendarDay(day, name, "national"))
    make_up = []
    for day in calendar.make_up_working_days(year):
        override = overrides.get(day)
        if override is not None and override.kind == CalendarOverride.Kind.WORKING_DAY:
            make_up.append(CalendarDay(day, override.name, "province"))
        else:
            make_up.append(CalendarDay(day, _make_up_name(day, national), "national"))
    return CalendarYear(
        year=year,
        sessions=calendar.sessions,
        hours_per_day=calendar.day_seconds / 3600,
        supplement_mode=settings.supplement_mode,
        non_working_days=non_working,
        make_up_working_days=make_up,
        working_days=calendar.working_days_between(date(year, 1, 1), date(year + 1, 1, 1)),
        working_days_by_month=[
            calendar.working_days_between(
                date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
            )
            for month in range(1, 13)
        ],
    )
