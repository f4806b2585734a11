"""A leader logs in, sees the dashboard with its charts on the home page, clicks a late count and
lands on exactly those dossiers; on a phone the header folds into a menu. Screenshots are saved
in tests/browser/screenshots/ (not committed)."""

import re
from pathlib import Path

import pytest

from tests.procedures.views.test_dashboard_screens import march  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOADED = "s => { const i = document.querySelector(s); return i.complete && i.naturalWidth > 0 }"


def test_a_leader_checks_a_late_count_against_its_dossiers(
    page,
    login,
    leader,
    march,  # noqa: F811
):
    page.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})  # Vietnamese all the same
    login(leader)
    page.goto("/?period=range&from=01/03/2025&to=31/03/2025")
    assert page.locator("h1").inner_text() == "Bảng điều khiển"
    for chart in ("#chart-centres", "#chart-trend"):
        image = page.locator(chart)
        image.scroll_into_view_if_needed()
        page.wait_for_function(LOADED, arg=chart)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    late = page.locator('tr[data-key="TTHCC.A"] a.late-count')
    assert late.inner_text() == "2"
    late.click()
    page.wait_for_load_state()
    assert "/dossiers/list/" in page.url and "outcome=late" in page.url
    assert page.locator("#dossier-count").inner_text() == "2 hồ sơ"
    codes = set(page.locator("#dossier-list tbody tr td:first-child a").all_inner_texts())
    assert codes == march["late_a"]
    page.screenshot(path=str(SCREENSHOTS / "dashboard-late-dossiers.png"), full_page=True)


def test_on_a_phone_the_header_is_a_menu(page, login, leader, march):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    login(leader)
    nav = page.locator("#main-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name=re.compile("Danh mục chức năng")).click()
    assert nav.is_visible()
    assert nav.get_by_role("link", name="Bảng điều khiển").is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"))
