"""The screens of issue 19: the intake's digitisation ticks and fee, the resolve ticks, the
rating form on the public lookup page and the desk's tablet."""

import pytest
from django.core.cache import cache

from procedures.models import Dossier, DossierRating
from procedures.public_lookup import check_value
from procedures.services.dossiers import dossier_resolve
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db

ANSWERS = {"overall": "5", "on_time": "4", "attitude": "5", "returns_count": "0"}


@pytest.fixture
def staff(client, reception_user, intake_desk):
    client.force_login(reception_user)
    return client


def _intake_form(intake_desk, **extra):
    form = {
        "desk": intake_desk.pk,
        "procedure": "1.001193",
        "channel": "direct",
        "applicant_name": "Thạch Thị Sa Rươl",
        "applicant_id_number": "084190001234",
        "papers": PAPERS,
    }
    form.update(extra)
    return form


@pytest.mark.parametrize(
    ("extra", "digitised", "reused", "items"),
    [
        # The usual case: one tick, every paper digitised.
        ({"digitise_all": "on"}, True, False, [(True, False), (True, False)]),
        (
            {"digitised": [PAPERS[1]], "reused": [PAPERS[1]]},
            False,
            True,
            [(False, False), (True, True)],
        ),
        ({}, False, False, [(False, False), (False, False)]),
    ],
)
def test_the_intake_screen_records_digitisation_and_reuse(
    staff, intake_desk, birth_registration, extra, digitised, reused, items
):
    staff.post("/dossiers/new/", _intake_form(intake_desk, **extra))
    dossier = Dossier.objects.get()
    assert (dossier.papers_digitised, dossier.data_reused) == (digitised, reused)
    assert [(p["digitised"], p["reused"]) for p in dossier.paper_list] == items


def test_the_intake_screen_ticks_digitise_all_and_offers_the_catalogue_fee(
    staff, intake_desk, birth_registration
):
    birth_registration.fee_amount = 8000
    birth_registration.save()
    page = staff.get("/dossiers/new/").content.decode()
    assert 'name="digitise_all"' in page and "checked" in page.split('name="digitise_all"')[1][:40]
    suggestions = staff.get("/dossiers/procedures.json", {"desk": intake_desk.pk, "q": "khai sinh"})
    assert suggestions.json()["results"][0]["fee_amount"] == 8000

    staff.post(
        "/dossiers/new/",
        _intake_form(intake_desk, digitise_all="on", fee_amount="8000", paid_online="on"),
    )
    dossier = Dossier.objects.get()
    assert (dossier.fee_amount, dossier.paid_online) == (8000, True)
    page = staff.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "8.000" in page and "đã thanh toán trực tuyến" in page


def test_the_resolve_form_records_the_electronic_result(staff, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    staff.post(f"/dossiers/{dossier.code}/act/resolve/", {"note": "", "electronic_result": "on"})
    dossier.refresh_from_db()
    assert (dossier.status, dossier.electronic_result, dossier.result_digitised) == (9, True, True)


def _lookup(client, dossier):
    return client.get("/tra-cuu/", {"code": dossier.code, "check": check_value(dossier.code)})


def test_the_lookup_page_offers_the_rating_after_the_result_and_thanks_after(
    client, receive, reception_user
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    cache.clear()
    assert 'id="rating-form"' not in _lookup(client, dossier).content.decode()
    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    page = _lookup(client, dossier).content.decode()
    assert 'id="rating-form"' in page and "Rất hài lòng" in page

    body = ANSWERS | {"code": dossier.code, "check": check_value(dossier.code)}
    client.post("/tra-cuu/danh-gia/", body)
    again = client.post("/tra-cuu/danh-gia/", body | {"overall": "1"}, follow=True)

    assert DossierRating.objects.get().overall == 5
    assert "đã được đánh giá" in again.content.decode()
    assert 'id="rating-form"' not in _lookup(client, dossier).content.decode()


def test_the_lookup_rating_needs_the_check_value(client, receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    cache.clear()
    response = client.post(
        "/tra-cuu/danh-gia/", ANSWERS | {"code": dossier.code, "check": "AAAAAA"}
    )
    assert response.status_code == 404
    assert not DossierRating.objects.exists()


def test_the_tablet_shows_only_the_form_for_a_resolved_dossier_of_the_desk(
    staff, receive, reception_user
):
    open_dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = receive(vn(2025, 3, 3, 9, 30))
    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    cache.clear()

    refused = staff.get("/danh-gia-tai-quay/", {"code": open_dossier.code}).content.decode()
    page = staff.get("/danh-gia-tai-quay/", {"code": dossier.code}).content.decode()
    assert 'id="tablet-error"' in refused and 'id="rating-form"' not in refused
    assert 'id="rating-form"' in page
    assert "Sa Rươl" not in page and "084190001234" not in page

    staff.post("/danh-gia-tai-quay/", ANSWERS | {"code": dossier.code})
    rating = DossierRating.objects.get()
    assert (rating.dossier_id, rating.channel) == (dossier.pk, "tablet")
    second = staff.get("/danh-gia-tai-quay/", {"code": dossier.code}).content.decode()
    assert 'id="rating-form"' not in second and "đã được đánh giá" in second


def test_the_tablet_is_for_staff(client, leader, receive):
    client.force_login(leader)
    assert client.get("/danh-gia-tai-quay/").status_code == 403
