"""The statistics API for a leader limited to some units (Unit.leaders): their units' figures,
the same as the dashboard and their units' own pages show, never the province's; another unit
asked for by name is refused, naming it. The province's leader and the reform officer read the
province. Data: tests/agencies_data.py (March 2025: received at Long Đức 4, Trà Cú 2, Đại An 1)."""

import csv
import io

import pytest

from tests.agencies_data import MARCH as PAGE_MARCH
from tests.agencies_data import agencies  # noqa: F401 (a fixture)
from tests.procedures.views.test_dashboard_scope import _tile, district_leader  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/dossiers/"
MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
# The unit page's tile -> the API's key.
FIGURES = {
    "received": "received_new",
    "resolved": "resolved_total",
    "in-time": "resolved_in_time",
    "late": "resolved_late",
}


def test_a_unit_leaders_totals_are_their_unit_pages_figures(
    client,
    api_client,
    district_leader,  # noqa: F811
):
    api_client.force_authenticate(district_leader)
    totals = api_client.get(URL, MARCH).json()["totals"]
    client.force_login(district_leader)
    pages = [
        client.get(f"/don-vi/{code}/", PAGE_MARCH).content.decode() for code in ("842", "29701")
    ]
    dashboard = client.get("/bang-dieu-khien/", PAGE_MARCH).content.decode()
    for tile, key in FIGURES.items():
        assert totals[key] == sum(_tile(page, tile) for page in pages), key
        assert totals[key] == _tile(dashboard, tile), key
    assert (totals["received_new"], totals["resolved_late"]) == (6, 3)


# Reader -> received in March by the API (the province: 7).
READERS = [("district leader", 6), ("province leader", 7), ("reform officer", 7)]


@pytest.mark.parametrize(("reader", "received"), READERS)
def test_each_reader_reads_their_scope(
    api_client,
    leader,
    reform_officer,
    district_leader,  # noqa: F811
    reader,
    received,
):
    user = {"district leader": district_leader, "province leader": leader}.get(
        reader, reform_officer
    )
    api_client.force_authenticate(user)
    assert api_client.get(URL, MARCH).json()["totals"]["received_new"] == received


def test_the_rows_are_the_leaders_units_alone(api_client, district_leader):  # noqa: F811
    api_client.force_authenticate(district_leader)
    rows = api_client.get(URL, {**MARCH, "group_by": "unit"}).json()["rows"]
    assert {row["key"]["unit"] for row in rows} == {"842", "29701"}


def test_another_unit_is_refused_naming_it(api_client, district_leader):  # noqa: F811
    api_client.force_authenticate(district_leader)
    refused = api_client.get(URL, {**MARCH, "unit": "29702"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 403
    assert "29702" in refused.json()["detail"]
    assert "không thuộc" in refused.json()["detail"]
    own = api_client.get(URL, {**MARCH, "unit": "29701"})
    assert own.status_code == 200 and own.json()["totals"]["received_new"] == 4


def test_the_csv_counts_the_leaders_units(api_client, district_leader):  # noqa: F811
    api_client.force_authenticate(district_leader)
    answer = api_client.get(URL, {**MARCH, "group_by": "unit", "format": "csv"})
    lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    codes = {line[0] for line in lines[1:-1]}
    assert codes == {"842", "29701"}
