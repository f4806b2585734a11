"""The agencies' ranking against the dossiers of tests/agencies_data.py counted by hand: worst
first, the province's line, March against March of the year before, filters by level."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from procedures.choices import Level
from procedures.selectors.agency_ranking import agency_ranking
from tests.agencies_data import agencies  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _march(**kwargs):
    return agency_ranking(
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), at=timezone.now(), **kwargs
    )


def test_agencies_are_ranked_worst_first_with_the_previous_period(agencies):  # noqa: F811
    ranking = _march()
    assert [r["key"] for r in ranking.rows] == ["29701", "842", "29702"]
    long_duc, tra_cu, dai_an = ranking.rows
    assert long_duc["on_time_rate"] == Fraction(1, 3)
    assert long_duc["resolved_late"] == 2 and long_duc["resolved_total"] == 3
    assert long_duc["overdue_now"] == 1
    assert long_duc["previous_on_time_rate"] == 1
    assert long_duc["change"] == Decimal("-66.67")
    assert long_duc["online_rate"] == 0
    assert tra_cu["on_time_rate"] == Fraction(1, 2) and tra_cu["level"] == Level.DISTRICT
    assert tra_cu["valid_to"] == date(2025, 6, 30)
    assert tra_cu["previous_on_time_rate"] is None and tra_cu["change"] is None
    assert dai_an["on_time_rate"] == 1 and dai_an["overdue_now"] == 0
    # The province's line: 6 resolved, 3 late, against March 2024's 1 of 1 in time.
    assert ranking.province["resolved_total"] == 6
    assert ranking.province["resolved_late"] == 3
    assert ranking.province["on_time_rate"] == Fraction(1, 2)
    assert ranking.province["change"] == Decimal("-50.00")
    assert ranking.province["overdue_now"] == 1
    assert (ranking.previous_from, ranking.previous_to) == (date(2024, 3, 1), date(2024, 3, 31))
    assert ranking.previous_text == "01/03–31/03/2024"


@pytest.mark.parametrize(
    ("level", "keys"),
    [(Level.COMMUNE, ["29701", "29702"]), (Level.DISTRICT, ["842"]), (Level.PROVINCE, [])],
)
def test_a_level_keeps_its_agencies_and_the_whole_province_line(agencies, level, keys):  # noqa: F811
    ranking = _march(level=level)
    assert [r["key"] for r in ranking.rows] == keys
    assert ranking.province["resolved_total"] == 6


def test_a_district_ended_in_2025_is_not_among_the_agencies_of_a_later_period(agencies):  # noqa: F811
    later = agency_ranking(
        date_from=date(2025, 7, 1), date_to=date(2025, 7, 31), at=timezone.now(), level=2
    )
    assert later.rows == []
