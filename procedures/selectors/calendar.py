"""Reads of the working calendar (lịch làm việc) as the province has set it."""

from procedures.calendar import WorkingCalendar
from procedures.models import CalendarOverride, CalendarSettings


def calendar_settings_get() -> CalendarSettings:
    """The province's calendar settings; the defaults when none were saved yet (not written)."""
    return CalendarSettings.objects.order_by("pk").first() or CalendarSettings()


def working_calendar_get() -> WorkingCalendar:
    """The working calendar in force: national calendar, the province's sessions and overrides."""
    settings = calendar_settings_get()
    days_off, working_days = set(), set()
    for day, kind in CalendarOverride.objects.values_list("day", "kind"):
        (working_days if kind == CalendarOverride.Kind.WORKING_DAY else days_off).add(day)
    return WorkingCalendar(
        sessions=(
            (settings.morning_start, settings.morning_end),
            (settings.afternoon_start, settings.afternoon_end),
        ),
        extra_days_off=frozenset(days_off),
        extra_working_days=frozenset(working_days),
    )
