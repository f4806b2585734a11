"""Due moments (hạn giải quyết) on the real Vietnamese calendar, one moment at a time.

Default sessions 07:00–11:30 and 13:30–17:00: one working day = 8 working hours.
"""

from datetime import UTC, date, datetime

import pytest

from procedures.calendar import TIME_ZONE, WorkingCalendar
from procedures.choices import Outcome

CALENDAR = WorkingCalendar()


def vn(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TIME_ZONE)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # The domain note: 07:00 + 1 day is 17:00 the same day; 10:00 + 1 day is 10:00 next day.
        (vn(2026, 3, 10, 7), 1, "days", vn(2026, 3, 10, 17)),
        (vn(2026, 3, 10, 10), 1, "days", vn(2026, 3, 11, 10)),
        # Tết 2017: 26/1–1/2 off (Thu–Wed), plus the weekend inside.
        (vn(2017, 1, 25, 10), 1, "days", vn(2017, 2, 2, 10)),
        (vn(2017, 1, 25, 17, 30), 1, "days", vn(2017, 2, 2, 17)),
        (vn(2017, 1, 27, 9), 2, "days", vn(2017, 2, 3, 17)),
        (vn(2017, 1, 24, 10), 3, "days", vn(2017, 2, 3, 10)),
        # Tết 2025: Mon 27/1–Fri 31/1 off.
        (vn(2025, 1, 24, 10), 3, "days", vn(2025, 2, 5, 10)),
        (vn(2025, 1, 26, 8), 1, "days", vn(2025, 2, 3, 17)),
        (vn(2025, 1, 29, 15), 4, "hours", vn(2025, 2, 3, 11)),
        # Tết 2026: Mon 16/2–Fri 20/2 off (the API's example).
        (vn(2026, 2, 13, 10), 3, "days", vn(2026, 2, 25, 10)),
        (vn(2026, 2, 12, 11, 45), 1, "days", vn(2026, 2, 13, 11, 30)),
        (vn(2026, 2, 13, 17, 30), 0.5, "days", vn(2026, 2, 23, 11)),
        (vn(2026, 2, 17, 9), 1, "days", vn(2026, 2, 23, 17)),
        # 30/4–1/5 2025: Sat 26/4 worked, Fri 2/5 off.
        (vn(2025, 4, 25, 17, 30), 1, "days", vn(2025, 4, 26, 17)),
        (vn(2025, 4, 25, 10), 1, "days", vn(2025, 4, 26, 10)),
        (vn(2025, 4, 26, 14), 2, "hours", vn(2025, 4, 26, 16)),
        (vn(2025, 4, 29, 10), 1, "days", vn(2025, 5, 5, 10)),
        (vn(2025, 5, 2, 9), 1, "days", vn(2025, 5, 5, 17)),
        # 2/9 2026: Sat 22/8 worked, Mon 31/8 off, 1/9 and 2/9 off.
        (vn(2026, 8, 21, 10), 1, "days", vn(2026, 8, 22, 10)),
        (vn(2026, 8, 21, 17, 30), 1, "days", vn(2026, 8, 22, 17)),
        (vn(2026, 8, 28, 10), 1, "days", vn(2026, 9, 3, 10)),
        (vn(2026, 8, 31, 8), 4, "hours", vn(2026, 9, 3, 11)),
        (vn(2026, 8, 23, 8), 1, "days", vn(2026, 8, 24, 17)),
        # Starts at 11:45 (lunch), 17:30 (after hours), on a Sunday, on a holiday.
        (vn(2026, 3, 10, 11, 45), 1, "hours", vn(2026, 3, 10, 14, 30)),
        (vn(2026, 3, 10, 17, 30), 1, "days", vn(2026, 3, 11, 17)),
        (vn(2026, 3, 13, 17, 30), 1, "days", vn(2026, 3, 16, 17)),
        (vn(2026, 3, 8, 15), 3, "hours", vn(2026, 3, 9, 10)),
        (vn(2026, 9, 2, 10), 1, "days", vn(2026, 9, 3, 17)),
        # Hour-based procedures crossing lunch and the end of the day.
        (vn(2026, 3, 10, 10), 2, "hours", vn(2026, 3, 10, 14)),
        (vn(2026, 3, 10, 11), 1, "hours", vn(2026, 3, 10, 14)),
        (vn(2026, 3, 10, 11, 30), 0.5, "hours", vn(2026, 3, 10, 14)),
        (vn(2026, 3, 10, 7), 4.5, "hours", vn(2026, 3, 10, 11, 30)),
        (vn(2026, 3, 10, 16), 2, "hours", vn(2026, 3, 11, 8)),
        (vn(2026, 3, 10, 13, 30), 0.5, "days", vn(2026, 3, 11, 7, 30)),
        # No processing time: the first working moment.
        (vn(2026, 3, 8, 10), 0, "days", vn(2026, 3, 9, 7)),
    ],
)
def test_due_moment_on_the_real_calendar(start, amount, unit, due):
    assert CALENDAR.due_at(start, amount, unit) == due


def test_a_start_in_another_time_zone_counts_in_vietnamese_time():
    start = datetime(2026, 2, 13, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    assert CALENDAR.due_at(start, 3, "days") == vn(2026, 2, 25, 10)


@pytest.mark.parametrize(
    ("resolved", "outcome"),
    [
        (vn(2026, 2, 24, 16), Outcome.EARLY),
        (vn(2026, 2, 25, 9), Outcome.ON_TIME),
        # Date level: later the same day is still on time.
        (vn(2026, 2, 25, 16, 59), Outcome.ON_TIME),
        (datetime(2026, 2, 24, 18, 0, tzinfo=UTC), Outcome.ON_TIME),  # 01:00 on 25/2 locally
        (vn(2026, 2, 26, 8), Outcome.LATE),
    ],
)
def test_outcome_is_compared_at_date_level(resolved, outcome):
    assert CALENDAR.outcome(resolved, vn(2026, 2, 25, 10)) == outcome


@pytest.mark.parametrize(
    ("days_off", "working_days", "start", "due"),
    [
        # A province make-up Saturday is worked.
        ((), (date(2026, 3, 7),), vn(2026, 3, 6, 10), vn(2026, 3, 7, 10)),
        # A province extra day off is skipped.
        ((date(2026, 3, 9),), (), vn(2026, 3, 6, 10), vn(2026, 3, 10, 10)),
        # The province works a national day off (Giỗ Tổ compensation, Mon 27/4/2026).
        ((), (date(2026, 4, 27),), vn(2026, 4, 24, 10), vn(2026, 4, 27, 10)),
        # The province gives back the national make-up Saturday 22/8/2026.
        ((date(2026, 8, 22),), (), vn(2026, 8, 21, 10), vn(2026, 8, 24, 10)),
    ],
)
def test_province_overrides_move_due_moments(days_off, working_days, start, due):
    calendar = CALENDAR.with_overrides(days_off=days_off, working_days=working_days)
    assert calendar.due_at(start, 1, "days") == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 2, 1), date(2026, 3, 1), 15),  # 20 weekdays, 5 of Tết
        (date(2025, 4, 1), date(2025, 5, 1), 21),  # 22 - Giỗ Tổ - 30/4 + Sat 26/4
        (date(2026, 8, 17), date(2026, 9, 7), 13),  # 15 weekdays - 31/8, 1/9, 2/9 + Sat 22/8
        (date(2026, 3, 10), date(2026, 3, 10), 0),
        (date(2026, 3, 11), date(2026, 3, 9), -2),
    ],
)
def test_working_days_between(start, end, count):
    assert CALENDAR.working_days_between(start, end) == count


def test_the_year_lists_days_off_and_make_up_days():
    off = dict(CALENDAR.non_working_days(2026))
    assert off[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert date(2026, 8, 31) in off
    assert CALENDAR.make_up_working_days(2026) == [date(2026, 8, 22)]
    given_back = CALENDAR.with_overrides(days_off=(date(2026, 8, 22),))
    assert given_back.make_up_working_days(2026) == []


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [(-1, "days", "zero or more"), (1, "weeks", "Unknown time unit"), ("nan", "days", "number")],
)
def test_bad_processing_times_are_refused(amount, unit, message):
    with pytest.raises(ValueError, match=message):
        CALENDAR.due_at(vn(2026, 3, 10, 10), amount, unit)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.due_at(datetime(2026, 3, 10, 10), 1, "days")
