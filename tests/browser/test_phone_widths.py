"""Phones and tablets: every main page, at 390 px (a phone) and 768 px (a tablet), is no wider
than the window: tables scroll inside their own box or become cards, filters fold, the header
is a menu. Run on the demo province (its long Vietnamese names), for every role. Screenshots
are kept in tests/browser/screenshots/widths/ (not committed)."""

from pathlib import Path

import pytest

from procedures.models import Dossier, Procedure
from procedures.services.demo import demo_province_load

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots" / "widths"
WIDTHS = (390, 768)
WIDER_THAN_WINDOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def demo(reception_user, reform_officer):
    demo_province_load(reception_user=reception_user, officer_user=reform_officer, scale=0.002)
    dossier = (
        Dossier.objects.filter(created_by=reception_user, status__in=(2, 4))
        .order_by("-current_agency_id", "due_at")
        .first()
    )
    procedure = Procedure.objects.order_by("code").first()
    return {"dossier": dossier.code, "procedure": procedure.code}


def _pages(demo) -> dict:
    dossier, procedure = demo["dossier"], demo["procedure"]
    return {
        None: ["/", "/tra-cuu/", "/thu-tuc/", f"/thu-tuc/{procedure}/", "/accounts/login/"],
        "leader": [
            "/",
            "/dossiers/",
            "/dossiers/sap-den-han/",
            "/dossiers/overdue/",
            "/dossiers/list/",
            f"/dossiers/{dossier}/",
            "/danh-muc/",
            "/danh-muc/so-lieu/",
            "/bao-cao/",
            "/lich-lam-viec/",
        ],
        "reception": ["/", "/dossiers/new/", f"/dossiers/{dossier}/"],
        "reform_officer": [
            "/",
            "/danh-muc/",
            f"/danh-muc/thu-tuc/{procedure}/",
            "/danh-muc/quyet-dinh/",
            "/danh-muc/ra-soat/",
            "/danh-muc/cong-khai/",
            "/danh-muc/nhap/",
        ],
        "administrator": ["/"],
    }


def test_every_main_page_fits_a_phone_and_a_tablet(
    browser, live_server, demo, leader, reception_user, reform_officer, administrator
):
    from tests.factories import TEST_PASSWORD

    users = {
        "leader": leader,
        "reception": reception_user,
        "reform_officer": reform_officer,
        "administrator": administrator,
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for role, paths in _pages(demo).items():
        for width in WIDTHS:
            context = browser.new_context(
                base_url=live_server.url, locale="vi-VN", viewport={"width": width, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            if role:
                page.goto("/accounts/login/")
                page.fill("#id_username", users[role].username)
                page.fill("#id_password", TEST_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
            for path in paths:
                response = page.goto(path)
                assert response.status == 200, (role, path, response.status)
                page.wait_for_load_state("networkidle")
                document, window = page.evaluate(WIDER_THAN_WINDOW)
                if document > window:
                    too_wide.append(f"{path} as {role} at {width} px: {document} px wide")
                slug = path.strip("/").replace("/", "_") or "home"
                page.screenshot(
                    path=str(SCREENSHOTS / f"{role or 'public'}-{width}-{slug}.png"),
                    full_page=True,
                )
            context.close()
    assert too_wide == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_is_a_menu_and_the_filters_fold(page, login, leader, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(leader)
    page.goto("/danh-muc/")
    nav, filters = page.locator("#main-nav"), page.locator("form.filters[role=search]")
    assert not nav.is_visible()
    page.locator(".menu-toggle").click()
    assert nav.get_by_role("link", name="Sắp đến hạn").is_visible()
    if width < 760:
        # On a phone the filters wait behind their button; the list comes first.
        assert not filters.is_visible()
        page.get_by_role("button", name="Bộ lọc").click()
    assert filters.is_visible()


def test_on_a_phone_the_desk_lists_are_cards(page, login, reception_user, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(reception_user)
    page.goto("/dossiers/")
    table = page.locator("table.queue")
    assert not table.locator("thead").is_visible()
    first_row = table.locator("tbody tr").first
    # Each value under its column's name, the row a card as wide as the screen.
    assert (
        first_row.locator("td")
        .first.evaluate("td => getComputedStyle(td, '::before').content")
        .startswith('"Mã hồ sơ')
    )
    assert first_row.bounding_box()["width"] <= 390


# Each table of the dashboard on a phone: [id or first header, head shown, rows not laid out as
# cards, the widest row, how far its box scrolls sideways].
DASHBOARD_TABLES = """() => [...document.querySelectorAll('main table.figures')].map(table => {
  const box = table.closest('.table-scroll') || table;
  const rows = [...table.querySelectorAll('tbody tr')];
  return [
    table.id || table.querySelector('th').textContent.trim(),
    getComputedStyle(table.querySelector('thead')).display !== 'none',
    rows.filter(row => getComputedStyle(row).display !== 'flex').length,
    Math.max(...rows.map(row => row.getBoundingClientRect().width)),
    box.scrollWidth - box.clientWidth,
  ];
})"""


def test_on_a_phone_the_dashboards_tables_are_cards(page, login, leader, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(leader)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "leader-390-dashboard-cards.png"), full_page=True)
    tables = page.evaluate(DASHBOARD_TABLES)
    names = [table[0] for table in tables]
    assert "agency-ranking" in names and "overdue-by-desk" in names, names
    for name, head_shown, not_cards, widest, scrolls in tables:
        # No header row, every row a card no wider than the screen, nothing to scroll sideways.
        assert (head_shown, not_cards, scrolls) == (False, 0, 0), name
        assert widest <= 390, name
    ranking = page.locator("#agency-ranking tbody tr").nth(1)
    # The agency's name on top of its card, each figure beside its column's name.
    assert ranking.locator(".card-title").bounding_box()["y"] <= min(
        cell.bounding_box()["y"] for cell in ranking.locator("td").all()
    )
    assert (
        ranking.locator("td.num")
        .nth(3)
        .evaluate("td => getComputedStyle(td, '::before').content")
        .startswith('"Tỷ lệ đúng hạn')
    )
