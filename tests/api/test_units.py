"""Units, centres and desks over the API: any logged-in user reads, administrators write."""

from datetime import date

import pytest

from procedures.choices import Level, UnitKind
from procedures.models import DeskProcedureRule, Unit
from tests.factories import (
    CentreFactory,
    DeskFactory,
    ProcedureVersionFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    province = ProvinceFactory(code="84", valid_from=date(1992, 5, 1), valid_to=date(2025, 6, 30))
    merged = UnitFactory(
        code="86", name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, valid_from=date(2025, 7, 1)
    )
    province.successors.set([merged])
    district = UnitFactory(
        code="842",
        name="Huyện Càng Long",
        kind=UnitKind.DISTRICT,
        parent=province,
        valid_to=date(2025, 6, 30),
    )
    commune = UnitFactory(
        code="28756", name="Thị trấn Càng Long", parent=district, valid_to=date(2025, 6, 30)
    )
    new_commune = UnitFactory(
        code="X1", name="Xã Càng Long", parent=merged, valid_from=date(2025, 7, 1)
    )
    return {u.code: u for u in (province, merged, district, commune, new_commune)}


def codes(response):
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["28756", "84", "842", "86", "X1"]),
        ("?kind=province", ["84", "86"]),
        ("?parent=842", ["28756"]),
        ("?valid_on=2025-06-30", ["28756", "84", "842"]),
        ("?valid_on=2025-07-01", ["86", "X1"]),
        ("?valid_on=2025-06-30&kind=commune", ["28756"]),
        ("?code=x1", ["X1"]),
        ("?name=càng long", ["28756", "842", "X1"]),
    ],
)
def test_units_are_listed_and_filtered(api_client, leader, units, query, expected):
    api_client.force_authenticate(leader)
    assert codes(api_client.get(f"/api/v1/units/{query}")) == expected


def test_a_unit_shows_its_parent_and_successors_by_code(api_client, leader, units):
    api_client.force_authenticate(leader)
    row = api_client.get(f"/api/v1/units/{units['84'].pk}/").json()
    assert row["successors"] == ["86"]
    assert row["valid_to"] == "2025-06-30"
    row = api_client.get(f"/api/v1/units/{units['842'].pk}/").json()
    assert (row["parent"], row["kind"], row["level"]) == ("84", "district", Level.DISTRICT)


def test_a_bad_filter_value_answers_400(api_client, leader, units):
    api_client.force_authenticate(leader)
    response = api_client.get("/api/v1/units/?valid_on=30/13/2025")
    assert response.status_code == 400
    assert "valid_on" in response.json()
    assert api_client.get("/api/v1/units/?kind=village").status_code == 400


def test_an_administrator_creates_and_ends_a_unit(api_client, administrator, units):
    api_client.force_authenticate(administrator)
    response = api_client.post(
        "/api/v1/units/",
        {
            "code": "28759",
            "name": "Xã An Trường",
            "kind": "commune",
            "parent": "842",
            "valid_from": "1992-05-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api_client.patch(
        f"/api/v1/units/{pk}/", {"valid_to": "2025-06-30", "successors": ["X1"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    unit = Unit.objects.get(pk=pk)
    assert unit.parent.code == "842"
    assert list(unit.successors.values_list("code", flat=True)) == ["X1"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"code": "9", "name": "A", "kind": "district", "parent": "28756"},
            "parent",
            "không thuộc",
        ),
        ({"code": "9", "name": "A", "kind": "commune", "parent": "nope"}, "parent", "nope"),
        ({"code": "84", "name": "A", "kind": "province"}, "code", "Đã có đơn vị mã 84"),
        (
            {"code": "9", "name": "A", "kind": "commune", "successors": ["X1"]},
            "successors",
            "chấm dứt",
        ),
        ({"code": "9", "name": "A", "kind": "tỉnh"}, "kind", ""),
    ],
)
def test_a_bad_unit_answers_400_in_vietnamese(
    api_client, administrator, units, data, field, message
):
    api_client.force_authenticate(administrator)
    response = api_client.post("/api/v1/units/", data, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


@pytest.mark.parametrize("url", ["/api/v1/units/", "/api/v1/centres/", "/api/v1/desks/"])
def test_only_administrators_write(api_client, reception_user, leader, reform_officer, units, url):
    for user in (reception_user, leader, reform_officer):
        api_client.force_authenticate(user)
        assert api_client.get(url).status_code == 200
        assert api_client.post(url, {"code": "x", "name": "x"}, format="json").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(url).status_code in (401, 403)


def test_units_are_ended_never_deleted(api_client, administrator, reception_user, units):
    url = f"/api/v1/units/{units['842'].pk}/"
    api_client.force_authenticate(reception_user)
    assert api_client.delete(url).status_code == 403
    api_client.force_authenticate(administrator)
    assert api_client.delete(url).status_code == 405
    assert Unit.objects.filter(code="842").exists()


def test_centres_are_written_and_filtered(api_client, administrator, units):
    api_client.force_authenticate(administrator)
    response = api_client.post(
        "/api/v1/centres/",
        {
            "code": "TTHCC-CL",
            "name": "Trung tâm Hành chính công huyện Càng Long",
            "level": 2,
            "unit": "842",
            "valid_from": "2016-10-01",
            "valid_to": "2025-06-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    CentreFactory(
        code="TTHCC-T", level=Level.PROVINCE, unit=units["86"], valid_from=date(2025, 7, 1)
    )
    assert codes(api_client.get("/api/v1/centres/?level=2")) == ["TTHCC-CL"]
    assert codes(api_client.get("/api/v1/centres/?valid_on=2026-01-01")) == ["TTHCC-T"]
    assert codes(api_client.get("/api/v1/centres/?unit=842")) == ["TTHCC-CL"]
    response = api_client.post(
        "/api/v1/centres/",
        {"code": "X", "name": "Sai cấp", "level": 1, "unit": "842"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_desks_are_written_with_staff_and_filtered(
    api_client, administrator, reception_user, units
):
    api_client.force_authenticate(administrator)
    response = api_client.post(
        "/api/v1/desks/",
        {
            "code": "000.21.31.H56",
            "name": "Bộ phận một cửa xã Càng Long",
            "unit": "X1",
            "staff": [reception_user.username],
            "valid_from": "2025-07-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["staff"] == ["tiepnhan"]
    DeskFactory(code="000.00.06.H56", unit=units["842"], valid_to=date(2025, 6, 30))
    assert codes(api_client.get("/api/v1/desks/?staff=tiepnhan")) == ["000.21.31.H56"]
    assert codes(api_client.get("/api/v1/desks/?valid_on=2025-01-01")) == ["000.00.06.H56"]
    assert codes(api_client.get("/api/v1/desks/?code=000.00.06.h56")) == ["000.00.06.H56"]
    response = api_client.post(
        "/api/v1/desks/", {"code": "H56", "name": "Sai mã", "unit": "X1"}, format="json"
    )
    assert response.status_code == 400
    assert "QCVN 102:2016" in response.json()["code"][0]


def test_a_desk_lists_the_procedures_it_receives(api_client, reception_user, units):
    desk = DeskFactory(unit=units["X1"])
    birth = ProcedureVersionFactory(name="Đăng ký khai sinh", level=Level.COMMUNE)
    excluded = ProcedureVersionFactory(name="Thủ tục loại trừ", level=Level.COMMUNE)
    ProcedureVersionFactory(name="Thủ tục cấp tỉnh", level=Level.PROVINCE)
    DeskProcedureRule.objects.create(desk=desk, procedure=excluded.procedure, include=False)
    api_client.force_authenticate(reception_user)
    response = api_client.get(f"/api/v1/desks/{desk.pk}/procedures/?as_of=2026-01-01")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == [birth.name]
    rules = api_client.get(f"/api/v1/desks/{desk.pk}/").json()["procedure_rules"]
    assert rules == [{"procedure": excluded.procedure.code, "include": False}]


@pytest.mark.parametrize("role", [None, "reception_staff", "leaders", "reform_officers"])
def test_desk_staff_are_shown_only_to_those_who_manage_desks(
    api_client, reception_user, units, role
):
    from tests.conftest import _user_with_role

    desk = DeskFactory(code="000.21.31.H56", unit=units["X1"])
    desk.staff.add(reception_user)
    other = DeskFactory(code="000.00.06.H56", unit=units["X1"])
    reader = _user_with_role(role, username="nguoidoc") if role else UserFactory()
    api_client.force_authenticate(reader)
    detail = api_client.get(f"/api/v1/desks/{desk.pk}/")
    assert detail.status_code == 200
    assert "staff" not in detail.json()
    listing = api_client.get("/api/v1/desks/")
    assert all("staff" not in row for row in listing.json()["results"])
    # Nor can a login name be probed through the filter: it is ignored for them.
    assert sorted(codes(api_client.get("/api/v1/desks/?staff=tiepnhan"))) == sorted(
        [desk.code, other.code]
    )


def test_an_administrator_sees_desk_staff(api_client, administrator, reception_user, units):
    desk = DeskFactory(code="000.21.31.H56", unit=units["X1"])
    desk.staff.add(reception_user)
    api_client.force_authenticate(administrator)
    assert api_client.get(f"/api/v1/desks/{desk.pk}/").json()["staff"] == ["tiepnhan"]
