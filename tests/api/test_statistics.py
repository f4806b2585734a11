"""GET /api/v1/stats/dossiers/: the statistics as JSON, CSV and XLSX, for the right people."""

import csv
import io

import pytest
from openpyxl import load_workbook

from procedures.choices import Channel
from procedures.services.dossiers import dossier_act
from tests.conftest import _user_with_role
from tests.factories import DeskFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/dossiers/"
MARCH = {"from": "2025-03-01", "to": "2025-03-31"}


@pytest.fixture
def march(receive, reception_user, intake_desk):
    """Two dossiers at the commune desk (one online resolved late, one open), one at a desk
    whose name is a formula (it must come out as text in the downloads)."""
    late = receive(vn(2025, 3, 3, 9, 0), channel=Channel.ONLINE)
    dossier_act(dossier=late, actor=reception_user, action="resolve", at=vn(2025, 3, 7, 9, 0))
    receive(vn(2025, 3, 31, 9, 0))
    other = DeskFactory(
        code="000.00.40.H56", name='=HYPERLINK("http://evil.example","x")', unit=intake_desk.unit
    )
    other.staff.add(reception_user)
    receive(vn(2025, 3, 10, 9, 0), desk=other)
    other.staff.remove(reception_user)
    return intake_desk, other


def test_leader_reads_rows_totals_and_checks(api_client, leader, march):
    api_client.force_authenticate(leader)

    body = api_client.get(URL, {**MARCH, "group_by": "desk"}).json()

    assert (body["from"], body["to"], body["group_by"]) == ("2025-03-01", "2025-03-31", ["desk"])
    assert body["checks"] == []
    commune = next(r for r in body["rows"] if r["key"] == {"desk": "000.00.31.H56"})
    assert commune["name"] == {"desk": "Bộ phận Một cửa xã Long Đức"}
    assert (commune["received_new"], commune["received_online"]) == (2, 1)
    assert (commune["resolved_late"], commune["in_progress_within_time"]) == (1, 1)
    assert commune["late_rate"] == 1.0 and commune["online_rate"] == 0.5
    assert body["totals"]["received_total"] == 3
    assert body["totals"]["online_rate"] == 0.3333  # 1/3, four decimals
    assert body["totals"]["on_time_rate"] == 0.0


def test_filters_and_two_groupings(api_client, reform_officer, march):
    api_client.force_authenticate(reform_officer)

    body = api_client.get(URL, {**MARCH, "group_by": "desk,month", "desk": "000.00.40.H56"}).json()

    assert [r["key"] for r in body["rows"]] == [{"desk": "000.00.40.H56", "month": "2025-03"}]
    assert body["totals"]["received_total"] == 1


def test_reception_staff_see_their_own_desks_only(api_client, reception_user, march):
    api_client.force_authenticate(reception_user)

    body = api_client.get(URL, MARCH).json()
    assert body["totals"]["received_total"] == 2  # not the other desk's dossier

    refused = api_client.get(URL, {**MARCH, "desk": "000.00.40.H56"})
    assert refused.status_code == 403
    assert "000.00.40.H56" in refused.json()["detail"]


def test_others_are_refused(api_client, march):
    assert api_client.get(URL, MARCH).status_code in (401, 403)
    api_client.force_authenticate(_user_with_role("guests", username="khach"))
    assert api_client.get(URL, MARCH).status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-03-31", "to": "2025-03-01"}, "to"),
        ({"from": "31/03/2025", "to": "2025-04-01"}, "from"),
        ({"to": "2025-04-01"}, "from"),
        ({**MARCH, "group_by": "colour"}, "group_by"),
        ({**MARCH, "group_by": "month,year"}, "group_by"),
        ({**MARCH, "channel": "fax"}, "channel"),
    ],
)
def test_bad_questions_name_the_parameter(api_client, leader, params, field):
    api_client.force_authenticate(leader)
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_dossiers_without_a_time_limit_are_reported_beside_the_form(
    api_client, leader, march, receive, birth_registration
):
    """Received in March for a procedure with no time limit: outside every column of the form
    (the identity holds without it), reported as no_time_limit in JSON, CSV and XLSX."""
    from procedures.choices import TimeUnit

    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.NONE
    birth_registration.save()
    receive(vn(2025, 3, 12, 9, 0))
    api_client.force_authenticate(leader)
    body = api_client.get(URL, {**MARCH, "group_by": "desk"}).json()
    assert body["checks"] == []
    commune = next(r for r in body["rows"] if r["key"] == {"desk": "000.00.31.H56"})
    assert (commune["received_total"], commune["no_time_limit"]) == (2, 1)
    assert body["totals"]["no_time_limit"] == 1
    for fmt in ("csv", "xlsx"):
        response = api_client.get(URL, {**MARCH, "group_by": "desk", "format": fmt})
        if fmt == "csv":
            header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        else:
            values = [
                [c.value for c in row]
                for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
            ]
            start = next(i for i, row in enumerate(values) if "Tiếp nhận: tổng số" in row)
            header, *rows = values[start:]
        column = header.index("Tiếp nhận không có thời hạn (ngoài biểu)")
        assert int(rows[-1][column]) == 1  # the totals line


def test_csv_and_xlsx_give_the_same_table(api_client, leader, march):
    api_client.force_authenticate(leader)
    json_body = api_client.get(URL, {**MARCH, "group_by": "desk"}).json()

    response = api_client.get(URL, {**MARCH, "group_by": "desk", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *rows = lines
    assert len(rows) == len(json_body["rows"]) + 1  # and the totals line
    assert rows[-1][1] == "Tổng cộng"
    received = header.index("Tiếp nhận: tổng số")
    assert [int(r[received]) for r in rows] == [
        *(r["received_total"] for r in json_body["rows"]),
        json_body["totals"]["received_total"],
    ]
    # The formula desk's name is text, not a live formula.
    names = [r[1] for r in rows]
    assert '\'=HYPERLINK("http://evil.example","x")' in names

    response = api_client.get(URL, {**MARCH, "group_by": "desk", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_row = next(i for i, row in enumerate(values) if "Tiếp nhận: tổng số" in row)
    table = values[header_row + 1 :]
    column = values[header_row].index("Tiếp nhận: tổng số")
    assert [r[column] for r in table] == [int(r[received]) for r in rows]
    cells = [r[1] for r in table]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for row in values for c in row)


def test_apologies_in_time_and_late_come_in_json_csv_and_xlsx(
    api_client, leader, reception_user, march
):
    desk, _other = march
    from procedures.models import Dossier

    late = Dossier.objects.get(desk=desk, outcome="late")
    dossier_act(
        dossier=late,
        actor=reception_user,
        action="apologize_reschedule",
        at=vn(2025, 3, 10, 9, 0),  # after it was resolved late: a late apology
        new_due_at=vn(2025, 3, 20, 9, 0),
    )
    api_client.force_authenticate(leader)

    body = api_client.get(URL, {**MARCH, "group_by": "desk"}).json()
    row = next(r for r in body["rows"] if r["key"]["desk"] == desk.code)
    assert (row["apologies_in_time"], row["apologies_late"]) == (0, 1)
    assert (body["totals"]["apologies_in_time"], body["totals"]["apologies_late"]) == (0, 1)
    assert body["checks"] == []

    response = api_client.get(URL, {**MARCH, "group_by": "desk", "format": "csv"})
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    late_apologies = header.index("Xin lỗi muộn")
    assert rows[-1][late_apologies] == "1" and "Xin lỗi kịp thời" in header

    response = api_client.get(URL, {**MARCH, "group_by": "desk", "format": "xlsx"})
    values = [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active]
    assert any("Xin lỗi muộn" in r for r in values)
