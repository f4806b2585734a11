from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from procedures.choices import Level, UnitKind
from procedures.services.units import (
    centre_create,
    centre_update,
    desk_create,
    desk_staff_add,
    desk_update,
)
from tests.factories import CentreFactory, DeskFactory, ProvinceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Vietnamese ones are checked at the API."""
    with translation.override("en"):
        yield


@pytest.fixture
def district():
    return UnitFactory(
        code="842",
        kind=UnitKind.DISTRICT,
        parent=ProvinceFactory(),
        valid_from=date(1992, 5, 1),
        valid_to=date(2025, 6, 30),
    )


def test_a_district_centre_hosts_desks_of_several_agencies(district, reception_user):
    centre = centre_create(
        code="TTHCC-CN",
        name="Trung tâm Hành chính công huyện Cầu Ngang",
        level=Level.DISTRICT,
        unit=district,
        valid_from=date(2016, 10, 1),
        valid_to=date(2025, 6, 30),
    )
    desk = desk_create(
        code="000.21.31.H56",
        name="Bộ phận một cửa huyện",
        unit=district,
        centre=centre,
        staff=[reception_user],
        valid_from=date(2016, 10, 1),
        valid_to=date(2025, 6, 30),
    )
    assert list(centre.desks.all()) == [desk]
    assert list(desk.staff.all()) == [reception_user]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"level": Level.PROVINCE}, "unit", "serves a"),
        ({"level": Level.MINISTRY}, "level", "province, district or commune"),
        ({"valid_to": None}, "valid_from", "within those of unit 842"),
        ({"valid_from": date(1990, 1, 1)}, "valid_from", "within those of unit 842"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_bad_centres_are_refused(district, data, field, message):
    base = {
        "code": "TT1",
        "name": "Trung tâm",
        "level": Level.DISTRICT,
        "unit": district,
        "valid_from": date(2016, 10, 1),
        "valid_to": date(2025, 6, 30),
    }
    with pytest.raises(ValidationError) as caught:
        centre_create(**{**base, **data})
    assert message in " ".join(caught.value.message_dict[field])


def test_a_centre_is_ended_by_update(district):
    centre = CentreFactory(unit=district, valid_from=date(2016, 10, 1))
    centre_update(centre=centre, data={"valid_to": date(2025, 6, 30)})
    centre.refresh_from_db()
    assert centre.valid_to == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "H56-01"}, "code", "QCVN 102:2016"),
        ({"code": "000.00.06.H56"}, "code", "exists"),
        ({"valid_to": None}, "valid_from", "within those of unit 842"),
        ({"centre": "closed"}, "centre", "did not operate"),
    ],
)
def test_bad_desks_are_refused(district, data, field, message):
    DeskFactory(code="000.00.06.H56")
    closed = CentreFactory(
        code="OLD", unit=district, valid_from=date(2010, 1, 1), valid_to=date(2012, 1, 1)
    )
    base = {
        "code": "000.21.31.H56",
        "name": "Bộ phận một cửa",
        "unit": district,
        "valid_from": date(2016, 10, 1),
        "valid_to": date(2025, 6, 30),
    }
    data = {**base, **data}
    if data.get("centre") == "closed":
        data["centre"] = closed
    with pytest.raises(ValidationError) as caught:
        desk_create(**data)
    assert message in " ".join(caught.value.message_dict[field])


def test_desk_staff_are_replaced_by_update_and_inactive_accounts_refused(reception_user):
    desk = DeskFactory(staff=[reception_user])
    colleague = UserFactory(username="tiepnhan2")
    desk_update(desk=desk, data={"staff": [colleague]})
    assert list(desk.staff.all()) == [colleague]
    gone = UserFactory(username="danghi", is_active=False)
    with pytest.raises(ValidationError, match="danghi"):
        desk_update(desk=desk, data={"staff": [gone]})
    with pytest.raises(ValidationError, match="danghi"):
        desk_staff_add(desk=desk, user=gone)
    desk_staff_add(desk=desk, user=reception_user)
    assert set(desk.staff.all()) == {colleague, reception_user}
