"""ProcessingTime: due moments for every unit on the real calendar (Tết 2026: Mon 16/2–Fri 20/2
off; 30/4–1/5/2025: Sat 26/4 worked, Fri 2/5 off), the vectorised path equal to the scalar one,
and the portal's way of writing each time."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedures.calendar import TIME_ZONE, WorkingCalendar
from procedures.calendar.processing_time import (
    ProcessingTime,
    ProcessingTimeError,
    add_months,
    due_at_many,
    processing_times_due_at_many,
)
from procedures.choices import TimeUnit
from tests.procedures.calendar.test_vectorised_property import boundary_starts, calendars, starts

CALENDAR = WorkingCalendar()


def vn(year, month, day, hour=0, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TIME_ZONE)


P = ProcessingTime
CASES = [
    # Calendar days (Civil Code Art. 147–148): receipt day not counted; ends 17:00 on the last
    # day; a last day off moves to the end of the next working day.
    ("last day in Tết", vn(2026, 2, 3, 10), P(15, "calendar_days"), vn(2026, 2, 23, 17)),
    ("Friday before Tết", vn(2026, 2, 13, 16), P(3, "calendar_days"), vn(2026, 2, 23, 17)),
    ("one calendar day", vn(2026, 2, 9, 10), P(1, "calendar_days"), vn(2026, 2, 10, 17)),
    ("received on a Saturday", vn(2026, 2, 7, 9), P(5, "calendar_days"), vn(2026, 2, 12, 17)),
    ("received in Tết", vn(2026, 2, 15, 9), P(10, "calendar_days"), vn(2026, 2, 25, 17)),
    ("after hours, last day Sat", vn(2026, 2, 13, 18), P(15, "calendar_days"), vn(2026, 3, 2, 17)),
    ("last day 30/4", vn(2025, 4, 25, 10), P(5, "calendar_days"), vn(2025, 5, 5, 17)),
    ("last day make-up Sat", vn(2025, 4, 24, 10), P(2, "calendar_days"), vn(2025, 4, 26, 17)),
    ("last day 30/4, late", vn(2025, 4, 29, 16, 30), P(1, "calendar_days"), vn(2025, 5, 5, 17)),
    ("part of a day is a day", vn(2026, 3, 2, 10), P("1.5", "calendar_days"), vn(2026, 3, 4, 17)),
    # Months: the same day number, or the month's last day.
    ("month ends in Tết", vn(2026, 1, 17, 9), P(1, "months"), vn(2026, 2, 23, 17)),
    ("31/1 + 1 month = 28/2 (Sat)", vn(2026, 1, 31, 9), P(1, "months"), vn(2026, 3, 2, 17)),
    ("month ends 30/4", vn(2025, 3, 30, 9), P(1, "months"), vn(2025, 5, 5, 17)),
    ("31/3 + 1 month = 30/4", vn(2025, 3, 31, 9), P(1, "months"), vn(2025, 5, 5, 17)),
    ("two months into Tết", vn(2025, 12, 16, 9), P(2, "months"), vn(2026, 2, 23, 17)),
    ("twelve months", vn(2025, 2, 17, 9), P(12, "months"), vn(2026, 2, 23, 17)),
    # Same day: end of the working day, or of the next one after the cut-off (15:00 default).
    ("same day, morning", vn(2026, 2, 13, 10), P.same_day(), vn(2026, 2, 13, 17)),
    ("same day, at 15:00", vn(2026, 2, 13, 15), P.same_day(), vn(2026, 2, 13, 17)),
    ("Friday after 15:00", vn(2026, 2, 13, 15, 0, 1), P.same_day(), vn(2026, 2, 23, 17)),
    ("Saturday in Tết", vn(2026, 2, 14, 9), P.same_day(), vn(2026, 2, 23, 17)),
    ("before opening", vn(2026, 2, 12, 6, 30), P.same_day(), vn(2026, 2, 12, 17)),
    ("after closing", vn(2026, 2, 12, 17), P.same_day(), vn(2026, 2, 13, 17)),
    ("Fri 25/4 after 15:00", vn(2025, 4, 25, 16), P.same_day(), vn(2025, 4, 26, 17)),
    ("make-up Saturday", vn(2025, 4, 26, 10), P.same_day(), vn(2025, 4, 26, 17)),
    ("29/4 after 15:00", vn(2025, 4, 29, 15, 1), P.same_day(), vn(2025, 5, 5, 17)),
    ("Sat 3/5 (weekend)", vn(2025, 5, 3, 9), P.same_day(), vn(2025, 5, 5, 17)),
    ("own cut-off 16:30", vn(2025, 4, 25, 16), P.same_day(time(16, 30)), vn(2025, 4, 25, 17)),
    ("own cut-off 11:00", vn(2025, 4, 25, 11, 30), P.same_day(time(11)), vn(2025, 4, 26, 17)),
    # Working time is the calendar's own arithmetic.
    ("working days over Tết", vn(2026, 2, 13, 10), P(3, "days"), vn(2026, 2, 25, 10)),
    ("working hours, 30/4", vn(2025, 4, 29, 15), P(4, "hours"), vn(2025, 5, 5, 9)),
    ("from UTC", datetime(2026, 2, 13, 3, tzinfo=UTC), P(1, "calendar_days"), vn(2026, 2, 23, 17)),
]


@pytest.mark.parametrize(("case", "start", "processing_time", "due"), CASES)
def test_due_moment(case, start, processing_time, due):
    assert processing_time.due_at(start, CALENDAR) == due


def test_the_table_gives_the_same_answers_at_once():
    frame = pd.Series([start for _case, start, _time, _due in CASES])
    vectorised = processing_times_due_at_many(CALENDAR, frame, [t for _c, _s, t, _d in CASES])
    assert list(vectorised) == [due for _case, _start, _time, due in CASES]


@pytest.mark.parametrize("processing_time", [P.none("Không có thông tin"), P.to_complete("120")])
def test_no_time_has_no_due_moment_nor_length(processing_time):
    assert processing_time.due_at(vn(2026, 3, 2, 10), CALENDAR) is None
    assert processing_time.working_duration(CALENDAR) is None
    assert not processing_time.has_due_moment
    moments = due_at_many(
        CALENDAR, pd.Series([vn(2026, 3, 2, 10)]), [np.nan], [processing_time.unit]
    )
    assert moments.isna().all()


def test_working_length_only_for_working_time():
    assert P(2, "days").working_duration(CALENDAR) == timedelta(hours=16)
    assert P(3, "hours").working_duration(CALENDAR) == timedelta(hours=3)
    assert P(15, "calendar_days").working_duration(CALENDAR) is None
    assert P.same_day().working_duration(CALENDAR) is None


@pytest.mark.parametrize(
    ("processing_time", "text"),
    [
        (P(15, "calendar_days"), "15 Ngày"),
        (P(15, "days"), "15 Ngày làm việc"),
        (P("1.50", "days"), "1,5 Ngày làm việc"),
        (P(8, "hours"), "8 Giờ làm việc"),
        (P(3, "months"), "3 Tháng"),
        (P.same_day(), "Trong ngày"),
        (
            P.same_day(time(16, 30)),
            "Trong ngày; nếu nhận hồ sơ sau 16 giờ 30 thì trả kết quả trong ngày làm việc "
            "tiếp theo",
        ),
        (P.none("Không có thông tin"), "Không quy định"),
        (P.to_complete("120"), "120"),
        (P.to_complete(), "Chưa xác định"),
    ],
)
def test_written_as_the_portal_writes_it_and_read_back(processing_time, text):
    assert str(processing_time) == text
    assert ProcessingTime.parse(text).same_reading(processing_time)
    assert ProcessingTime.from_dict(processing_time.to_dict()) == processing_time


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(0, "days"), (-1, "calendar_days"), ("1.5", "months"), (None, "hours"), (1, "weeks")],
)
def test_impossible_times_are_refused(amount, unit):
    with pytest.raises(ProcessingTimeError):
        ProcessingTime(amount, unit)


def test_the_stored_working_units_keep_their_values():
    assert TimeUnit.DAYS == "days" and TimeUnit.HOURS == "hours"
    assert P(Decimal("15.00"), "days").amount == Decimal(15)


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 5, 15), 12) == date(2026, 5, 15)


processing_times = st.one_of(
    st.builds(P, st.integers(1, 160).map(lambda n: Decimal(n) / 2), st.just("days")),
    st.builds(P, st.integers(1, 100).map(lambda n: Decimal(n) / 4), st.just("hours")),
    st.builds(P, st.integers(1, 400).map(lambda n: Decimal(n) / 2), st.just("calendar_days")),
    st.builds(P, st.integers(1, 36), st.just("months")),
    st.builds(
        P.same_day,
        st.one_of(st.none(), st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30]))),
    ),
    st.sampled_from([P.none(), P.to_complete("5")]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendar=calendars,
    cases=st.lists(
        st.tuples(st.one_of(starts, boundary_starts), processing_times), min_size=1, max_size=30
    ),
)
def test_vectorised_equals_scalar_for_every_unit(calendar, cases):
    moments = pd.Series([start for start, _time in cases])
    vectorised = processing_times_due_at_many(calendar, moments, [t for _start, t in cases])
    for (start, processing_time), due in zip(cases, vectorised, strict=True):
        expected = processing_time.due_at(start, calendar)
        if expected is None:
            assert pd.isna(due), (start, processing_time)
        else:
            assert due.to_pydatetime() == expected, (start, processing_time)


def test_vectorised_refuses_naive_starts_and_unknown_units():
    with pytest.raises(ValueError, match="aware"):
        due_at_many(CALENDAR, pd.Series([datetime(2026, 3, 2, 10)]), [1], ["calendar_days"])
    with pytest.raises(ValueError, match="weeks"):
        due_at_many(CALENDAR, pd.Series([vn(2026, 3, 2, 10)]), [1], ["weeks"])
