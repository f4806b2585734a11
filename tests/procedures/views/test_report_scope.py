"""The report for a leader limited to some units (Unit.leaders): it speaks for their unit, never
for the province; another unit asked for by name is refused, naming it (403 on the API, the
form's error on the screen); the reports made for other units or the province are not theirs to
list or open. Data: tests/report_data.py (Huyện Cầu Ngang 848 and its communes; 2017)."""

import pytest
from django.urls import reverse

from procedures.models import GeneratedReport, Unit
from procedures.roles import Role
from tests.conftest import _user_with_role
from tests.report_data import build_province

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/admin-reform/"
YEAR = {"from": "2017-01-01", "to": "2017-12-31"}


@pytest.fixture
def district_leader(reception_user):
    build_province(reception_user)
    user = _user_with_role(Role.LEADER, username="chutich_caungang")
    Unit.objects.get(code="848").leaders.add(user)
    return user


# Unit asked for -> status, the unit the report speaks for.
API_CASES = [("", 200, "848"), ("848", 200, "848"), ("29260", 200, "29260"), ("849", 403, None)]


@pytest.mark.parametrize(("asked", "status", "speaks_for"), API_CASES)
def test_the_api_gives_a_unit_leader_their_units_report(
    api_client, district_leader, asked, status, speaks_for
):
    api_client.force_authenticate(district_leader)
    answer = api_client.get(URL, {**YEAR, "unit": asked}, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == status
    if speaks_for:
        assert answer.json()["unit"]["code"] == speaks_for
    else:
        assert "849" in answer.json()["detail"] and "không thuộc" in answer.json()["detail"]


def test_the_province_leader_still_reads_the_province(api_client, leader, reception_user):
    build_province(reception_user)
    api_client.force_authenticate(leader)
    assert api_client.get(URL, YEAR).json()["unit"] is None


def test_a_leader_of_two_units_chooses_one(api_client, district_leader):
    Unit.objects.get(code="849").leaders.add(district_leader)
    api_client.force_authenticate(district_leader)
    answer = api_client.get(URL, YEAR, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == 400
    [problem] = answer.json()["problems"]
    assert problem["column"] == "unit" and "848, 849" in problem["message"]


def test_the_screen_refuses_another_unit_naming_it(client, district_leader):
    client.force_login(district_leader)
    answer = client.post(
        reverse("report-list"),
        {"date_from": "01/01/2017", "date_to": "31/12/2017", "unit": "849", "file_format": "md"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert answer.status_code == 400
    assert "Đơn vị 849 không thuộc phạm vi phụ trách của bạn." in answer.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_unit_leader_lists_and_opens_their_units_reports_alone(client, district_leader):
    def made(unit):
        return GeneratedReport.objects.create(
            date_from="2017-01-01", date_to="2017-12-31", unit=unit, file_format="md"
        )

    province, other, own = (
        made(None),
        made(Unit.objects.get(code="849")),
        made(Unit.objects.get(code="848")),
    )
    client.force_login(district_leader)
    listed = client.get(reverse("report-list")).context["reports"]
    assert [report.pk for report in listed] == [own.pk]
    units = client.get(reverse("report-list")).context["units"]
    assert {unit.code for unit in units} == {"848", "29260", "29263"}
    assert client.get(reverse("report-detail", args=[own.pk])).status_code == 200
    for report in (province, other):
        assert client.get(reverse("report-detail", args=[report.pk])).status_code == 404
        assert client.get(reverse("report-download", args=[report.pk])).status_code == 404
