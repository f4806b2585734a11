"""GET /api/v1/stats/serving-index/: the index as JSON, CSV and XLSX, with the period limits
of the other statistics."""

import csv
import io

import pytest
from openpyxl import load_workbook

from procedures.choices import Channel
from procedures.models import Dossier
from procedures.services.dossiers import dossier_act
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/serving-index/"
MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
GROUPS = {"publicity", "progress", "online_service", "online_payment", "satisfaction"}
GROUPS |= {"digitisation"}


@pytest.fixture
def march(receive, reception_user):
    """Two dossiers at the commune desk: one online, digitised, resolved late; one open."""
    late = receive(vn(2025, 3, 3, 9, 0), channel=Channel.ONLINE)
    Dossier.objects.filter(pk=late.pk).update(papers_digitised=True)
    dossier_act(dossier=late, actor=reception_user, action="resolve", at=vn(2025, 3, 7, 9, 0))
    receive(vn(2025, 3, 31, 9, 0))


def test_leader_reads_the_index_by_unit(api_client, leader, march, commune):
    api_client.force_authenticate(leader)

    body = api_client.get(URL, {**MARCH, "group_by": "unit"}).json()

    assert body["applies"] is True and body["decision"] == "766/QĐ-TTg"
    assert set(body["totals"]["groups"]) == GROUPS
    row = body["rows"][0]
    assert row["key"] == {"unit": commune.code} and row["rank"] == 1
    online = row["groups"]["online_service"]["indicators"]["online_submission"]
    assert (online["numerator"], online["denominator"], online["rate"]) == (1, 2, 0.5)
    assert online["points"] == 3.0 and online["max_points"] == 6.0  # 0,5 × 6
    assert online["provisional"] is True
    progress = row["groups"]["progress"]["indicators"]["resolved_in_time"]
    assert (progress["numerator"], progress["denominator"]) == (0, 1)
    assert row["total_points"] == sum(g["points"] for g in row["groups"].values())


def test_a_period_before_the_decision_says_so(api_client, leader):
    api_client.force_authenticate(leader)
    body = api_client.get(URL, {"from": "2017-01-01", "to": "2017-12-31"}).json()
    assert body["applies"] is False and "23/06/2022" in body["reason"]
    assert body["rows"] == [] and body["totals"] is None


def test_bad_grouping_and_period_are_refused_by_name(api_client, leader):
    api_client.force_authenticate(leader)
    answer = api_client.get(URL, {**MARCH, "group_by": "sector"})
    assert answer.status_code == 400 and "group_by" in answer.json()
    answer = api_client.get(URL, {"from": "2025-03-31", "to": "2025-03-01"})
    assert answer.status_code == 400 and "to" in answer.json()


def test_csv_and_xlsx_downloads(api_client, leader, march):
    api_client.force_authenticate(leader)
    answer = api_client.get(URL, {**MARCH, "group_by": "unit", "format": "csv"})
    assert answer.status_code == 200
    lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(lines) == 3  # header, the commune, the province
    header = lines[0]
    assert "online_submission: numerator" in header or any(
        h.startswith("online_submission") for h in header
    )
    answer = api_client.get(URL, {**MARCH, "format": "xlsx"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("online_submission") for v in values)


def test_someone_without_a_role_is_refused(api_client, django_user_model):
    api_client.force_authenticate(django_user_model.objects.create_user("x", password="y-1234567"))
    assert api_client.get(URL, MARCH).status_code == 403
