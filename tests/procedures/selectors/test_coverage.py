"""One-stop coverage counts the units valid at the end of the period that have a desk then."""

from datetime import date

import pytest

from procedures.selectors.coverage import one_stop_coverage, unit_scope_on
from tests.report_data import build_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(reception_user):
    return build_units(reception_user)


def test_units_and_desks_as_they_were_on_the_day(units):
    assert one_stop_coverage(as_of=date(2017, 12, 31)) == {
        "departments": 1,
        "districts": 2,  # huyện Châu Thành ended on 30/06/2017
        "communes_with_desk": 2,
        "communes": 3,  # xã Mới starts in 2018
        "district_units": 2,
    }
    # Before huyện Châu Thành ended, its desk counted.
    assert one_stop_coverage(as_of=date(2017, 6, 30))["districts"] == 3
    assert one_stop_coverage(as_of=date(2018, 1, 1))["communes"] == 4


def test_within_one_unit(units):
    scope = unit_scope_on(code="848", day=date(2017, 12, 31))
    assert one_stop_coverage(as_of=date(2017, 12, 31), scope=scope) == {
        "departments": 0,
        "districts": 1,
        "communes_with_desk": 2,
        "communes": 2,
        "district_units": 1,
    }
    assert unit_scope_on(code="nope", day=date(2017, 12, 31)) is None
