"""Working-calendar arithmetic (lịch làm việc): pure functions, no database access.

``WorkingCalendar`` answers one moment at a time; ``procedures.calendar.vectorised`` answers whole
columns at once with exactly the same results. Build one from the database with
``procedures.selectors.calendar.working_calendar_get()``.
"""

from procedures.calendar.core import (
    DEFAULT_SESSIONS,
    TIME_ZONE,
    WorkingCalendar,
    national_days_off,
    national_make_up_days,
)

__all__ = [
    "DEFAULT_SESSIONS",
    "TIME_ZONE",
    "WorkingCalendar",
    "national_days_off",
    "national_make_up_days",
]
