"""A citizen rates a resolved dossier in Chromium from the receipt's QR link, once, and cannot
rate another's dossier without its check value."""

import re

import pytest

from procedures.models import DossierRating
from procedures.services.dossiers import dossier_resolve
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.browser


def test_a_citizen_rates_from_the_receipts_link_once_and_not_anothers(
    page, login, browser, live_server, receive, reception_user
):
    mine = receive(vn(2025, 3, 3, 9, 0))
    dossier_resolve(dossier=mine, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    other = receive(vn(2025, 3, 3, 10, 0), applicant_name="Kim Thị Sóc")
    dossier_resolve(dossier=other, actor=reception_user, at=vn(2025, 3, 4, 10, 0))
    # The link the receipt prints under its QR code.
    login(reception_user)
    page.goto(f"/dossiers/{mine.code}/receipt/")
    link = re.search(r"https?://\S+/tra-cuu/\?\S+", page.locator("body").inner_text()).group(0)

    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(link)
    form = citizen.locator("#rating-form")
    assert form.is_visible()
    # Big buttons: the radio inputs are hidden, the labels take the touch.
    for question, answer in (
        ("overall", "Rất hài lòng"),
        ("on_time", "Hài lòng"),
        ("attitude", "Rất hài lòng"),
        ("returns_count", "0 lần"),
    ):
        citizen.locator(f"#rating-{question}").get_by_text(answer, exact=True).click()
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Gửi đánh giá").click()
    assert "Xin cảm ơn: đánh giá của ông/bà đã được ghi nhận." in citizen.content()
    assert citizen.locator("#rating-done").is_visible()
    assert citizen.locator("#rating-form").count() == 0
    rating = DossierRating.objects.get()
    assert (rating.dossier_id, rating.overall, rating.on_time, rating.returns_count) == (
        mine.pk,
        5,
        4,
        0,
    )

    # Once: the same link again shows thanks, not the form.
    citizen.goto(link)
    assert citizen.locator("#rating-form").count() == 0
    assert "Hồ sơ này đã được đánh giá" in citizen.locator("#rating-done").inner_text()

    # Another's dossier with this receipt's check value: nothing found, nothing to rate.
    citizen.goto(link.replace(mine.code, other.code))
    assert citizen.locator("#lookup-not-found").is_visible()
    assert citizen.locator("#rating-form").count() == 0
    body = citizen.content()
    for secret in ("Kim Thị Sóc", "Sa Rươl", "084190001234"):
        assert secret not in body
    assert DossierRating.objects.count() == 1
    citizen.context.close()
