"""Reads of the working calendar (lịch làm việc) as the province has set it."""

import functools
from dataclasses import dataclass
from datetime import date, time

from django.db import connection
from django.db.models import CharField, Expression
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar, national_days_off
from procedures.models import CalendarOverride, CalendarSettings
from procedures.prepared import prepared_cursor


def calendar_settings_get() -> CalendarSettings:
    """The province's calendar settings; the defaults when none were saved yet (not written)."""
    return CalendarSettings.objects.order_by("pk").first() or CalendarSettings()


def _as_time(value) -> time:
    return value if isinstance(value, time) else parse_time(value)  # SQLite gives text


def _as_date(value) -> date:
    return value if isinstance(value, date) else parse_date(value)


TIMES = ("morning_start", "morning_end", "afternoon_start", "afternoon_end")


def _calendar_tables() -> tuple[str, ...]:
    from procedures.models import ClockRuleSet

    return tuple(m._meta.db_table for m in (CalendarSettings, ClockRuleSet, CalendarOverride))


@functools.cache
def _stamp_sql() -> str:
    # Every row of the three tables, whole (``row::text``: any column, NULLs told apart), in a
    # fixed order: equal stamps, equal calendars.
    parts = " || '|' || ".join(
        f"coalesce((SELECT string_agg(t::text, ';' ORDER BY t.id) FROM {table} t), '')"  # noqa: S608
        for table in _calendar_tables()
    )
    return f"(SELECT md5({parts}))"


class CalendarStamp(Expression):
    """The calendar's stamp on PostgreSQL (a digest of its settings, rule sets and overrides;
    NULL elsewhere), read as a column of a query that runs anyway: while it is unchanged,
    :func:`clock_rule_book_get` answers from this process's memory without a query."""

    def __init__(self):
        super().__init__(output_field=CharField())

    def as_sql(self, compiler, connection):
        return "NULL", []

    def as_postgresql(self, compiler, connection):
        return _stamp_sql(), []


def _calendar_rows() -> tuple[dict, list[tuple[date, str]], list[dict], str | None]:
    """The settings row (defaults when none was saved), every override and every rule set by
    period, in ONE query: each intake needs them all, and issue 9 counts its queries. With them
    (on PostgreSQL) their stamp (:class:`CalendarStamp`), read in the same snapshot."""
    settings_table, rule_set_table, override_table = _calendar_tables()
    times = ", ".join(TIMES)
    nulls = ", ".join(["NULL"] * len(TIMES))
    stamp = _stamp_sql() if connection.vendor == "postgresql" else "NULL"
    with prepared_cursor() as cursor:
        cursor.execute(
            f"SELECT 's' AS part, NULL AS name, NULL AS valid_from, supplement_mode, {times}, "  # noqa: S608
            f"CAST(NULL AS date) AS day, CAST(NULL AS varchar(20)) AS kind "
            f"FROM (SELECT * FROM {settings_table} ORDER BY id LIMIT 1) "
            f"AS settings UNION ALL SELECT 'r', name, valid_from, supplement_mode, {times}, NULL, "
            f"NULL FROM {rule_set_table} UNION ALL SELECT 'o', NULL, NULL, NULL, "
            f"{nulls}, day, kind FROM {override_table} "
            f"UNION ALL SELECT 'h', {stamp}, NULL, NULL, {nulls}, NULL, NULL"
        )
        rows = cursor.fetchall()
    default = CalendarSettings()
    settings = {"supplement_mode": default.supplement_mode}
    settings.update({name: getattr(default, name) for name in TIMES})
    overrides, periods, read_stamp = [], [], None
    for part, name, valid_from, mode, *rest in rows:
        found_times, (day, kind) = rest[: len(TIMES)], rest[len(TIMES) :]
        if part == "h":
            read_stamp = name
        elif part == "s":
            settings = {"supplement_mode": mode}
            settings.update({t: _as_time(v) for t, v in zip(TIMES, found_times, strict=True)})
        elif part == "r":
            period = {"name": name, "valid_from": _as_date(valid_from), "supplement_mode": mode}
            period.update({t: _as_time(v) for t, v in zip(TIMES, found_times, strict=True)})
            periods.append(period)
        else:
            overrides.append((_as_date(day), kind))
    periods.sort(key=lambda period: period["valid_from"])
    return settings, overrides, periods, read_stamp


def _working_calendar(settings: dict, overrides) -> WorkingCalendar:
    days_off, working_days = set(), set()
    for day, kind in overrides:
        (working_days if kind == CalendarOverride.Kind.WORKING_DAY else days_off).add(day)
    return WorkingCalendar(
        sessions=(
            (settings["morning_start"], settings["morning_end"]),
            (settings["afternoon_start"], settings["afternoon_end"]),
        ),
        extra_days_off=frozenset(days_off),
        extra_working_days=frozenset(working_days),
    )


def working_calendar_get() -> WorkingCalendar:
    """The working calendar in force: national calendar, the province's sessions and overrides."""
    settings, overrides, _periods, _stamp = _calendar_rows()
    return _working_calendar(settings, overrides)


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


# The last rule book read by this process, with its stamp.
_kept_rule_book: tuple = (None, None)


def clock_rule_book_get(*, stamp: str | None = None):
    """Every rule set by period (quy định theo thời kỳ) with the calendar's days off: the
    :class:`~procedures.calendar.clock.RuleBook` every clock caller asks which rules apply.

    ``stamp``: the calendar's :class:`CalendarStamp` as a query of the caller just read it.
    When it is the stamp of the rule book this process read last, that book answers without a
    query (the intake's, issue 9); any change to the calendar changes the stamp.
    """
    global _kept_rule_book
    from procedures.calendar.clock import RuleBook, RuleSet
    from procedures.models import ClockRuleSet

    kept_stamp, kept_book = _kept_rule_book
    if stamp is not None and stamp == kept_stamp:
        return kept_book
    settings, overrides, rows, read_stamp = _calendar_rows()
    periods = tuple(
        RuleSet(
            row["valid_from"],
            row["supplement_mode"],
            ClockRuleSet(**{t: row[t] for t in TIMES}).sessions,
            row["name"],
        )
        for row in rows
    )
    book = RuleBook(
        calendar=_working_calendar(settings, overrides),
        default_mode=settings["supplement_mode"],
        periods=periods,
    )
    if read_stamp is not None:
        _kept_rule_book = (read_stamp, book)
    return book
