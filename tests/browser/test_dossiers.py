"""A day at the desk in Chromium: receive, print the receipt, supplement, resume, hand over,
resolve, return; the public lookup shows the state and nothing personal."""

import pytest
from pypdf import PdfReader

from procedures.public_lookup import check_value

pytestmark = pytest.mark.browser


def act(page, action: str, note: str = "", receiver: str | None = None):
    block = page.locator(f"#action-{action}")
    block.locator("summary").click()
    if receiver:
        block.locator("select[name=receiver]").select_option(label=receiver)
    if note:
        block.locator("textarea[name=note]").fill(note)
    # The action posts and the page comes back: wait for that navigation, not for the current
    # page's load state (already reached, which let a check read the page before the post).
    with page.expect_navigation():
        block.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_reception_staff_take_a_dossier_from_intake_to_returned_result(
    page,
    login,
    browser,
    live_server,
    reception_user,
    intake_desk,
    birth_registration,
    agency,
):
    login(reception_user)
    # From the menu (the desk's home page has the same button).
    page.get_by_role("navigation").get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url("**/dossiers/new/")
    page.wait_for_load_state()

    # Diacritics-insensitive autocomplete among the desk's procedures.
    page.fill("#procedure-search", "dang ky khai sinh")
    page.locator("button.suggestion", has_text="Đăng ký khai sinh").click()
    assert "1.001193" in page.locator("#procedure-chosen").inner_text()
    assert page.locator("input[name=papers]:checked").count() == 2
    page.check("input[value=direct]")
    page.fill("#id_applicant_name", "Thạch Thị Sa Rươl")
    page.fill("#id_applicant_id_number", "084190001234")
    page.fill("#id_applicant_phone", "0912345678")
    page.fill("#id_applicant_address", "Ấp Giồng Lức, xã Long Đức")
    page.get_by_role("button", name="Tiếp nhận và in phiếu hẹn").click()
    page.wait_for_load_state()

    code = page.locator(".dossier-code").inner_text()
    assert code.startswith("000.00.31.H56-")
    assert f"Đã tiếp nhận hồ sơ {code}" in page.locator(".messages").inner_text()
    assert page.locator("#dossier-due").inner_text()

    # The receipt: a printable page and a PDF holding the code.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="In phiếu tiếp nhận").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    assert receipt.locator("#receipt-code").inner_text() == code
    assert receipt.locator(".qr img").get_attribute("src").startswith("data:image/png;base64,")
    receipt.close()
    with page.expect_download() as download:
        page.click("#receipt-pdf")
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert code in text

    act(page, "request_supplement", note="Thiếu bản sao giấy chứng sinh")
    assert page.locator("#dossier-status").inner_text() == "Yêu cầu bổ sung hồ sơ"
    assert page.locator("#action-resolve").count() == 0  # only the next allowed actions
    # The clock is stopped while the applicant is awaited, with the working time left.
    assert "Thời gian còn lại" in page.locator("#dossier-clock").inner_text()
    act(page, "resume", note="Đã nhận đủ")
    assert page.locator("#dossier-status").inner_text() == "Đã tiếp nhận"
    act(page, "transfer", note="Chuyển Sở Tư pháp", receiver="Sở Tư pháp (000.00.06.H56)")
    assert page.locator("#dossier-status").inner_text() == "Đang giải quyết"
    act(page, "resolve")
    assert page.locator("#dossier-status").inner_text() == "Đã giải quyết"
    act(page, "return_result")
    assert page.locator("#dossier-status").inner_text() == "Đã trả kết quả"

    timeline = page.locator("#timeline li")
    assert timeline.count() == 6
    steps = timeline.all_inner_texts()
    for label, step in zip(
        [
            "Tiếp nhận",
            "Yêu cầu bổ sung, hoàn thiện hồ sơ",
            "Nhận hồ sơ bổ sung đầy đủ",
            "Chuyển xử lý",
            "Giải quyết xong",
            "Trả kết quả",
        ],
        steps,
        strict=True,
    ):
        assert label in step
    assert "Sở Tư pháp" in steps[3]

    # The public, not logged in.
    public = browser.new_context(base_url=live_server.url, locale="vi-VN")
    lookup = public.new_page()
    lookup.goto("/tra-cuu/")
    lookup.fill("#lookup-code", code)
    lookup.fill("#lookup-check", check_value(code))
    lookup.get_by_role("button", name="Tra cứu").click()
    lookup.wait_for_load_state()
    assert lookup.locator("#lookup-status").inner_text() == "Đã trả kết quả"
    body = lookup.content()
    for secret in ("084190001234", "0912345678", "Giồng Lức", "Sa Rươl"):
        assert secret not in body
    public.close()
