"""The one definition of "overdue at a moment": by due date, in the province's zone."""

from datetime import UTC, date, timedelta

import pytest

from procedures.calendar.overdue import first_overdue_day, is_past_due
from tests.fixtures_dossiers import vn


@pytest.mark.parametrize(
    ("due_at", "at", "overdue"),
    [
        # Due Thu 06/03 10:00: within time all of Thursday, overdue from Friday's first moment.
        (vn(2025, 3, 6, 10, 0), vn(2025, 3, 6, 9, 59), False),
        (vn(2025, 3, 6, 10, 0), vn(2025, 3, 6, 10, 1), False),
        (vn(2025, 3, 6, 10, 0), vn(2025, 3, 6, 23, 59, 59, 999999), False),
        (vn(2025, 3, 6, 10, 0), vn(2025, 3, 7, 0, 0), True),
        # Due at midnight: that day is its due date, overdue only from the next.
        (vn(2025, 3, 6, 0, 0), vn(2025, 3, 6, 23, 0), False),
        (vn(2025, 3, 6, 0, 0), vn(2025, 3, 7, 0, 0), True),
        # Due 17:00 local is 10:00 UTC; a moment given in UTC is judged on the local date.
        (vn(2025, 3, 6, 17, 0), vn(2025, 3, 7, 6, 0).astimezone(UTC), True),
        (None, vn(2030, 1, 1, 0, 0), False),
    ],
)
def test_overdue_at_a_moment_is_by_due_date(due_at, at, overdue):
    assert is_past_due(due_at, at) is overdue


@pytest.mark.parametrize(
    ("due_at", "first_day"),
    [
        (vn(2025, 3, 6, 10, 0), date(2025, 3, 7)),
        (vn(2025, 3, 6, 0, 0), date(2025, 3, 7)),
        (vn(2025, 3, 6, 23, 59), date(2025, 3, 7)),
        (vn(2025, 2, 28, 17, 0), date(2025, 3, 1)),
        (vn(2024, 12, 31, 17, 0), date(2025, 1, 1)),
    ],
)
def test_first_overdue_day_is_the_day_after_the_due_date(due_at, first_day):
    assert first_overdue_day(due_at) == first_day
    # The same verdict as the moment rule: not at the last moment of the due date, then so.
    before = first_day - timedelta(days=1)
    assert not is_past_due(due_at, vn(before.year, before.month, before.day, 23, 59, 59, 999999))
    assert is_past_due(due_at, vn(first_day.year, first_day.month, first_day.day, 0, 0))
