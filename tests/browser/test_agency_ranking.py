"""A leader logs in, sees the agencies ranked with the comparison to the previous period, opens
the weakest, and from there its late dossiers. Screenshots in tests/browser/screenshots/."""

from pathlib import Path

import pytest

from tests.agencies_data import agencies  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOADED = "s => { const i = document.querySelector(s); return i.complete && i.naturalWidth > 0 }"


def test_a_leader_opens_the_weakest_agency_and_its_late_dossiers(
    page,
    login,
    leader,
    agencies,  # noqa: F811
):
    login(leader)
    page.goto("/?period=range&from=01/03/2025&to=31/03/2025")
    ranking = page.locator("#agency-ranking")
    ranking.scroll_into_view_if_needed()
    rows = ranking.locator("tbody tr[data-key]:not(.province)")
    assert rows.first.get_attribute("data-key") == "29701"  # the worst first
    weakest = rows.first
    assert "33,33%" in weakest.inner_text()
    assert "▼ −66,67" in weakest.locator("td.change").inner_text()
    # What the change is measured against, as the leader reads it: March 2025 is a whole month,
    # compared with the same month one year earlier (procedures/calendar/periods.py).
    assert "So với 01/03–31/03/2024" in ranking.locator("thead").inner_text()
    comparison = page.locator("#ranking-comparison").inner_text()
    assert "so với 01/03–31/03/2024, cùng kỳ năm trước" in comparison
    province = ranking.locator("tr.province")
    assert "Toàn tỉnh" in province.inner_text() and "50,00%" in province.inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "agency-ranking.png"), full_page=True)

    weakest.locator("a.agency").click()
    page.wait_for_load_state()
    assert "/don-vi/29701/" in page.url
    assert page.locator("h1").inner_text() == "Xã Long Đức"
    for chart in ("#chart-trend", "#chart-late"):
        page.locator(chart).scroll_into_view_if_needed()
        page.wait_for_function(LOADED, arg=chart)
    overdue = set(page.locator("#unit-overdue tbody td:first-child a").all_inner_texts())
    assert overdue == agencies["overdue_long_duc"]
    page.screenshot(path=str(SCREENSHOTS / "unit-page.png"), full_page=True)

    page.locator("#unit-late").click()
    page.wait_for_load_state()
    assert "/dossiers/list/" in page.url and "outcome=late" in page.url and "unit=29701" in page.url
    assert page.locator("#dossier-count").inner_text() == "2 hồ sơ"
    codes = set(page.locator("#dossier-list tbody tr td:first-child a").all_inner_texts())
    assert codes == agencies["late_long_duc"]
    page.screenshot(path=str(SCREENSHOTS / "unit-late-dossiers.png"), full_page=True)
