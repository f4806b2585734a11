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
    expect(versions.nth(0)).to_contain_text("2 Ngày làm việc")
    expect(versions.nth(1)).to_contain_text("3 Ngày làm việc")
    expect(versions.nth(0).locator("table.changes")).to_contain_text("Thời hạn giải quyết")


def test_an_officer_enters_a_decision_on_screen_line_by_line_and_applies_it(
    page, login, reform_officer, catalogue
):
    login(reform_officer)
    page.goto("/danh-muc/quyet-dinh/moi/")
    page.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("02/01/2018")
    page.get_by_label("Ngày hiệu lực").fill("15/01/2018")

    lines = page.locator("fieldset.line")
    # Line 1: a new procedure with its whole record, papers included.
    first = lines.nth(0)
    first.get_by_label("Mã TTHC", exact=True).fill("1.013871")
    first.get_by_label("Tên TTHC").fill("Đăng ký khai sinh lưu động")
    first.get_by_label("Mã lĩnh vực").fill("HT")
    # Levels are boxes: a procedure carried out at several levels ticks each one.
    first.get_by_role("group", name="Cấp thực hiện").get_by_label("Cấp Huyện").check()
    first.get_by_role("group", name="Cấp thực hiện").get_by_label("Cấp Xã").check()
    first.get_by_label("Thời hạn giải quyết").fill("5 ngày làm việc")
    first.get_by_label("Phí, lệ phí").fill("Miễn lệ phí")
    first.get_by_label("Mức độ dịch vụ công trực tuyến").select_option("4")
    first.get_by_text("Thành phần hồ sơ, kết quả, một cửa và liên thông").click()
    first.get_by_label("Thành phần hồ sơ").fill("Tờ khai (1 bản chính, 0 bản sao)")
    # Line 2: an abolition shows only what an abolition needs.
    second = lines.nth(1)
    second.get_by_label("Loại thay đổi").select_option("abolished")
    expect(second.get_by_label("Thời hạn giải quyết")).to_be_hidden()
    expect(second.get_by_label("Thay thế mã TTHC")).to_be_hidden()
    second.get_by_label("Mã TTHC", exact=True).fill("1.000002")
    second.get_by_label("Căn cứ pháp lý").fill("Thông tư 04/2020/TT-BTP")
    # Line 3: a replacement asks for the code it replaces.
    third = lines.nth(2)
    third.get_by_label("Loại thay đổi").select_option("replaced")
    expect(third.get_by_label("Thay thế mã TTHC")).to_be_visible()
    # A fourth line, added on the screen: an amendment of the legal time only.
    page.get_by_role("button", name="Thêm dòng").click()
    expect(lines).to_have_count(4)
    third.get_by_label("Loại thay đổi").select_option("amended")
    third.get_by_label("Mã TTHC", exact=True).fill("1.000001")
    third.get_by_label("Thời hạn giải quyết").fill("2 ngày làm việc")
    page.get_by_role("button", name="Lưu quyết định").click()

    expect(page.locator(".messages")).to_contain_text("Đã nhập quyết định 15/QĐ-UBND")
    expect(page.locator("table.lines tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Áp dụng vào danh mục").click()
    expect(page.locator(".messages")).to_contain_text(
        "1 công bố mới, 1 sửa đổi, bổ sung, 0 thay thế, 1 bãi bỏ"
    )
    page.goto("/danh-muc/thu-tuc/1.013871/")
    expect(page.locator("dl.record")).to_contain_text("Tờ khai")
    expect(page.locator("dl.record")).to_contain_text("Mức độ 4")
    expect(page.locator("dl.record")).to_contain_text("Cấp Huyện, Cấp Xã")


def test_an_officer_records_a_review_applies_it_and_the_timeline_shows_it(
    page, login, reform_officer, catalogue
):
    login(reform_officer)
    page.goto("/danh-muc/ra-soat/moi/")
    page.get_by_label("Số kế hoạch").fill("22/KH-UBND")
    page.get_by_label("Ngày rà soát").fill("01/06/2017")
    page.locator("input[name=items-0-procedure_code]").fill("1.000001")
    page.locator("input[name=items-0-applied_time]").fill("1,5")
    page.get_by_role("button", name="Lưu kết quả rà soát").click()
    expect(page.locator(".review-status")).to_contain_text("Đã ghi nhận, chưa áp dụng")

    page.get_by_label("Thời hạn áp dụng có hiệu lực từ ngày").fill("01/07/2017")
    page.get_by_role("button", name="Áp dụng thời hạn vào danh mục").click()

    expect(page.locator(".messages")).to_contain_text(
        "Đã áp dụng kết quả rà soát 22/KH-UBND từ ngày 01/07/2017"
    )
    page.get_by_role("link", name="1.000001").click()
    versions = page.locator("ol.timeline li.version")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Áp dụng kết quả rà soát")
    expect(versions.nth(0)).to_contain_text("1,5 Ngày làm việc")
    expect(versions.nth(1)).to_contain_text("30/06/2017")
