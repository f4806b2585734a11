"""The leaders' dashboard and each role's home page, against dossiers counted by hand: every
figure is a link to the dossier list, and the list shows exactly the dossiers behind it."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import timezone

from procedures.reports.dashboard import (
    DashboardFilters,
    dashboard_cache_invalidate,
    dashboard_cache_version,
)
from procedures.services.dossiers import dossier_act
from tests.factories import CentreFactory, DeskFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

MARCH = {"period": "range", "from": "01/03/2025", "to": "31/03/2025"}


def act(dossier, user, action, at):
    return dossier_act(dossier=dossier, actor=user, action=action, note="lý do", at=at)


@pytest.fixture
def march(receive, reception_user, intake_desk):
    """Two centres in March 2025 (every dossier 3 working days):
    A: two resolved late, one on time, one open and overdue at the end of March;
    B: one resolved early, one received in February and resolved late in March."""
    cache.clear()
    centre_a = CentreFactory(code="TTHCC.A", name="Trung tâm Hành chính công A")
    intake_desk.centre = centre_a
    intake_desk.save()
    desk_b = DeskFactory(
        code="000.00.32.H56",
        name="Bộ phận một cửa B",
        unit=intake_desk.unit,
        centre=CentreFactory(code="TTHCC.B", name="Trung tâm Hành chính công B"),
        staff=[reception_user],
    )
    u = reception_user
    late = [receive(vn(2025, 3, 3, 9, 0)), receive(vn(2025, 3, 4, 9, 0))]
    late = [
        act(late[0], u, "resolve", vn(2025, 3, 10, 9)),
        act(late[1], u, "resolve", vn(2025, 3, 11, 9)),
    ]
    on_time = act(receive(vn(2025, 3, 5, 9, 0)), u, "resolve", vn(2025, 3, 10, 8, 30))
    overdue = receive(vn(2025, 3, 25, 9, 0))  # due 28/03 09:00, still open
    early_b = act(receive(vn(2025, 3, 12, 9), desk=desk_b), u, "resolve", vn(2025, 3, 13, 9))
    carried_b = receive(vn(2025, 2, 26, 9), desk=desk_b)  # due 03/03 09:00
    carried_b = act(carried_b, u, "resolve", vn(2025, 3, 4, 9))
    april = receive(vn(2025, 4, 2, 9, 0))  # after the period: counted nowhere in March
    assert [d.outcome for d in late] == ["late", "late"] and carried_b.outcome == "late"
    assert on_time.outcome in ("on_time", "early") and early_b.outcome == "early"
    return {
        "late_a": {d.code for d in late},
        "overdue_a": {overdue.code},
        "late_b": {carried_b.code},
        "received_a": {*(d.code for d in late), on_time.code, overdue.code},
        "april": {april.code},
    }


def _list_codes(client, href: str) -> set[str]:
    page = client.get(unescape(href)).content.decode()
    table = page.split('id="dossier-list"', 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'href="/dossiers/([^/"]+)/"', table))


def _row(page: str, key: str) -> str:
    return page.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]


def _links(row: str) -> list[tuple[str, str]]:
    return re.findall(r'<a (?:class="late-count" )?href="([^"]+)">([^<]+)</a>', row)


def test_the_leader_lands_on_the_dashboard_and_every_figure_lists_its_dossiers(
    client, leader, march
):
    client.force_login(leader)
    page = client.get("/", MARCH).content.decode()
    assert "Bảng điều khiển" in page
    assert 'id="chart-centres"' in page and 'id="chart-trend"' in page
    # Worst first: A resolved 1 of 3 in time, B 1 of 2.
    assert page.index('data-key="TTHCC.A"') < page.index('data-key="TTHCC.B"')
    row_a = _row(page, "TTHCC.A")
    received, resolved, in_time, late, in_progress, overdue, *apologies = _links(row_a)
    assert [n for _h, n in (received, resolved, in_time, late, in_progress, overdue)] == [
        "4",
        "3",
        "1",
        "2",
        "1",
        "1",
    ]
    assert [n for _h, n in apologies] == ["0", "0"]
    assert "33,33%" in row_a
    assert _list_codes(client, late[0]) == march["late_a"]
    assert _list_codes(client, received[0]) == march["received_a"]
    assert _list_codes(client, overdue[0]) == march["overdue_a"]
    assert _list_codes(client, in_progress[0]) == march["overdue_a"]
    assert len(_list_codes(client, resolved[0])) == 3
    # B: the dossier received in February and resolved late in March is March's.
    assert _list_codes(client, _links(_row(page, "TTHCC.B"))[3][0]) == march["late_b"]
    # Sectors and procedures with the most late dossiers: all four late ones, one procedure.
    procedures = page.split("Thủ tục có nhiều hồ sơ trễ hạn nhất", 1)[1]
    procedures = procedures.split("<table", 1)[1].split("</table>")[0]
    (late_link, count), *_rest = _links(procedures)
    assert count == "3"
    assert _list_codes(client, late_link) == march["late_a"] | march["late_b"]
    # Overdue right now, by desk, whatever the period: A's two open dossiers (March and April
    # are long past).
    by_desk = page.split('id="overdue-by-desk"', 1)[1].split("</table>", 1)[0]
    ((href, count),) = _links(by_desk)
    assert count == "2" and _list_codes(client, href) == march["overdue_a"] | march["april"]


def test_apologies_in_time_and_late_are_figures_that_list_their_dossiers(
    client, leader, reception_user, march
):
    from procedures.models import Dossier

    overdue = Dossier.objects.get(code__in=march["overdue_a"])  # due 28/03 09:00
    dossier_act(
        dossier=overdue,
        actor=reception_user,
        action="apologize_reschedule",
        at=vn(2025, 3, 26, 9, 0),  # two working days before: in time
        new_due_at=vn(2025, 4, 4, 9, 0),
    )
    late = Dossier.objects.filter(code__in=march["late_a"]).order_by("code").first()
    dossier_act(
        dossier=late,
        actor=reception_user,
        action="apologize_reschedule",
        at=vn(2025, 3, 20, 9, 0),  # after it was resolved late
        new_due_at=vn(2025, 3, 27, 9, 0),
    )
    client.force_login(leader)
    page = client.get("/", MARCH).content.decode()

    *_figures, (in_time_href, in_time), (late_href, late_count) = _links(_row(page, "TTHCC.A"))
    assert (in_time, late_count) == ("1", "1")
    assert _list_codes(client, in_time_href) == {overdue.code}
    assert _list_codes(client, late_href) == {late.code}
    listing = client.get(unescape(late_href)).content.decode()
    assert "Phiếu xin lỗi" in listing  # the filter in force, in words


def test_the_filters_narrow_every_figure(client, leader, march):
    client.force_login(leader)
    page = client.get("/bang-dieu-khien/", {**MARCH, "centre": "TTHCC.B"}).content.decode()
    assert 'data-key="TTHCC.A"' not in page
    tiles = dict(re.findall(r'data-figure="([a-z-]+)"><span class="value">([^<]+)', page))
    assert (tiles["received"], tiles["resolved"], tiles["late"]) == ("1", "2", "1")
    bad = client.get("/", {"period": "range", "from": "31/03/2025", "to": "01/03/2025"})
    assert "Ngày cuối kỳ trước ngày đầu kỳ." in bad.content.decode()


def test_charts_are_svg_and_png_in_vietnamese_and_cached_until_invalidated(client, leader, march):
    client.force_login(leader)
    svg = client.get("/bang-dieu-khien/bieu-do/centres.svg", MARCH)
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert "Trung tâm Hành chính công A" in text and "33,33%" in text
    assert "Tỷ lệ giải quyết đúng hạn theo trung tâm" in text
    png = client.get("/bang-dieu-khien/bieu-do/trend.png", {**MARCH, "download": "1"})
    assert png.content.startswith(b"\x89PNG") and "attachment" in png["Content-Disposition"]
    assert client.get("/bang-dieu-khien/bieu-do/nope.svg").status_code == 404

    filters = DashboardFilters("range", *(timezone.datetime(2025, 3, d).date() for d in (1, 31)))
    before = dashboard_cache_version()
    today = timezone.localdate().isoformat()
    key = filters.cache_key("chart", "centres", "svg", "vi", today)
    assert cache.get(key) == svg.content
    dashboard_cache_invalidate()
    assert dashboard_cache_version() == before + 1
    assert filters.cache_key("chart", "centres", "svg", "vi", today) != key


@pytest.mark.parametrize(
    ("first", "second", "drawn"),
    [
        # dd/mm/yyyy hh:mm in Vietnam: the same day serves the first drawing...
        ("01/04/2025 08:00", "01/04/2025 08:00", 1),
        ("01/04/2025 08:00", "01/04/2025 23:59", 1),
        ("01/04/2025 00:00", "01/04/2025 17:30", 1),
        # ... the next day draws again.
        ("01/04/2025 23:59", "02/04/2025 00:00", 2),
        ("01/04/2025 08:00", "02/04/2025 08:00", 2),
    ],
)
def test_each_chart_is_drawn_once_per_filter_and_day(client, leader, march, first, second, drawn):
    """The second request of a chart the same day renders nothing: matplotlib's savefig is the
    drawing (320–364 ms a chart at 10.000.000 dossiers)."""
    from datetime import datetime
    from unittest import mock

    from matplotlib.figure import Figure

    from procedures.calendar import TIME_ZONE

    client.force_login(leader)
    savefig = Figure.savefig
    contents = []
    with mock.patch.object(Figure, "savefig", autospec=True, side_effect=savefig) as renders:
        for moment in (first, second):
            at = datetime.strptime(moment, "%d/%m/%Y %H:%M").replace(tzinfo=TIME_ZONE)
            with mock.patch("django.utils.timezone.now", return_value=at):
                response = client.get("/bang-dieu-khien/bieu-do/trend.svg", MARCH)
            assert response.status_code == 200
            contents.append(response.content)
    assert renders.call_count == drawn
    assert contents[0] == contents[1]
    # Another filter is another chart.
    with mock.patch.object(Figure, "savefig", autospec=True, side_effect=savefig) as renders:
        other = {**MARCH, "to": "30/03/2025"}
        assert client.get("/bang-dieu-khien/bieu-do/trend.svg", other).status_code == 200
    assert renders.call_count == 1


def test_vietnamese_whatever_the_browser_asks_english_when_picked(client, leader, march):
    client.force_login(leader)
    page = client.get("/", MARCH, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Bảng điều khiển" in page and 'lang="vi"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/", MARCH, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Dashboard" in page and 'lang="en"' in page


def test_the_dossier_list_says_how_many_in_the_plural_form(client, leader, march):
    client.force_login(leader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    one = client.get("/dossiers/list/", {"desk": "000.00.31.H56", "outcome": "on_time"})
    assert "1 dossier<" in one.content.decode() or "1 dossier\n" in one.content.decode()
    many = client.get("/dossiers/list/", {"outcome": "late"}).content.decode()
    assert "3 dossiers" in many


def test_reception_lands_on_its_desk_with_todays_counts(client, reception_user, receive):
    cache.clear()
    now = timezone.now()
    received = receive(now - timezone.timedelta(minutes=5))
    client.force_login(reception_user)
    page = client.get("/").content.decode()
    assert "Bộ phận của tôi" in page and received.code in page
    tiles = dict(re.findall(r'data-figure="([a-z-]+)"><span class="value">([^<]+)', page))
    assert tiles["received-today"] == "1" and tiles["resolved-today"] == "0"
    href = re.search(r'href="([^"]+)" data-figure="received-today"', page).group(1)
    assert _list_codes(client, href) == {received.code}


def test_the_reform_officer_sees_what_waits(client, reform_officer):
    client.force_login(reform_officer)
    page = client.get("/").content.decode()
    assert "Việc đang chờ bạn" in page
    for section in ("decisions-not-applied", "changes-not-published", "imports-failed"):
        assert f'id="{section}"' in page


def test_the_administrator_sees_the_systems_health(client, administrator):
    client.force_login(administrator)
    page = client.get("/").content.decode()
    assert "Tình trạng hệ thống" in page or "System health" in page
    assert 'id="health"' in page and "Cơ sở dữ liệu" in page


def test_the_tables_download_as_csv_and_xlsx_with_the_same_figures(client, leader, march):
    import csv
    import io

    from openpyxl import load_workbook

    client.force_login(leader)
    csv_file = client.get("/bang-dieu-khien/bang.csv", {**MARCH, "table": "centre"})
    assert "attachment" in csv_file["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    code, name = list(rows[0])[:2]
    by_code = {row[code]: row for row in rows}
    assert by_code["TTHCC.A"][name] == "Trung tâm Hành chính công A"
    assert by_code["TTHCC.A"]["Giải quyết trễ hạn"] == "2"
    assert by_code["TTHCC.A"]["Tỷ lệ đúng hạn"] == "0.3333"
    assert by_code[""][name] == "Tổng cộng" and by_code[""]["Giải quyết trễ hạn"] == "3"

    xlsx = client.get("/bang-dieu-khien/bang.xlsx", {**MARCH, "table": "sector"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    lines = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(line for line in lines if "Giải quyết trễ hạn" in line)
    late = header.index("Giải quyết trễ hạn")
    values = lines[lines.index(header) + 1 :]
    assert [row[late] for row in values] == [3, 3]  # one sector, then the totals
    assert client.get("/bang-dieu-khien/bang.pdf", MARCH).status_code == 404
