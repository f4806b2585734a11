"""Thời gian còn lại: the working time an open dossier has left, or is past its due moment by,
counted along the sessions (07:00–11:30, 13:30–17:00), and the words a list row shows."""

from datetime import datetime, timedelta

import pytest
from django.utils import translation

from procedures.calendar import TIME_ZONE, WorkingCalendar
from procedures.calendar.clock import Clock
from procedures.calendar.time_left import time_left, time_left_text
from procedures.choices import SupplementMode

CALENDAR = WorkingCalendar()


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=TIME_ZONE)


def running(due: datetime) -> Clock:
    return Clock(started_at=vn(2025, 3, 3, 7, 0), work=timedelta(hours=24), due_at=due)


# (due moment, now, working time left (negative: past due), overdue by the date rule, words)
CASES = [
    # Thu 06/03 14:00, due the same day 17:00: three working hours left.
    (vn(2025, 3, 6, 17, 0), vn(2025, 3, 6, 14, 0), timedelta(hours=3), False, "còn 3 giờ làm việc"),
    # Lunch does not count: 10:45 to 14:00 is 1 h 15 working minutes; a started hour counts.
    (
        vn(2025, 3, 6, 14, 0),
        vn(2025, 3, 6, 10, 45),
        timedelta(hours=1, minutes=15),
        False,
        "còn 2 giờ làm việc",
    ),
    # Fri 16:00 to Mon 10:00: the weekend does not count, 1 + 3 working hours.
    (
        vn(2025, 3, 10, 10, 0),
        vn(2025, 3, 7, 16, 0),
        timedelta(hours=4),
        False,
        "còn 4 giờ làm việc",
    ),
    # A whole working day and more: days and hours.
    (
        vn(2025, 3, 11, 10, 0),
        vn(2025, 3, 7, 16, 0),
        timedelta(hours=12),
        False,
        "còn 1 ngày làm việc và 4 giờ làm việc",
    ),
    # Due 10:00 today, now 14:00: past the due moment, but its date has not passed yet.
    (
        vn(2025, 3, 6, 10, 0),
        vn(2025, 3, 6, 14, 0),
        -timedelta(hours=2),
        False,
        "quá giờ hẹn 2 giờ làm việc",
    ),
    # Due Mon 03/03 17:00, now Wed 05/03 17:00: two working days overdue.
    (
        vn(2025, 3, 3, 17, 0),
        vn(2025, 3, 5, 17, 0),
        -timedelta(hours=16),
        True,
        "quá hạn 2 ngày làm việc",
    ),
    # Due Thu 17:00, now Fri 07:00: overdue by date, no working time has passed since.
    (vn(2025, 3, 6, 17, 0), vn(2025, 3, 7, 7, 0), timedelta(0), True, "quá hạn"),
    # 30/4, 1/5 and the swapped Fri 2/5 are days off: Tue 29/04 16:00 to Mon 05/05 08:00 is
    # 2 working hours.
    (vn(2025, 5, 5, 8, 0), vn(2025, 4, 29, 16, 0), timedelta(hours=2), False, "còn 2 giờ làm việc"),
]


@pytest.mark.parametrize(("due", "now", "work", "overdue", "words"), CASES)
def test_time_left_along_the_sessions(due, now, work, overdue, words):
    left = time_left(running(due), CALENDAR, now)
    assert (left.work, left.overdue) == (work, overdue)
    with translation.override("vi"):
        assert time_left_text(left, CALENDAR) == words


def test_in_english():
    left = time_left(running(vn(2025, 3, 3, 17, 0)), CALENDAR, vn(2025, 3, 5, 17, 0))
    with translation.override("en"):
        assert time_left_text(left, CALENDAR) == "overdue by 2 working days"


def test_a_stopped_clock_keeps_its_time_left_whole():
    # Waiting for the applicant since Tue with 1,5 working days left: days later, still 1,5.
    clock = Clock(
        started_at=vn(2025, 3, 4, 9, 0),
        work=timedelta(hours=12),
        due_at=vn(2025, 3, 5, 13, 30),
        stopped_at=vn(2025, 3, 4, 9, 0),
    )
    left = time_left(clock, CALENDAR, vn(2025, 3, 14, 9, 0))
    assert (left.work, left.overdue, left.waiting) == (timedelta(hours=12), False, True)
    with translation.override("vi"):
        assert time_left_text(left, CALENDAR) == "tạm dừng, còn 1 ngày làm việc và 4 giờ làm việc"


@pytest.mark.parametrize(
    ("mode", "vi", "en"),
    [
        (
            SupplementMode.PAUSE,
            "tạm dừng, còn 1 ngày làm việc và 4 giờ làm việc",
            "clock stopped, 1 working day and 4 working hours left",
        ),
        (
            SupplementMode.RESTART,
            "tạm dừng, thời hạn tính lại từ khi nhận đủ hồ sơ",
            "clock stopped, the time limit counts again from the complete dossier",
        ),
    ],
)
def test_a_stopped_clock_says_what_its_time_becomes_in_each_supplement_mode(mode, vi, en):
    clock = Clock(
        started_at=vn(2025, 3, 4, 9, 0),
        work=timedelta(hours=12),
        due_at=vn(2025, 3, 5, 13, 30),
        stopped_at=vn(2025, 3, 4, 9, 0),
    )
    left = time_left(clock, CALENDAR, vn(2025, 3, 14, 9, 0), mode=mode)
    assert left.restarts is (mode == SupplementMode.RESTART)
    with translation.override("vi"):
        assert time_left_text(left, CALENDAR) == vi
    with translation.override("en"):
        assert time_left_text(left, CALENDAR) == en


def test_a_clock_that_ran_out_while_waiting_is_overdue_by_its_due_moment():
    clock = Clock(
        started_at=vn(2025, 3, 3, 7, 0),
        work=timedelta(hours=8),
        due_at=vn(2025, 3, 3, 17, 0),
        stopped_at=vn(2025, 3, 5, 9, 0),
        ran_out=True,
    )
    left = time_left(clock, CALENDAR, vn(2025, 3, 6, 9, 0))
    assert (left.work, left.overdue, left.waiting) == (-timedelta(hours=18), True, False)


def test_no_time_limit_has_no_time_left():
    clock = Clock(started_at=vn(2025, 3, 3, 7, 0), work=None, due_at=None)
    assert time_left(clock, CALENDAR, vn(2025, 3, 6, 9, 0)) is None
    assert time_left_text(None, CALENDAR) == ""
