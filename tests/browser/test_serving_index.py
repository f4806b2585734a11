"""A leader opens the dashboard, goes to the serving index, sees the score and the agencies
ranked worst first, clicks the weakest agency's weakest indicator and lands on exactly the
dossiers behind it."""

from datetime import date

import pytest

from procedures.reports.serving_index import serving_index_dashboard

pytestmark = pytest.mark.browser


def test_a_leader_drills_down_from_the_score_to_the_dossiers(
    page, login, leader, built, commune, docs_screenshot
):
    expected = serving_index_dashboard(month=date(2025, 3, 1), today=date(2025, 4, 10))
    weakest = expected["agencies"][0]
    lost = weakest["weakest"]["denominator"] - weakest["weakest"]["numerator"]
    login(leader)
    page.goto("/bang-dieu-khien/")
    page.locator("#serving-index-link").click()
    page.locator("input[name=month]").fill("2025-03")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    assert "/100" in page.locator("#index-total").inner_text()
    assert "tạm tính" in page.locator("#index-total").inner_text()
    docs_screenshot(page, "chi-so-phuc-vu")
    first = page.locator("#index-agencies tbody tr").first
    assert first.get_attribute("data-unit") == commune.code
    with page.expect_navigation():
        first.locator("a.weakest").click()
    assert "/dossiers/list/" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == lost > 0
