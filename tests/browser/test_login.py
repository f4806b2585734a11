import pytest

pytestmark = pytest.mark.browser


def test_reception_staff_log_in_and_see_the_home_page_in_vietnamese(page, login, reception_user):
    login(reception_user)
    assert page.url.endswith("/")
    assert page.locator("h1").inner_text() == "Thủ tục hành chính và cơ chế một cửa"
    assert "Tiếp nhận" in page.locator("ul.roles").inner_text()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def test_a_wrong_password_is_refused_with_a_vietnamese_message(page, login, reception_user):
    login(reception_user, password="wrong")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()
