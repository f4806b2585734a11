"""A leader opens the dashboard, goes to the serving index, sees the score and the agencies
ranked worst first, clicks the weakest agency's weakest indicator and lands on exactly the
dossiers behind it."""

from datetime import date

import pytest

from procedures.reports.serving_index import serving_index_dashboard

pytestmark = pytest.mark.browser


def test_a_leader_drills_down_from_the_score_to_the_dossiers(page, login, leader, built, commune):
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
    first = page.locator("#index-agencies tbody tr").first
    assert first.get_attribute("data-unit") == commune.code
    with page.expect_navigation():
        first.locator("a.weakest").click()
    assert "/dossiers/list/" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == lost > 0


def test_the_dashboard_shows_the_score_and_its_weakest_indicator_opens_its_dossiers(
    page, login, leader, built
):
    from django.core.cache import cache

    cache.clear()
    expected = serving_index_dashboard(month=date(2025, 3, 1), today=date(2025, 4, 10))
    every = [i for g in expected["groups"] for i in g["indicators"]]
    weakest = max(every, key=lambda i: i["max_points"] - i["points"])
    assert weakest["link"], weakest["key"]
    login(leader)
    page.goto("/bang-dieu-khien/?period=range&from=01/03/2025&to=31/03/2025")
    total = page.locator("#index-panel-total").inner_text()
    assert f"{expected['total']:.2f}".replace(".", ",") + "/100" in total
    assert "tạm tính" in total
    assert page.locator("#index-panel-groups tbody tr").count() == 6
    link = page.locator("#index-panel-weakest a.weakest")
    assert link.get_attribute("data-indicator") == weakest["key"]
    with page.expect_navigation():
        link.click()
    assert "/dossiers/list/" in page.url and "index_gap=" in page.url
    assert page.locator("table tbody tr").count() == weakest["denominator"] - weakest["numerator"]
