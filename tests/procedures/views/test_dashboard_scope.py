"""A leader named on some units sees their units' figures on the dashboard, not the
province's: the totals, the ranking, the tables as files and the charts count the units they
answer for and those under them in the period (Huyện Trà Cú and its commune Xã Long Đức, not
Xã Đại An), and equal the sum of those units' own pages; the province's leader is unchanged.

March 2025 in tests/agencies_data.py: received at Long Đức 4, at Trà Cú 2, at Đại An 1; resolved
late 2 at Long Đức and 1 at Trà Cú."""

import csv
import io
import re

import pytest

from procedures.roles import Role
from tests.agencies_data import MARCH, agencies  # noqa: F401 (a fixture)
from tests.conftest import _user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_leader(agencies):  # noqa: F811
    long_duc, tra_cu = agencies["long_duc"], agencies["tra_cu"]
    long_duc.parent = tra_cu
    long_duc.save(update_fields=["parent"])
    user = _user_with_role(Role.LEADER, username="chutich_tracu")
    tra_cu.leaders.add(user)
    return user


def _tile(page: str, figure: str) -> int:
    value = re.search(rf'data-figure="{figure}"[^>]*><span class="value">([\d.]+)</span>', page)
    return int(value.group(1).replace(".", ""))


def _ranked(page: str) -> list[str]:
    table = page.split('id="agency-ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-key="([^"]+)"', table)


# Reader -> received, resolved late, the agencies ranked (worst first).
READERS = [
    ("district leader", 6, 3, ["29701", "842"]),
    ("province leader", 7, 3, ["29701", "842", "29702"]),
]


@pytest.mark.parametrize(("reader", "received", "late", "ranked"), READERS)
def test_the_dashboard_counts_the_readers_units(
    client, leader, district_leader, reader, received, late, ranked
):
    client.force_login(district_leader if reader == "district leader" else leader)
    page = client.get("/bang-dieu-khien/", MARCH).content.decode()
    assert _tile(page, "received") == received
    assert _tile(page, "late") == late
    assert _ranked(page) == ranked
    assert ('id="scope-note"' in page) == (reader == "district leader")


def test_a_unit_leaders_figures_are_their_unit_pages_figures(client, district_leader):
    client.force_login(district_leader)
    dashboard = client.get("/bang-dieu-khien/", MARCH).content.decode()
    pages = [client.get(f"/don-vi/{code}/", MARCH).content.decode() for code in ("842", "29701")]
    for figure in ("received", "resolved", "in-time", "late", "overdue-now"):
        assert _tile(dashboard, figure) == sum(_tile(page, figure) for page in pages), figure
    assert "Huyện Trà Cú" in dashboard.split('id="scope-note"', 1)[1].split("</p>", 1)[0]


def test_the_late_tile_opens_exactly_the_dossiers_it_counts(
    client,
    district_leader,
    agencies,  # noqa: F811
):
    client.force_login(district_leader)
    page = client.get("/bang-dieu-khien/", MARCH).content.decode()
    href = re.search(r'<a class="tile bad" href="([^"]+)" data-figure="late"', page).group(1)
    listing = client.get(href.replace("&amp;", "&")).content.decode()
    table = listing.split('id="dossier-list"', 1)[1].split("</table>", 1)[0]
    shown = set(re.findall(r'href="/dossiers/([^/"]+)/"', table))
    assert shown == agencies["late_long_duc"] | agencies["late_tra_cu"]
    # The list names the agencies it is narrowed to.
    summary = listing.split('class="filter-summary"', 1)[1].split("</dl>", 1)[0]
    assert "Huyện Trà Cú" in summary and "Xã Long Đức" in summary


def test_the_province_line_is_a_figure_not_a_list_for_a_unit_leader(client, district_leader):
    client.force_login(district_leader)
    page = client.get("/bang-dieu-khien/", MARCH).content.decode()
    province = page.split('data-key="province"', 1)[1].split("</tr>", 1)[0]
    assert "Toàn tỉnh" in province and "<a " not in province


DESKS = {"Một cửa huyện Trà Cú", "Bộ phận Một cửa xã Long Đức", "Một cửa xã Đại An"}


def test_the_csv_holds_the_readers_desks_only(client, leader, district_leader):
    def desks(user) -> set[str]:
        client.force_login(user)
        response = client.get("/bang-dieu-khien/bang.csv", {**MARCH, "table": "desk"})
        assert response.status_code == 200
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        return {cell for row in rows for cell in row} & DESKS

    assert desks(district_leader) == {"Một cửa huyện Trà Cú", "Bộ phận Một cửa xã Long Đức"}
    assert desks(leader) == DESKS


def test_another_units_chart_or_table_is_refused(client, district_leader):
    client.force_login(district_leader)
    assert client.get("/bang-dieu-khien/bang.csv", {**MARCH, "unit": "29702"}).status_code == 403
    own = client.get("/bang-dieu-khien/bang.csv", {**MARCH, "unit": "29701"})
    assert own.status_code == 200


def test_a_unit_leaders_page_links_the_figures_of_all_their_units(client, district_leader):
    client.force_login(district_leader)
    landing = client.get("/")
    assert landing.status_code == 302 and landing["Location"] == "/don-vi/842/"
    page = client.get("/don-vi/842/", MARCH).content.decode()
    assert 'id="scope-dashboard"' in page


def test_a_reform_officer_reads_the_province_figures_but_no_applicant(
    client,
    api_client,
    reform_officer,
    agencies,  # noqa: F811
):
    # The decision (README, "Home pages and dashboards"): province-wide statistics, ranking and
    # units' pages for their catalogue and report work; no dossier (Decree 13/2023: personal
    # data only for those who handle the dossier), as staff of no desk.
    client.force_login(reform_officer)
    page = client.get("/bang-dieu-khien/", MARCH).content.decode()
    assert _tile(page, "received") == 7
    assert _ranked(page) == ["29701", "842", "29702"]
    assert 'id="scope-note"' not in page
    for code in ("29701", "842", "29702"):
        assert client.get(f"/don-vi/{code}/", MARCH).status_code == 200
    late = re.search(r'<a class="tile bad" href="([^"]+)" data-figure="late"', page).group(1)
    # The dossier list is not theirs: its figure's link is refused.
    assert client.get(late.replace("&amp;", "&")).status_code == 403
    api_client.force_authenticate(reform_officer)
    assert api_client.get("/api/v1/dossiers/").json()["results"] == []
    code = next(iter(agencies["late_long_duc"]))
    assert api_client.get(f"/api/v1/dossiers/{code}/").status_code == 404
