from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from procedures.choices import UnitKind
from procedures.services.units import unit_create
from tests.factories import ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Vietnamese ones are checked at the API."""
    with translation.override("en"):
        yield


def test_a_commune_is_created_under_its_district():
    province = ProvinceFactory()
    district = unit_create(
        code="842", name="Huyện Càng Long", kind=UnitKind.DISTRICT, parent=province
    )
    commune = unit_create(
        code="28756",
        name="  Thị trấn   Càng Long ",
        kind=UnitKind.COMMUNE,
        parent=district,
        valid_to=date(2025, 6, 30),
    )
    commune.refresh_from_db()
    assert commune.name == "Thị trấn Càng Long"
    assert commune.parent == district
    assert commune.valid_from == date(1900, 1, 1)
    assert commune.level == 3


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"code": ""}, "code", "required"),
        ({"code": "28 756"}, "code", "letters, digits"),
        ({"name": " "}, "name", "required"),
        ({"kind": "village"}, "kind", "Unknown kind"),
        (
            {"valid_from": date(2025, 7, 1), "valid_to": date(2025, 6, 30)},
            "valid_to",
            "30/06/2025 is before the start date 01/07/2025",
        ),
        ({"kind": UnitKind.PROVINCE, "parent": "province"}, "parent", "no parent"),
        ({"kind": UnitKind.DISTRICT, "parent": "commune"}, "parent", "sits under"),
        ({"parent": "ended", "valid_from": date(2025, 7, 1)}, "parent", "did not exist"),
        ({"successors": ["new"]}, "successors", "ended"),
        (
            {"valid_to": date(2020, 12, 31), "successors": ["new"]},
            "successors",
            "not valid on 01/01/2021",
        ),
        ({"code": "84"}, "code", "exists"),
    ],
)
def test_bad_units_are_refused_with_the_field_and_reason(kwargs, field, message):
    refs = {
        "province": ProvinceFactory(code="84"),
        "commune": UnitFactory(code="C1", kind=UnitKind.COMMUNE),
        "ended": UnitFactory(code="D1", kind=UnitKind.DISTRICT, valid_to=date(2025, 6, 30)),
        "new": UnitFactory(code="N1", kind=UnitKind.COMMUNE, valid_from=date(2025, 7, 1)),
    }
    data = {"code": "28756", "name": "Xã mới", "kind": UnitKind.COMMUNE, **kwargs}
    if isinstance(data.get("parent"), str):
        data["parent"] = refs[data["parent"]]
    if "successors" in data:
        data["successors"] = [refs[name] for name in data["successors"]]
    with pytest.raises(ValidationError) as caught:
        unit_create(**data)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


def test_an_ended_unit_names_its_successors():
    new = UnitFactory(code="X1", valid_from=date(2025, 7, 1))
    old = unit_create(
        code="28756",
        name="Thị trấn Càng Long",
        kind=UnitKind.COMMUNE,
        valid_to=date(2025, 6, 30),
        successors=[new],
    )
    assert list(old.successors.all()) == [new]
    assert list(new.predecessors.all()) == [old]
