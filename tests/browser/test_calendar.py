"""The working-calendar page and the admin, as users see them in Chromium."""

import time
from datetime import date

import pytest

from procedures.models import CalendarChange, CalendarOverride

pytestmark = pytest.mark.browser


def test_staff_open_the_calendar_from_the_nav(page, login, reception_user):
    login(reception_user)
    page.get_by_role("link", name="Lịch làm việc").click()
    page.wait_for_load_state()
    assert "/lich-lam-viec/" in page.url
    page.goto("/lich-lam-viec/?year=2026")
    assert page.locator("h1").inner_text() == "Lịch làm việc năm 2026"
    days_off = page.locator("section.days-off").inner_text()
    assert "17/02/2026" in days_off and "Tết Nguyên Đán" in days_off
    make_up = page.locator("section.make-up-days").inner_text()
    assert "22/08/2026" in make_up and "Làm bù cho ngày nghỉ 31/08/2026" in make_up
    assert "07:00–11:30" in page.locator("section.sessions").inner_text()
    page.get_by_role("link", name="« 2025").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Lịch làm việc năm 2025"
    assert "26/04/2025" in page.locator("section.make-up-days").inner_text()


def test_a_bad_year_shows_a_message_and_the_current_year(page, login, reception_user):
    login(reception_user)
    page.goto("/lich-lam-viec/?year=abc")
    assert "Năm phải là số" in page.locator(".messages").inner_text()


def test_an_administrator_adds_a_make_up_saturday_in_the_admin(page, login, administrator):
    login(administrator)
    page.goto("/admin/procedures/calendaroverride/add/")
    page.fill("#id_day", "07/03/2026")
    page.select_option("#id_kind", "working_day")
    page.fill("#id_name", "Làm bù theo Quyết định 12/QĐ-UBND")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert CalendarOverride.objects.filter(day=date(2026, 3, 7)).exists()
    page.goto("/lich-lam-viec/?year=2026")
    make_up = page.locator("section.make-up-days").inner_text()
    assert "07/03/2026" in make_up and "Quyết định 12/QĐ-UBND" in make_up
    # The real Celery worker recorded the recomputation it ran after the commit.
    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and not CalendarChange.objects.filter(recomputed_at__isnull=False).exists()
    ):
        time.sleep(0.2)
    assert CalendarChange.objects.get().recomputed_at is not None
