"""A leader asks for the administrative-reform report on the report screen: a Celery worker
generates it while the page shows its progress, then the narrative and the download appear."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.report_data import build_province

pytestmark = pytest.mark.browser


@pytest.fixture
def province(reception_user):
    return build_province(reception_user)


def test_a_leader_generates_the_report_and_downloads_it(page, login, leader, province, tmp_path):
    login(leader)
    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.get_by_role("heading", name="Báo cáo cải cách hành chính")).to_be_visible()
    page.get_by_label("Từ ngày").fill("01/01/2017")
    page.get_by_label("Đến ngày").fill("31/12/2017")
    page.get_by_label("Định dạng").select_option("xlsx")
    page.get_by_role("button", name="Lập báo cáo").click()

    expect(page).to_have_url(re.compile(r"/bao-cao/\d+/$"))
    # The worker makes it; the page polls, then shows the narrative with computed figures.
    narrative = page.locator("#narrative")
    expect(narrative).to_contain_text(
        "Từ khi đi vào hoạt động (tháng 10/2016) đến nay, Trung tâm Hành chính công huyện Cầu "
        "Ngang đã tiếp nhận tổng số 8 hồ sơ",
        timeout=60_000,
    )
    expect(narrative).to_contain_text("có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)")
    expect(page.locator("#report-status")).to_contain_text("Hoàn thành")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#download-report").click()
    assert download.value.suggested_filename == (
        "bao-cao-cai-cach-hanh-chinh-2017-01-01-2017-12-31.xlsx"
    )
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = load_workbook(saved)
    totals = [
        row
        for row in book["Biểu 06"].iter_rows(min_row=13, values_only=True)
        if row[1] == "Tổng cộng"
    ]
    assert list(totals[0][2:13]) == [8, 1, 6, 1, 5, 2, 1, 2, 2, 1, 1]

    # The list keeps it for later.
    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.locator("#reports")).to_contain_text("01/01/2017 – 31/12/2017")
    expect(page.locator("#reports")).to_contain_text("Hoàn thành")


def test_a_bad_period_is_named_on_the_form(page, login, leader, province):
    login(leader)
    page.goto("/bao-cao/")
    page.get_by_label("Từ ngày").fill("31/12/2017")
    page.get_by_label("Đến ngày").fill("01/01/2017")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.locator("#report-form")).to_contain_text("Kỳ kết thúc trước ngày bắt đầu.")
