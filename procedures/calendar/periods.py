"""Kỳ so sánh: the period a figure's change is measured against, one rule for the agencies'
ranking and the dashboard. Pure date arithmetic, no database.

A leader reads a year-to-date view, a year, a quarter or a month against the same dates one year
earlier: the season is the same (the Tết weeks, the year-end rush), so the change says something
about the agency, not about the calendar. A year-to-date view on 08/12/2026 is therefore compared
with 01/01–08/12/2025, not with the 342 days just before it. Other whole months (say February to
April) are compared with as many whole months just before; any other period with the same
number of days just before.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

YEAR_BEFORE = "year_before"
JUST_BEFORE = "just_before"


class ComparisonPeriod(NamedTuple):
    """The compared period ``date_from``–``date_to`` and how it was chosen (``basis``:
    :data:`YEAR_BEFORE` or :data:`JUST_BEFORE`)."""

    date_from: date
    date_to: date
    basis: str


def _year_earlier(day: date) -> date:
    # 29/02 a year earlier is 28/02: the same last day of February.
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _whole_months(date_from: date, date_to: date) -> int:
    """How many whole months ``[date_from, date_to]`` is, or 0 if it is not whole months."""
    if date_from.day != 1 or (date_to + timedelta(days=1)).day != 1:
        return 0
    return (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1


def comparison_period(date_from: date, date_to: date) -> ComparisonPeriod:
    """The period that ``[date_from, date_to]`` is compared with (see the module's docstring)."""
    months = _whole_months(date_from, date_to)
    year_to_date = date_from.month == 1 and date_from.day == 1 and date_to.year == date_from.year
    quarter = months == 3 and date_from.month % 3 == 1
    if year_to_date or months == 1 or quarter:
        return ComparisonPeriod(_year_earlier(date_from), _year_earlier(date_to), YEAR_BEFORE)
    if months:
        index = date_from.year * 12 + date_from.month - 1 - months
        start = date(index // 12, index % 12 + 1, 1)
        return ComparisonPeriod(start, date_from - timedelta(days=1), JUST_BEFORE)
    last = date_from - timedelta(days=1)
    return ComparisonPeriod(last - (date_to - date_from), last, JUST_BEFORE)


def period_text(date_from: date, date_to: date) -> str:
    """A period as Vietnamese documents write it: ``01/01–08/12/2025``, the year once when both
    ends share it; ``25/01/2025–31/12/2025`` when they do not; one day alone as ``05/03/2025``."""
    if date_from == date_to:
        return date_from.strftime("%d/%m/%Y")
    if date_from.year == date_to.year:
        return f"{date_from:%d/%m}–{date_to:%d/%m/%Y}"
    return f"{date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}"
