"""The agencies' ranking on the leaders' dashboard and a unit's own page, against the dossiers
of tests/agencies_data.py counted by hand: each count links to exactly its dossiers, and a
leader who answers for one unit lands on that unit's page and sees no other."""

import re
from html import unescape

import pytest

from tests.agencies_data import MARCH, agencies  # noqa: F401 (a fixture)
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _list_codes(client, href: str) -> set[str]:
    page = client.get(unescape(href)).content.decode()
    table = page.split('id="dossier-list"', 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'href="/dossiers/([^/"]+)/"', table))


def _ranking(page: str) -> str:
    return page.split('id="agency-ranking"', 1)[1].split("</table>", 1)[0]


def _row(table: str, key: str) -> str:
    return table.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]


def _href(row: str, css: str) -> str:
    return re.search(rf'<a class="{css}" href="([^"]+)">', row).group(1)


def test_the_leader_sees_the_agencies_worst_first_against_the_previous_period(
    client,
    leader,
    agencies,  # noqa: F811
):
    client.force_login(leader)
    page = client.get("/", MARCH).content.decode()
    table = _ranking(page)
    assert re.findall(r'<tr data-key="([^"]+)"', table) == ["29701", "842", "29702"]
    long_duc = _row(table, "29701")
    assert "Xã Long Đức" in long_duc and "33,33%" in long_duc
    assert "▼ −66,67" in long_duc  # 100% in March 2024
    assert "So với 01/03–31/03/2024" in table
    assert "cùng kỳ năm trước" in page
    assert "Cấp Xã" in long_duc
    assert _list_codes(client, _href(long_duc, "late-count")) == agencies["late_long_duc"]
    assert _list_codes(client, _href(long_duc, "overdue-count")) == agencies["overdue_long_duc"]
    tra_cu = _row(table, "842")
    assert "đến 30/06/2025" in tra_cu and "Cấp Huyện" in tra_cu
    assert _list_codes(client, _href(tra_cu, "late-count")) == agencies["late_tra_cu"]
    province = _row(table, "province")
    assert "Toàn tỉnh" in province and "50,00%" in province and "▼ −50,00" in province
    # Each agency opens its own page for the same period.
    assert 'href="/don-vi/29701/?period=range&amp;from=2025-03-01&amp;to=2025-03-31"' in long_duc


def test_the_level_filter_keeps_the_communes(client, leader, agencies):  # noqa: F811
    client.force_login(leader)
    page = client.get("/bang-dieu-khien/", {**MARCH, "level": "3"}).content.decode()
    assert re.findall(r'<tr data-key="([^"]+)"', _ranking(page)) == ["29701", "29702"]
    bad = client.get("/bang-dieu-khien/", {**MARCH, "level": "9"}).content.decode()
    assert "Không có cấp “9”." in bad or "“9”" in bad


def test_a_unit_page_shows_its_trend_desks_late_and_overdue_dossiers(
    client,
    leader,
    agencies,  # noqa: F811
):
    client.force_login(leader)
    page = client.get("/don-vi/29701/", MARCH).content.decode()
    assert "<h1>Xã Long Đức</h1>" in page
    assert 'id="chart-trend"' in page and 'id="chart-late"' in page
    assert "unit=29701" in page.split('id="chart-trend"', 1)[0].rsplit("<img", 1)[1]
    overdue = page.split('id="unit-overdue"', 1)[1].split("</table>", 1)[0]
    assert set(re.findall(r'href="/dossiers/([^/"]+)/"', overdue)) == agencies["overdue_long_duc"]
    late = re.search(r'<a class="tile bad" href="([^"]+)" data-figure="late"', page).group(1)
    assert _list_codes(client, late) == agencies["late_long_duc"]
    assert "Bộ phận Một cửa xã Long Đức" in page  # its desk
    # The dossier list names the agency it is narrowed to.
    assert "Xã Long Đức" in client.get(unescape(late)).content.decode()


def test_a_leader_of_one_unit_lands_on_it_and_sees_no_other(client, leader, agencies):  # noqa: F811
    agencies["long_duc"].leaders.add(leader)
    client.force_login(leader)
    landing = client.get("/")
    assert landing.status_code == 302 and landing["Location"] == "/don-vi/29701/"
    assert client.get("/don-vi/29701/", MARCH).status_code == 200
    assert client.get("/don-vi/842/", MARCH).status_code == 403
    assert client.get("/don-vi/khong-co/").status_code == 404


def test_reception_staff_see_no_unit_page(client, reception_user, agencies):  # noqa: F811
    client.force_login(reception_user)
    assert client.get("/don-vi/29701/").status_code == 403
    UnitFactory(code="X1")
