"""Administrators manage units, centres and desks in the admin, through the services."""

from datetime import date

import pytest

from procedures.choices import UnitKind
from procedures.models import Desk, DeskProcedureRule, Unit
from tests.factories import ProcedureFactory, ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_with_its_successor_is_added(client, administrator):
    province = ProvinceFactory()
    successor = UnitFactory(code="X1", parent=province, valid_from=date(2025, 7, 1))
    client.force_login(administrator)
    response = client.post(
        "/admin/procedures/unit/add/",
        {
            "code": "28756",
            "name": "Thị trấn Càng Long",
            "kind": UnitKind.COMMUNE,
            "parent": province.pk,
            "valid_from": "01/01/1992",
            "valid_to": "30/06/2025",
            "successors": [successor.pk],
            "Unit_successors-TOTAL_FORMS": "0",
            "Unit_successors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = Unit.objects.get(code="28756")
    assert list(unit.successors.all()) == [successor]
    page = client.get(f"/admin/procedures/unit/{successor.pk}/change/").content.decode()
    assert "Thị trấn Càng Long" in page  # shown among its predecessors


def test_a_successor_not_valid_after_the_end_is_refused(client, administrator):
    successor = UnitFactory(code="X1", valid_from=date(2026, 1, 1))
    client.force_login(administrator)
    response = client.post(
        "/admin/procedures/unit/add/",
        {
            "code": "28756",
            "name": "Thị trấn Càng Long",
            "kind": UnitKind.COMMUNE,
            "valid_from": "01/01/1992",
            "valid_to": "30/06/2025",
            "successors": [successor.pk],
            "Unit_successors-TOTAL_FORMS": "0",
            "Unit_successors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "không có hiệu lực vào ngày 01/07/2025" in response.content.decode()
    assert not Unit.objects.filter(code="28756").exists()


def test_a_desk_with_staff_and_procedure_rules_is_added(client, administrator, reception_user):
    unit = UnitFactory(code="X1", kind=UnitKind.COMMUNE)
    procedure = ProcedureFactory()
    client.force_login(administrator)
    response = client.post(
        "/admin/procedures/desk/add/",
        {
            "code": "000.21.31.H56",
            "name": "Bộ phận một cửa xã",
            "unit": unit.pk,
            "valid_from": "01/07/2025",
            "staff": [reception_user.pk],
            "procedure_rules-TOTAL_FORMS": "1",
            "procedure_rules-INITIAL_FORMS": "0",
            "procedure_rules-0-procedure": procedure.pk,
            "procedure_rules-0-include": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    desk = Desk.objects.get(code="000.21.31.H56")
    assert list(desk.staff.all()) == [reception_user]
    assert DeskProcedureRule.objects.get(desk=desk).include is True


def test_a_desk_with_a_bad_agency_code_is_refused(client, administrator):
    unit = UnitFactory(code="X1", kind=UnitKind.COMMUNE)
    client.force_login(administrator)
    response = client.post(
        "/admin/procedures/desk/add/",
        {
            "code": "H56",
            "name": "Bộ phận một cửa xã",
            "unit": unit.pk,
            "valid_from": "01/07/2025",
            "procedure_rules-TOTAL_FORMS": "0",
            "procedure_rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "QCVN 102:2016" in response.content.decode()
    assert not Desk.objects.exists()


@pytest.mark.parametrize("model", ["unit", "centre", "desk"])
def test_administrators_see_the_lists(client, administrator, model):
    client.force_login(administrator)
    assert client.get(f"/admin/procedures/{model}/").status_code == 200
    assert client.get(f"/admin/procedures/{model}/add/").status_code == 200
