"""The dossier screens as staff and the public use them (Django test client)."""

import io
import re
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from procedures.choices import TimeUnit
from procedures.models import Dossier, DossierEvent
from procedures.public_lookup import check_value
from procedures.services.dossiers import dossier_resolve
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, reception_user, intake_desk):
    client.force_login(reception_user)
    return client


@pytest.mark.parametrize("query", ["dang ky khai sinh", "KHAI SINH", "1.001193", "đăng ký"])
def test_the_autocomplete_ignores_diacritics_and_finds_by_code(
    staff, intake_desk, birth_registration, query
):
    response = staff.get("/dossiers/procedures.json", {"desk": intake_desk.pk, "q": query})
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["1.001193"]
    assert results[0]["papers"] == PAPERS
    assert results[0]["time"] == "3 Ngày làm việc"


def test_the_autocomplete_is_only_for_staff_of_the_desk(client, leader, intake_desk):
    client.force_login(leader)
    assert client.get("/dossiers/procedures.json", {"desk": intake_desk.pk}).status_code == 403


def test_one_submit_receives_the_dossier_and_shows_code_and_due(staff, birth_registration):
    response = staff.post(
        "/dossiers/new/",
        {
            "desk": Dossier._meta.get_field("desk").related_model.objects.get().pk,
            "procedure": "1.001193",
            "channel": "direct",
            "applicant_name": "Thạch Thị Sa Rươl",
            "applicant_id_number": "084190001234",
            "applicant_phone": "0912345678",
            "papers": PAPERS,
        },
        follow=True,
    )
    dossier = Dossier.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/dossiers/{dossier.code}/"
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in page
    assert [p["name"] for p in dossier.paper_list] == PAPERS
    assert "In phiếu tiếp nhận" in page


def test_a_bad_intake_shows_the_errors_and_keeps_the_procedure(
    staff, intake_desk, birth_registration
):
    response = staff.post(
        "/dossiers/new/",
        {
            "desk": intake_desk.pk,
            "procedure": "1.001193",
            "channel": "direct",
            "applicant_name": "An",
            "applicant_id_number": "12",
            "papers": [PAPERS[1]],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "12 chữ số" in page
    assert "Đăng ký khai sinh" in page  # the chosen procedure stays
    assert f'value="{PAPERS[1]}" checked' in page
    assert f'value="{PAPERS[0]}">' in page
    assert not Dossier.objects.exists()


def test_the_receipt_page_and_pdf_hold_the_code_due_moment_and_qr(staff, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))

    page = staff.get(f"/dossiers/{dossier.code}/receipt/").content.decode()
    assert dossier.code in page
    assert "06/03/2025 09:00" in page
    assert "data:image/png;base64," in page
    check = check_value(dossier.code)
    # The check value beside the code, and in the QR link with it.
    assert f'<strong id="receipt-check">{check}</strong>' in page
    assert f"/tra-cuu/?code={quote_plus(dossier.code)}&amp;check={check}" in page
    assert "Phiếu tiếp nhận và hẹn trả kết quả" in page

    response = staff.get(f"/dossiers/{dossier.code}/receipt.pdf?download=1")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert dossier.code in text
    assert "06/03/2025 09:00" in text
    assert "Đăng ký khai sinh" in text


def test_the_dossier_page_offers_only_the_next_allowed_actions(staff, receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert 'id="action-resolve"' in page
    assert 'id="action-return_result"' not in page
    assert 'id="action-resume"' not in page

    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert 'id="action-return_result"' in page
    assert 'id="action-resolve"' not in page


def test_a_leader_reads_the_dossier_page_without_actions(client, leader, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    client.force_login(leader)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert dossier.code in page
    assert "Thao tác tiếp theo" not in page
    response = client.post(f"/dossiers/{dossier.code}/act/resolve/")
    assert response.status_code == 403


def test_posting_an_action_writes_one_event_and_a_wrong_state_says_so(staff, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    response = staff.post(
        f"/dossiers/{dossier.code}/act/request_supplement/", {"note": "Thiếu giấy chứng sinh"}
    )
    assert response.status_code == 302
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2

    page = staff.post(f"/dossiers/{dossier.code}/act/resolve/", follow=True).content.decode()
    assert "Yêu cầu bổ sung hồ sơ" in page  # the state named in the refusal
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_the_work_queue_lists_due_soon_first_and_the_overdue_list_the_late(staff, receive):
    later = receive(vn(2025, 3, 4, 9, 0))
    sooner = receive(vn(2025, 3, 3, 9, 0))

    page = staff.get("/dossiers/").content.decode()
    assert page.index(sooner.code) < page.index(later.code)
    overdue = staff.get("/dossiers/overdue/").content.decode()
    assert sooner.code in overdue and later.code in overdue  # both due in 2025


def test_a_dossier_without_a_time_limit_says_so_everywhere_and_is_never_overdue(
    staff, client, receive, birth_registration
):
    """Receipt, dossier page, work queue (last), dossier list and public lookup print why there
    is no due date; the overdue list never holds it."""
    timed = receive(vn(2025, 3, 4, 9, 0))
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.NONE
    birth_registration.save()
    dossier = receive(vn(2025, 3, 3, 9, 0))
    said = "Không quy định thời hạn"

    receipt = staff.get(f"/dossiers/{dossier.code}/receipt/").content.decode()
    assert f'id="receipt-due">{said}</td>' in receipt
    pdf = staff.get(f"/dossiers/{dossier.code}/receipt.pdf")
    assert said in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert f'id="dossier-due">{said}</td>' in page
    assert "Quá hạn" not in page
    queue = staff.get("/dossiers/").content.decode()
    assert queue.index(timed.code) < queue.index(dossier.code) and said in queue
    overdue = staff.get("/dossiers/overdue/").content.decode()
    assert timed.code in overdue and dossier.code not in overdue
    listed = staff.get("/dossiers/list/").content.decode()
    assert dossier.code in listed and said in listed
    cache.clear()
    lookup = client.get(
        "/tra-cuu/", {"code": dossier.code, "check": check_value(dossier.code)}
    ).content.decode()
    assert f'id="lookup-due">{said}</td>' in lookup


def test_the_intake_screen_receives_it_and_says_there_is_no_due_date(
    staff, intake_desk, birth_registration
):
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.TO_COMPLETE
    birth_registration.processing_time_text = "120"
    birth_registration.save()
    form = {
        "desk": intake_desk.pk,
        "procedure": "1.001193",
        "channel": "direct",
        "applicant_name": "Thạch Thị Sa Rươl",
        "applicant_id_number": "084190001234",
        "papers": PAPERS,
    }
    page = staff.post("/dossiers/new/", form, follow=True).content.decode()
    dossier = Dossier.objects.get()
    assert dossier.due_at is None
    assert "không có hạn giải quyết: Thời hạn chưa được công bố đầy đủ" in page


def test_the_public_lookup_page_needs_no_login_and_shows_no_personal_data(client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    cache.clear()
    page = client.get(
        "/tra-cuu/", {"code": dossier.code, "check": check_value(dossier.code)}
    ).content.decode()
    assert "Đã tiếp nhận" in page
    assert "Đăng ký khai sinh" in page
    assert "06/03/2025 09:00" in page
    for secret in ("084190001234", "0912345678", "Giồng Lức", "Sa Rươl"):
        assert secret not in page
    not_found = client.get("/tra-cuu/", {"code": "X", "check": "ABCDEF"}).content.decode()
    assert "Không có hồ sơ nào khớp mã và mã kiểm tra này" in not_found


def test_the_public_lookup_page_is_throttled(client, receive, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/min"
    cache.clear()
    code = receive(vn(2025, 3, 3, 9, 0)).code
    query = {"code": code, "check": check_value(code)}
    statuses = [client.get("/tra-cuu/", query).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_another_desks_staff_learn_nothing_from_the_screens(client, receive):
    from procedures.roles import Role
    from tests.conftest import _user_with_role
    from tests.factories import DeskFactory

    dossier = receive(vn(2025, 3, 3, 9, 0))
    other = _user_with_role(Role.RECEPTION, username="khac")
    DeskFactory(code="000.00.40.H56", staff=[other])
    client.force_login(other)

    for url in (
        f"/dossiers/{dossier.code}/",
        f"/dossiers/{dossier.code}/receipt/",
        f"/dossiers/{dossier.code}/receipt.pdf",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/dossiers/{dossier.code}/act/resolve/").status_code == 404
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_the_receipt_is_dated_as_vietnamese_forms_are(staff, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    page = staff.get(f"/dossiers/{dossier.code}/receipt/").content.decode()
    assert "ngày 03 tháng 03 năm 2025" in page


def test_a_waiting_dossier_says_its_clock_is_stopped_and_the_time_left(
    staff, receive, reception_user
):
    from procedures.services.dossiers import dossier_request_supplement

    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_request_supplement(
        dossier=dossier, actor=reception_user, note="Thiếu", at=vn(2025, 3, 4, 13, 0)
    )
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "Tạm dừng tính thời gian" in page
    assert "04/03/2025 13:00" in page
    # 09:00-11:30 and 13:30-17:00 on Monday, 07:00-11:30 on Tuesday: 10.5 h worked, 13.5 left.
    assert "1 ngày làm việc và 5,5 giờ làm việc" in page
    assert 'class="badge overdue"' not in page

    cache.clear()
    query = {"code": dossier.code, "check": check_value(dossier.code)}
    lookup = staff.get("/tra-cuu/", query).content.decode()
    assert "06/03/2025" not in lookup
    assert "tạm dừng" in lookup.lower()


def test_the_hand_over_list_offers_only_allowed_receivers(
    staff, receive, reception_user, agency, commune
):
    from procedures.services.dossiers import dossier_transfer
    from tests.factories import UnitFactory

    # An id past 999: written as a plain number, not as 12.345 (the Vietnamese number format).
    tax = UnitFactory(pk=12345, code="CT", name="Chi cục Thuế")
    dossier = receive(vn(2025, 3, 3, 9, 0))
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert f'<option value="{commune.pk}">' not in page  # it is already there
    assert f'<option value="{agency.pk}">' in page and '<option value="12345">' in page

    dossier_transfer(dossier=dossier, actor=reception_user, receiver=agency)
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    # Not interconnected: from the agency only back to the desk.
    assert f'<option value="{commune.pk}">' in page
    assert f'<option value="{tax.pk}">' not in page


def test_a_hand_over_to_a_unit_with_a_large_id_goes_through_the_screen(
    staff, receive, reception_user
):
    from tests.factories import UnitFactory

    tax = UnitFactory(pk=12345, code="CT", name="Chi cục Thuế")
    dossier = receive(vn(2025, 3, 3, 9, 0))
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    value = re.search(r'<option value="([^"]*)">Chi cục Thuế', page).group(1)
    staff.post(f"/dossiers/{dossier.code}/act/transfer/", {"receiver": value, "note": ""})
    dossier.refresh_from_db()
    assert dossier.current_agency == tax


def test_the_public_lookup_finds_a_code_typed_in_lower_case(client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    cache.clear()
    query = {"code": f"  {dossier.code.lower()} ", "check": check_value(dossier.code).lower()}
    page = client.get("/tra-cuu/", query).content.decode()
    assert 'id="lookup-result"' in page
    assert dossier.code in page


def test_the_apology_date_is_typed_as_dd_mm_yyyy(staff, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))  # overdue long since
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert 'id="action-apologize_reschedule"' in page
    assert 'type="datetime-local"' not in page

    refused = staff.post(
        f"/dossiers/{dossier.code}/act/apologize_reschedule/",
        {"new_due_at": "2030-13-45", "note": "x"},
        follow=True,
    ).content.decode()
    assert "dd/mm/yyyy hh:mm" in refused
    staff.post(
        f"/dossiers/{dossier.code}/act/apologize_reschedule/",
        {"new_due_at": "20/03/2030 09:00", "note": "Chờ xác minh"},
    )
    dossier.refresh_from_db()
    assert dossier.apology_due_at == vn(2030, 3, 20, 9, 0)


@pytest.mark.parametrize(
    ("work", "text"),
    [
        (timedelta(hours=16), "2 ngày làm việc"),
        (timedelta(hours=5, minutes=30), "5,5 giờ làm việc"),
        (timedelta(hours=13, minutes=30), "1 ngày làm việc và 5,5 giờ làm việc"),
        (timedelta(minutes=20), "0,33 giờ làm việc"),
        (timedelta(0), "0 giờ làm việc"),
    ],
)
def test_working_time_reads_as_staff_count_it(work, text):
    from django.utils import translation

    from procedures.calendar import WorkingCalendar
    from procedures.views.dossiers import working_time_text

    with translation.override("vi"):
        assert working_time_text(work, WorkingCalendar()) == text


def queue_rows(page: str) -> list[str]:
    """The dossier codes of a work queue or overdue list page, one per row, in order."""
    return re.findall(r'<td class="nowrap"[^>]*><a href="/dossiers/[^"]+/">([^<]+)</a></td>', page)


def test_staff_see_their_desks_and_their_units_dossiers_once_in_the_queue_and_overdue_list(
    staff, receive, reception_user, agency_staff, agency, commune
):
    """A dossier of the desk; one of the unit's other desk handed away and back to the unit;
    one of the desk handed away and back (of the desk and of the unit both): each listed once.
    The other desk's dossier that was not handed over, never."""
    from procedures.roles import Role
    from procedures.services.dossiers import dossier_transfer
    from tests.conftest import _user_with_role
    from tests.factories import DeskFactory

    colleague = _user_with_role(Role.RECEPTION, username="tiepnhan2")
    other_desk = DeskFactory(code="000.00.32.H56", unit=commune, staff=[colleague])
    own = receive(vn(2025, 3, 3, 9, 0))
    handed_to_us = receive(vn(2025, 3, 3, 10, 0), desk=other_desk, actor=colleague)
    dossier_transfer(dossier=handed_to_us, actor=colleague, receiver=agency)
    dossier_transfer(dossier=handed_to_us, actor=agency_staff, receiver=commune)
    handed_back = receive(vn(2025, 3, 3, 11, 0))
    dossier_transfer(dossier=handed_back, actor=reception_user, receiver=agency)
    dossier_transfer(dossier=handed_back, actor=agency_staff, receiver=commune)
    not_ours = receive(vn(2025, 3, 3, 12, 0), desk=other_desk, actor=colleague)

    mine = [own.code, handed_to_us.code, handed_back.code]
    for url in ("/dossiers/", "/dossiers/overdue/"):
        page = staff.get(url).content.decode()
        assert queue_rows(page) == mine, url  # due soonest first, as received
        assert "Số hồ sơ: 3<" in page, url
        assert not_ours.code not in page, url
