"""A reform officer imports a decision file, applies it, and sees the catalogue move."""

import re

import pytest
from playwright.sync_api import expect

from tests.catalogue_data import decision_workbook, new_sheet_row
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(db):
    sector = SectorFactory(code="HT", name="Hộ tịch")
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000001"), name="Đăng ký kết hôn", sector=sector
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000002"), name="Cấp bản sao trích lục", sector=sector
    )


def test_an_officer_imports_a_decision_applies_it_and_sees_the_catalogue_move(
    page, login, reform_officer, catalogue, tmp_path
):
    path = tmp_path / "QD-2061.xlsx"
    path.write_bytes(
        decision_workbook(
            new=[new_sheet_row("1.013871", "Đăng ký khai sinh lưu động")],
            amended=[
                [
                    "1",
                    "1.000001",
                    "Đăng ký kết hôn",
                    "Trực tiếp",
                    "",
                    "2 ngày làm việc",
                    "",
                    "Nghị định 123/2015/NĐ-CP",
                ],
            ],
            abolished=[["1", "1.000002", "Cấp bản sao trích lục", "Thông tư 04/2020", "", ""]],
        )
    )
    login(reform_officer)

    page.get_by_role("link", name="Quyết định công bố").first.click()
    page.get_by_role("link", name="Nhập tệp quyết định").click()
    expect(page.get_by_role("heading", name="Nhập tệp dữ liệu danh mục")).to_be_visible()
    page.get_by_label("Quyết định công bố (các danh mục kèm theo)").check()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Nhập dữ liệu").click()

    # The import runs in a Celery task; the page polls its progress, then shows the outcome.
    expect(page).to_have_url(re.compile(r"/danh-muc/nhap/\d+/$"))
    expect(page.locator(".import-summary")).to_contain_text(
        "Đã nhập quyết định 2061/QĐ-UBND với 3 dòng", timeout=30_000
    )
    page.get_by_role("link", name="Mở quyết định").click()
    expect(page.locator("table.lines tbody tr")).to_have_count(3)
    expect(page.locator(".decision-status")).to_contain_text("Chưa áp dụng")

    page.get_by_role("button", name="Áp dụng vào danh mục").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã áp dụng quyết định 2061/QĐ-UBND từ ngày 01/03/2017: 1 công bố mới, "
        "1 sửa đổi, bổ sung, 0 thay thế, 1 bãi bỏ."
    )
    expect(page.locator(".decision-status")).to_contain_text("Đã áp dụng")

    # The catalogue moved: the new code is in, the abolished one is out.
    page.get_by_role("navigation", name="Các mục danh mục TTHC").get_by_role(
        "link", name="Danh mục TTHC"
    ).click()
    table = page.locator("table.procedures")
    expect(table).to_contain_text("1.013871")
    expect(table).to_contain_text("1.000001")
    expect(table).not_to_contain_text("1.000002")
    # Before the decision's date the catalogue was the old one.
    page.fill("input[name=as_of]", "2017-02-28")
    page.get_by_role("button", name="Lọc").click()
    expect(table).to_contain_text("1.000002")
    expect(table).not_to_contain_text("1.013871")

    # The amended procedure's history shows both versions.
    page.fill("input[name=as_of]", "")
    page.fill("input[name=q]", "dang ky ket hon")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="1.000001").click()
    versions = page.locator("ol.timeline li.version")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("01/03/2017")
    expect(versions.nth(0)).to_contain_text("2061/QĐ-UBND")
    expect(versions.nth(0)).to_contain_text("2 ngày làm việc")
    expect(versions.nth(1)).to_contain_text("3 ngày làm việc")
    expect(versions.nth(0).locator("table.changes")).to_contain_text("Thời hạn giải quyết")
