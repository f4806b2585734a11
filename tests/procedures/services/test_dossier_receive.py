"""Tiếp nhận hồ sơ: code, due moment from the version in force at receipt, validation."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from procedures.choices import Channel, Level, TimeUnit
from procedures.models import Dossier, DossierEvent, DossierSequence
from procedures.selectors.calendar import working_calendar_get
from procedures.services.dossiers import IdempotencyKeyReused, dossier_receive
from tests.factories import ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db


def test_a_received_dossier_gets_its_code_due_moment_and_one_event(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))

    assert dossier.code == "000.00.31.H56-250303-0001"
    assert dossier.status == 2
    # 3 working days from Monday 09:00 run out on Thursday 09:00.
    assert dossier.due_at == vn(2025, 3, 6, 9, 0)
    assert dossier.applicant_phone == "0912345678"
    assert [p["name"] for p in dossier.paper_list] == PAPERS
    assert dossier.sector_id == dossier.procedure_version.sector_id
    # The clock invariant the calendar's recomputation relies on.
    calendar = working_calendar_get()
    assert calendar.add_working_time(dossier.clock_started_at, dossier.clock_work) == dossier.due_at
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_status, event.to_status) == ("receive", None, 2)
    assert event.actor == reception_user
    assert event.due_at == dossier.due_at


def test_codes_follow_a_daily_sequence_per_desk(receive):
    codes = [receive(vn(2025, 3, 3, 8, 0)).code for _ in range(3)]
    next_day = receive(vn(2025, 3, 4, 8, 0)).code

    assert codes == [f"000.00.31.H56-250303-000{n}" for n in (1, 2, 3)]
    assert next_day == "000.00.31.H56-250304-0001"


def test_a_refused_intake_does_not_consume_a_number(receive):
    receive(vn(2025, 3, 3, 8, 0))
    with pytest.raises(ValidationError):
        receive(vn(2025, 3, 3, 8, 5), applicant_id_number="123")

    assert receive(vn(2025, 3, 3, 8, 10)).code.endswith("-0002")
    assert DossierSequence.objects.get().last_number == 2


@pytest.mark.parametrize(
    ("received_at", "expected_due"),
    [
        # Before the new version: the old 3 working days apply.
        (vn(2025, 3, 4, 10, 0), vn(2025, 3, 7, 10, 0)),
        # From 05/03/2025 the review cut it to 1 working day (applied time).
        (vn(2025, 3, 5, 10, 0), vn(2025, 3, 6, 10, 0)),
        # Received after the afternoon session: the clock starts next morning.
        (vn(2025, 3, 5, 17, 30), vn(2025, 3, 6, 17, 0)),
    ],
)
def test_the_due_moment_uses_the_version_in_force_at_receipt(
    receive, birth_registration, received_at, expected_due
):
    birth_registration.superseded_on = date(2025, 3, 5)
    birth_registration.save()
    ProcedureVersionFactory(
        procedure=birth_registration.procedure,
        valid_from=date(2025, 3, 5),
        name="Đăng ký khai sinh",
        level=Level.COMMUNE,
        processing_time_value=Decimal("3"),
        applied_time_value=Decimal("1"),
        processing_time_unit=TimeUnit.DAYS,
        papers=PAPERS,
    )

    dossier = receive(received_at)

    assert dossier.due_at == expected_due
    assert dossier.procedure_version.valid_from <= received_at.date()


@pytest.mark.parametrize(
    ("id_number", "valid"),
    [
        ("084190001234", True),  # 12-digit citizen ID (CCCD)
        ("365123456", True),  # older 9-digit ID (CMND)
        ("36512345", False),
        ("0841900012345", False),
        ("08419000123A", False),
        ("", False),
        ("０８４１９０００１２３４", False),  # full-width digits look alike but are not ASCII
        ("٠٨٤١٩٠٠٠١٢٣٤", False),  # Arabic-Indic digits
    ],
)
def test_the_applicant_id_number_is_a_12_or_9_digit_number(receive, id_number, valid):
    if valid:
        assert receive(vn(2025, 3, 3, 9, 0), applicant_id_number=id_number).pk
    else:
        with pytest.raises(ValidationError) as error:
            receive(vn(2025, 3, 3, 9, 0), applicant_id_number=id_number)
        assert "applicant_id_number" in error.value.message_dict


@pytest.mark.parametrize("name", ["\u200b\u200b", " \u200c ", "\u200e", "\u0301\u0300"])
def test_a_name_of_only_invisible_characters_is_refused(receive, name):
    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0), applicant_name=name)
    assert "applicant_name" in error.value.message_dict


@pytest.mark.parametrize(
    ("phone", "valid"),
    [("0912345678", True), ("+84 912 345 678", True), ("0294.3855.123", True), ("12345", False)],
)
def test_the_phone_number_is_checked(receive, phone, valid):
    if valid:
        assert receive(vn(2025, 3, 3, 9, 0), applicant_phone=phone).pk
    else:
        with pytest.raises(ValidationError) as error:
            receive(vn(2025, 3, 3, 9, 0), applicant_phone=phone)
        assert "applicant_phone" in error.value.message_dict


def test_papers_must_be_among_the_procedures_papers(receive):
    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0), papers=[PAPERS[0], "Sổ hộ khẩu"])
    assert "Sổ hộ khẩu" in str(error.value.message_dict["papers"])


def test_a_procedure_the_desk_does_not_receive_is_refused(receive):
    provincial = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000635"), level=Level.PROVINCE
    )
    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0), procedure=provincial.procedure)
    assert "2.000635" in str(error.value.message_dict["procedure"])
    assert not Dossier.objects.exists()


def test_only_staff_of_the_desk_receive(receive, leader):
    with pytest.raises(PermissionDenied):
        receive(vn(2025, 3, 3, 9, 0), actor=leader)


def test_an_administrator_may_receive_at_any_desk(receive, administrator):
    assert receive(vn(2025, 3, 3, 9, 0), actor=administrator).created_by == administrator


def test_a_retry_with_the_same_idempotency_key_returns_the_first_dossier(
    intake_desk, birth_registration, reception_user
):
    kwargs = {
        "actor": reception_user,
        "desk": intake_desk,
        "procedure": birth_registration.procedure,
        "channel": Channel.ONLINE,
        "applicant_name": "Kim Văn Sơn",
        "applicant_id_number": "084190001234",
        "papers": PAPERS,
        "idempotency_key": "abc-123",
    }
    first, created = dossier_receive(**kwargs)
    again, created_again = dossier_receive(**kwargs)

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1

    with pytest.raises(IdempotencyKeyReused, match=first.code):
        dossier_receive(**{**kwargs, "applicant_name": "Người khác"})
    assert Dossier.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
# Follow-up work (roll-ups) runs in the acting thread: the real worker would still be reading
# these rows while the test database is truncated at teardown, and the two deadlock.
@pytest.mark.usefixtures("celery_eager")
def test_concurrent_intakes_get_unique_gap_free_codes(receive):
    from django.db import connections

    codes, errors = [], []
    barrier = threading.Barrier(6)

    def intake():
        try:
            barrier.wait()
            codes.append(receive(vn(2025, 3, 3, 9, 0)).code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=intake) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == [f"000.00.31.H56-250303-{n:04d}" for n in range(1, 7)]
    assert DossierSequence.objects.get().last_number == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
# Follow-up work (roll-ups) runs in the acting thread: the real worker would still be reading
# these rows while the test database is truncated at teardown, and the two deadlock.
@pytest.mark.usefixtures("celery_eager")
def test_concurrent_retries_with_one_key_make_one_dossier(receive):
    from django.db import connections

    pks, errors = [], []
    barrier = threading.Barrier(4)

    def intake():
        try:
            barrier.wait()
            pks.append(receive(vn(2025, 3, 3, 9, 0), idempotency_key="retry-1").pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=intake) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(pks)) == 1
    assert Dossier.objects.count() == 1
