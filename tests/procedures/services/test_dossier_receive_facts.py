"""Tiếp nhận hồ sơ, issue 19: the papers' digitisation and reuse, the fee and its payment."""

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("papers", "digitised", "reused"),
    [
        (PAPERS, False, False),  # names alone: as before, nothing digitised
        ([{"name": p, "digitised": True, "reused": False} for p in PAPERS], True, False),
        (
            [
                {"name": PAPERS[0], "digitised": True, "reused": True},
                {"name": PAPERS[1], "digitised": False, "reused": False},
            ],
            False,
            True,
        ),
        ([], None, None),
    ],
)
def test_the_service_derives_the_two_facts_from_the_papers(receive, papers, digitised, reused):
    dossier = receive(vn(2025, 3, 3, 9, 0), papers=papers)
    dossier.refresh_from_db()

    assert (dossier.papers_digitised, dossier.data_reused) == (digitised, reused)
    assert [p["name"] for p in dossier.paper_list] == [
        p["name"] if isinstance(p, dict) else p for p in papers
    ]


@pytest.mark.parametrize(
    ("catalogue_fee", "given_fee", "paid_online", "stored"),
    [
        (8000, None, None, (8000, False)),  # the catalogue's amount, paid at the desk
        (8000, None, True, (8000, True)),
        (8000, 0, None, (0, None)),  # the desk says nothing is due: no payment to count
        (None, None, None, (None, None)),  # the catalogue gives no single amount: not known
        (None, 25000, True, (25000, True)),
    ],
)
def test_the_fee_defaults_to_the_catalogue_and_payment_counts_only_when_due(
    receive, birth_registration, catalogue_fee, given_fee, paid_online, stored
):
    birth_registration.fee_amount = catalogue_fee
    birth_registration.save()
    dossier = receive(vn(2025, 3, 3, 9, 0), fee_amount=given_fee, paid_online=paid_online)
    dossier.refresh_from_db()

    assert (dossier.fee_amount, dossier.paid_online) == stored


def test_paid_online_with_nothing_to_pay_is_refused(receive):
    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0), fee_amount=0, paid_online=True)
    assert "paid_online" in error.value.message_dict


def test_a_negative_fee_is_refused(receive):
    with pytest.raises(ValidationError) as error:
        receive(vn(2025, 3, 3, 9, 0), fee_amount=-1)
    assert "fee_amount" in error.value.message_dict
