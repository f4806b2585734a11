"""The vectorised path gives exactly the one-at-a-time answers (a property, tested by
hypothesis): random starts from 2016 to 2027 with seconds and microseconds, processing times in
days (halves included) and hours, random province overrides with make-up Saturdays."""

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedures.calendar import TIME_ZONE, WorkingCalendar
from procedures.calendar.vectorised import due_at_many

SESSIONS = [
    ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
    ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))),
    ((time(8, 0), time(12, 0)), (time(12, 0), time(16, 30, 15))),
]
FIRST, LAST = date(2016, 1, 1), date(2027, 12, 31)

starts = st.datetimes(
    min_value=datetime(2016, 1, 1),
    max_value=datetime(2027, 12, 31, 23, 59, 59, 999_999),
    timezones=st.sampled_from([TIME_ZONE, UTC]),
)
# Starts exactly on session boundaries and at lunch are where off-by-one errors live.
boundary_starts = st.builds(
    lambda day, moment: datetime.combine(day, moment, TIME_ZONE),
    st.dates(FIRST, LAST),
    st.sampled_from([time(h, m) for h in (6, 7, 8, 11, 12, 13, 16, 17) for m in (0, 30, 45)]),
)
processing_times = st.one_of(
    st.tuples(st.integers(0, 160).map(lambda n: n / 2), st.just("days")),
    st.tuples(st.integers(0, 100).map(lambda n: n / 2), st.just("hours")),
    st.tuples(st.sampled_from([0.25, 0.1, 1.75, 2.3]), st.sampled_from(["days", "hours"])),
)
saturdays = st.integers(0, (LAST - FIRST).days // 7).map(
    lambda week: date(2016, 1, 2) + timedelta(weeks=week)
)
calendars = st.builds(
    lambda sessions, days_off, make_up: WorkingCalendar(
        sessions=sessions,
        extra_days_off=frozenset(days_off - make_up),
        extra_working_days=frozenset(make_up),
    ),
    st.sampled_from(SESSIONS),
    st.frozensets(st.dates(FIRST, LAST), max_size=10),
    st.frozensets(st.one_of(saturdays, st.dates(FIRST, LAST)), max_size=10),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendar=calendars,
    cases=st.lists(
        st.tuples(st.one_of(starts, boundary_starts), processing_times), min_size=1, max_size=40
    ),
)
def test_due_at_many_equals_due_at(calendar, cases):
    moments = [start for start, _ in cases]
    amounts = np.array([amount for _, (amount, _) in cases])
    units = np.array([unit for _, (_, unit) in cases])
    vectorised = due_at_many(calendar, pd.Series(moments), amounts, units)
    for (start, (amount, unit)), due in zip(cases, vectorised, strict=True):
        assert due.to_pydatetime() == calendar.due_at(start, amount, unit), (start, amount, unit)


@settings(max_examples=50, deadline=None)
@given(
    calendar=calendars,
    start=st.one_of(starts, boundary_starts),
    work_us=st.integers(0, 200 * 8 * 3600 * 10**6),
)
def test_working_time_as_hours_round_trips_to_the_microsecond(calendar, start, work_us):
    """Recomputation passes ``clock_work`` as hours: no microsecond may be lost on the way."""
    work = timedelta(microseconds=work_us)
    hours = np.array([work_us / 3_600_000_000])
    due = due_at_many(calendar, pd.Series([start]), hours, "hours").iloc[0]
    assert due.to_pydatetime() == calendar.add_working_time(start, work)


def test_naive_starts_are_refused():
    with pytest.raises(ValueError, match="aware"):
        due_at_many(WorkingCalendar(), pd.Series([datetime(2026, 3, 10, 10)]), 1.0)


def test_unknown_units_are_refused():
    with pytest.raises(ValueError, match="weeks"):
        due_at_many(
            WorkingCalendar(),
            pd.Series([datetime(2026, 3, 10, 10, tzinfo=TIME_ZONE)]),
            1.0,
            np.array(["weeks"]),
        )


def test_make_up_saturdays_are_worked_where_numpy_busday_offset_skips_them():
    start = pd.Series([datetime(2025, 4, 25, 10, tzinfo=TIME_ZONE)])
    due = due_at_many(WorkingCalendar(), start, 1.0, "days").iloc[0]
    assert due.to_pydatetime() == datetime(2025, 4, 26, 10, tzinfo=TIME_ZONE)
    assert np.busday_offset("2025-04-25", 1) == np.datetime64("2025-04-28")
