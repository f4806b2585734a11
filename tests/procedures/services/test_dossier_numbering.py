"""Mã hồ sơ: the intake's numbered write, on both of its paths (one statement on PostgreSQL; the
number, the dossier and the event in a transaction elsewhere) and in or out of a transaction."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from procedures.models import Dossier, DossierEvent, DossierSequence
from procedures.services.dossiers import numbering
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

PATHS = [
    pytest.param(
        True,
        id="one-statement",
        marks=pytest.mark.skipif(
            connection.vendor != "postgresql", reason="writing CTEs are PostgreSQL's"
        ),
    ),
    pytest.param(False, id="transaction"),
]


@pytest.fixture(params=PATHS)
def write_path(request, monkeypatch):
    monkeypatch.setattr(numbering, "_writes_in_one_statement", lambda: request.param)
    return request.param


def test_a_dossier_and_its_receipt_are_written_with_the_next_code(
    write_path, receive, reception_user
):
    first = receive(vn(2025, 3, 3, 9, 0), idempotency_key="k-1")
    second = receive(vn(2025, 3, 3, 9, 5))

    assert (first.code, second.code) == ("000.00.31.H56-250303-0001", "000.00.31.H56-250303-0002")
    stored = Dossier.objects.get(pk=first.pk)
    # Every field as the ORM writes it: JSON, durations, moments, the key and its fingerprint.
    for field in ("code", "papers", "clock_work", "due_at", "received_at", "applicant_phone"):
        assert getattr(stored, field) == getattr(first, field), field
    assert (stored.idempotency_key, len(stored.idempotency_fingerprint)) == ("k-1", 64)
    receipt = DossierEvent.objects.get(dossier=first)
    assert receipt.pk == first.receipt_event.pk
    assert (receipt.action, receipt.to_status, receipt.actor) == ("receive", 2, reception_user)
    assert receipt.due_at == first.due_at
    # The instances returned are saved ones: a later save updates, it does not insert again.
    first.applicant_address = "Ấp Mới"
    first.save(update_fields=["applicant_address"])
    assert Dossier.objects.count() == 2


def test_the_ten_thousandth_dossier_of_a_day_gets_five_digits(write_path, receive, intake_desk):
    DossierSequence.objects.create(desk=intake_desk, day=date(2025, 3, 3), last_number=9_998)

    codes = [receive(vn(2025, 3, 3, 9, 0)).code for _ in range(2)]

    assert codes == ["000.00.31.H56-250303-9999", "000.00.31.H56-250303-10000"]


def test_a_code_already_taken_is_a_clear_error_and_gives_the_number_back(
    write_path, receive, intake_desk
):
    # A dossier brought in under the code the sequence would give next (an administrator's
    # entry from paper, say): the intake is refused whole, not answered with a 500.
    taken = receive(vn(2025, 3, 3, 8, 0))
    DossierSequence.objects.filter(desk=intake_desk).update(last_number=0)

    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0))

    assert "code" in error.value.message_dict
    assert list(Dossier.objects.values_list("code", flat=True)) == [taken.code]
    assert DossierEvent.objects.count() == 1
    assert DossierSequence.objects.get(desk=intake_desk).last_number == 0


def test_a_refused_write_inside_a_callers_transaction_leaves_it_usable(write_path, receive):
    receive(vn(2025, 3, 3, 8, 0), idempotency_key="same")

    with transaction.atomic():
        again = receive(vn(2025, 3, 3, 9, 0), idempotency_key="same")
        # The unique key refused the write; the caller's transaction still reads and writes.
        later = receive(vn(2025, 3, 3, 9, 5))

    assert again.code.endswith("-0001")
    assert later.code.endswith("-0002")
    assert Dossier.objects.count() == 2
