import pytest

pytestmark = pytest.mark.browser


def test_reception_staff_log_in_and_land_on_their_desk_in_vietnamese(page, login, reception_user):
    login(reception_user)
    assert page.url.endswith("/")
    assert page.locator("h1").inner_text() == "Bộ phận của tôi"
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def test_a_wrong_password_is_refused_with_a_vietnamese_message(page, login, reception_user):
    login(reception_user, password="wrong")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()
