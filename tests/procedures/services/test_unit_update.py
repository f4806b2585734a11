from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from procedures.choices import UnitKind
from procedures.services.units import unit_update
from tests.factories import ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Vietnamese ones are checked at the API."""
    with translation.override("en"):
        yield


def test_ending_a_district_with_its_successor():
    province = ProvinceFactory()
    district = UnitFactory(code="842", kind=UnitKind.DISTRICT, parent=province)
    commune = UnitFactory(code="X1", parent=province, valid_from=date(2025, 7, 1))
    unit_update(unit=district, data={"valid_to": date(2025, 6, 30), "successors": [commune]})
    district.refresh_from_db()
    assert district.valid_to == date(2025, 6, 30)
    assert list(district.successors.all()) == [commune]


def test_a_parent_that_makes_a_cycle_is_refused():
    province = ProvinceFactory()
    district = UnitFactory(code="842", kind=UnitKind.DISTRICT, parent=province)
    commune = UnitFactory(code="C1", kind=UnitKind.COMMUNE, parent=district)
    with pytest.raises(ValidationError) as caught:
        unit_update(unit=district, data={"kind": UnitKind.COMMUNE, "parent": commune})
    assert "parent" in caught.value.message_dict


def test_moving_the_end_date_keeps_successors_checked():
    commune = UnitFactory(code="C1", valid_to=date(2025, 6, 30))
    successor = UnitFactory(code="X1", valid_from=date(2025, 7, 1))
    commune.successors.set([successor])
    with pytest.raises(ValidationError) as caught:
        unit_update(unit=commune, data={"valid_to": date(2024, 12, 31)})
    assert "01/01/2025" in caught.value.message_dict["successors"][0]


def test_a_unit_cannot_be_its_own_parent():
    province = ProvinceFactory()
    with pytest.raises(ValidationError, match="own parent"):
        unit_update(unit=province, data={"kind": UnitKind.DISTRICT, "parent": province})
