"""The period a change is measured against: the same dates one year earlier for a year to date,
a year, a quarter or a month; else the period of the same length just before."""

from datetime import date

import pytest

from procedures.calendar.periods import (
    JUST_BEFORE,
    YEAR_BEFORE,
    comparison_period,
    period_text,
)


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        # Year to date, in December: the same dates of last year, not the 342 days before.
        (date(2026, 1, 1), date(2026, 12, 8), (date(2025, 1, 1), date(2025, 12, 8), YEAR_BEFORE)),
        (date(2026, 1, 1), date(2026, 1, 1), (date(2025, 1, 1), date(2025, 1, 1), YEAR_BEFORE)),
        # ... ending on a leap day: the last day of February a year earlier.
        (date(2028, 1, 1), date(2028, 2, 29), (date(2027, 1, 1), date(2027, 2, 28), YEAR_BEFORE)),
        # A whole year, quarter or month: the same one a year earlier.
        (date(2025, 1, 1), date(2025, 12, 31), (date(2024, 1, 1), date(2024, 12, 31), YEAR_BEFORE)),
        (date(2025, 4, 1), date(2025, 6, 30), (date(2024, 4, 1), date(2024, 6, 30), YEAR_BEFORE)),
        (date(2025, 3, 1), date(2025, 3, 31), (date(2024, 3, 1), date(2024, 3, 31), YEAR_BEFORE)),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2023, 2, 1), date(2023, 2, 28), YEAR_BEFORE)),
        # Other whole months: as many whole months just before.
        (date(2025, 2, 1), date(2025, 4, 30), (date(2024, 11, 1), date(2025, 1, 31), JUST_BEFORE)),
        (date(2016, 1, 1), date(2017, 12, 31), (date(2014, 1, 1), date(2015, 12, 31), JUST_BEFORE)),
        # Anything else: the same number of days just before.
        (date(2024, 3, 1), date(2024, 3, 1), (date(2024, 2, 29), date(2024, 2, 29), JUST_BEFORE)),
        (date(2025, 3, 10), date(2025, 3, 16), (date(2025, 3, 3), date(2025, 3, 9), JUST_BEFORE)),
        (date(2025, 12, 9), date(2026, 1, 7), (date(2025, 11, 9), date(2025, 12, 8), JUST_BEFORE)),
    ],
)
def test_the_compared_period(date_from, date_to, expected):
    assert comparison_period(date_from, date_to) == expected


@pytest.mark.parametrize(
    ("date_from", "date_to", "text"),
    [
        (date(2025, 1, 1), date(2025, 12, 8), "01/01–08/12/2025"),
        (date(2025, 1, 25), date(2026, 1, 3), "25/01/2025–03/01/2026"),
        (date(2025, 3, 5), date(2025, 3, 5), "05/03/2025"),
    ],
)
def test_the_period_as_a_leader_reads_it(date_from, date_to, text):
    assert period_text(date_from, date_to) == text
