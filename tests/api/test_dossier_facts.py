"""The API of issue 19: intake and resolution facts, national portal confirmations and their
pending export, and the citizen's rating through the public lookup's code and check value."""

import csv
import io

import pytest
from django.core.cache import cache

from procedures.models import DossierRating, NationalSyncConfirmation
from procedures.public_lookup import check_value
from procedures.services.dossiers import dossier_resolve
from tests.api.test_dossiers import intake_body
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db

ANSWERS = {"overall": 4, "on_time": 5, "attitude": 3, "returns_count": 1}


@pytest.fixture
def staff_client(api_client, reception_user, intake_desk):
    api_client.force_authenticate(reception_user)
    return api_client


def test_intake_takes_paper_items_fee_and_payment_and_gives_them_back(
    staff_client, birth_registration
):
    body = intake_body(
        birth_registration,
        papers=[{"name": PAPERS[0], "digitised": True, "reused": True}, PAPERS[1]],
        fee_amount=8000,
        paid_online=True,
    )
    created = staff_client.post("/api/v1/dossiers/", body, format="json")
    assert created.status_code == 201, created.data
    read = staff_client.get(f"/api/v1/dossiers/{created.data['code']}/").data

    for answer in (created.data, read):
        assert answer["papers"] == [
            {"name": PAPERS[0], "digitised": True, "reused": True},
            {"name": PAPERS[1], "digitised": False, "reused": False},
        ]
        assert (answer["papers_digitised"], answer["data_reused"]) == (False, True)
        assert (answer["fee_amount"], answer["paid_online"]) == (8000, True)
        assert answer["electronic_result"] is None


def test_intake_without_a_fee_takes_the_catalogues_single_amount(staff_client, birth_registration):
    birth_registration.fee_amount = 8000
    birth_registration.save()
    created = staff_client.post("/api/v1/dossiers/", intake_body(birth_registration), format="json")
    assert (created.data["fee_amount"], created.data["paid_online"]) == (8000, False)


def test_a_bad_paper_item_is_a_field_error(staff_client, birth_registration):
    body = intake_body(birth_registration, papers=[{"name": PAPERS[0], "digitised": "có"}])
    response = staff_client.post("/api/v1/dossiers/", body, format="json")
    assert response.status_code == 400
    assert "papers" in response.data


def test_resolve_takes_the_electronic_result(staff_client, birth_registration):
    code = staff_client.post(
        "/api/v1/dossiers/", intake_body(birth_registration), format="json"
    ).data["code"]
    response = staff_client.post(
        f"/api/v1/dossiers/{code}/resolve/", {"electronic_result": True}, format="json"
    )
    assert response.status_code == 200, response.data
    assert (response.data["electronic_result"], response.data["result_digitised"]) == (True, True)


@pytest.fixture
def admin_client(api_client, administrator):
    api_client.force_authenticate(administrator)
    return api_client


def test_national_sync_is_idempotent_per_status(admin_client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    url = f"/api/v1/dossiers/{dossier.code}/national-sync/"
    body = {"status": 2, "confirmed_at": "2025-03-03T09:05:00+07:00"}

    first = admin_client.post(url, body, format="json")
    again = admin_client.post(url, body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.data == again.data
    assert NationalSyncConfirmation.objects.count() == 1
    detail = admin_client.get(f"/api/v1/dossiers/{dossier.code}/").data
    assert detail["national_synced_status"] == 2


def test_national_sync_of_a_status_never_had_is_400_naming_it(admin_client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    response = admin_client.post(
        f"/api/v1/dossiers/{dossier.code}/national-sync/",
        {"status": 10, "confirmed_at": "2025-03-03T09:05:00+07:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "10" in str(response.data["status"])


def test_only_administrators_confirm(staff_client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    response = staff_client.post(
        f"/api/v1/dossiers/{dossier.code}/national-sync/",
        {"status": 2, "confirmed_at": "2025-03-03T09:05:00+07:00"},
        format="json",
    )
    assert response.status_code == 403
    assert staff_client.get("/api/v1/dossiers/national-sync/pending.csv").status_code == 403


def test_pending_list_and_export_name_the_unconfirmed(admin_client, receive):
    synced = receive(vn(2025, 3, 3, 9, 0))
    pending = receive(vn(2025, 3, 3, 9, 10))
    admin_client.post(
        f"/api/v1/dossiers/{synced.code}/national-sync/",
        {"status": 2, "confirmed_at": "2025-03-03T09:05:00+07:00"},
        format="json",
    )

    listed = admin_client.get("/api/v1/dossiers/?national_sync=pending").data["results"]
    export = admin_client.get("/api/v1/dossiers/national-sync/pending.csv")

    assert [row["code"] for row in listed] == [pending.code]
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã hồ sơ"
    assert [(r[0], r[3], r[5]) for r in rows[1:]] == [(pending.code, "2", "03/03/2025 09:10:00")]


def _resolved(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    return dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))


def rating_url(code: str, check: str | None = None) -> str:
    return f"/api/v1/public/dossiers/{code}/rating/?check={check or check_value(code)}"


def test_the_citizen_rates_once_with_the_check_value(api_client, receive, reception_user):
    dossier = _resolved(receive, reception_user)
    cache.clear()

    first = api_client.post(rating_url(dossier.code), ANSWERS, format="json")
    second = api_client.post(rating_url(dossier.code), ANSWERS, format="json")

    assert first.status_code == 201, first.data
    assert first.data["overall"] == 4 and first.data["channel"] == "lookup"
    assert "applicant" not in str(first.data) and "Sa Rươl" not in first.content.decode()
    assert second.status_code == 409
    assert DossierRating.objects.count() == 1


def test_a_wrong_check_value_rates_nothing(api_client, receive, reception_user):
    dossier = _resolved(receive, reception_user)
    cache.clear()
    response = api_client.post(rating_url(dossier.code, "AAAAAA"), ANSWERS, format="json")
    assert response.status_code == 404
    assert not DossierRating.objects.exists()


def test_no_rating_before_the_result_through_the_api(api_client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    cache.clear()
    response = api_client.post(rating_url(dossier.code), ANSWERS, format="json")
    assert response.status_code == 400


def test_ratings_are_rate_limited_as_the_lookup(api_client, receive, reception_user, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    dossier = _resolved(receive, reception_user)
    cache.clear()
    codes = [
        api_client.post(rating_url(dossier.code, "AAAAAA"), ANSWERS, format="json").status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429
