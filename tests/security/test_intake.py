"""Intake and hand-over resist careless and hostile input: a double submit makes one dossier, the
role is checked before the body, ID numbers are ASCII digits, names are visible, hand-overs go
only to units that exist today."""

import re
from datetime import date

import pytest

from procedures.models import Dossier
from tests.factories import UnitFactory
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db


def form_body(desk, **overrides):
    body = {
        "desk": desk.pk,
        "procedure": "1.001193",
        "channel": "direct",
        "applicant_name": "Thạch Thị Sa Rươl",
        "applicant_id_number": "084190001234",
        "papers": PAPERS,
    }
    body.update(overrides)
    return body


def api_body(**overrides):
    body = {
        "procedure": "1.001193",
        "channel": "direct",
        "applicant_name": "Thạch Thị Sa Rươl",
        "applicant_id_number": "084190001234",
        "papers": PAPERS,
    }
    body.update(overrides)
    return body


def test_submitting_the_intake_form_twice_makes_one_dossier(
    client, reception_user, intake_desk, birth_registration
):
    client.force_login(reception_user)
    page = client.get("/dossiers/new/").content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    body = form_body(intake_desk, submission=token)

    first = client.post("/dossiers/new/", body)
    second = client.post("/dossiers/new/", body)
    third = client.post("/dossiers/new/", body, follow=True)

    dossier = Dossier.objects.get()
    assert first["Location"] == second["Location"] == f"/dossiers/{dossier.code}/"
    assert "đã được gửi" in third.content.decode()
    # A fresh form is a fresh dossier.
    fresh = re.search(
        r'name="submission" value="([^"]+)"', client.get("/dossiers/new/").content.decode()
    ).group(1)
    assert fresh != token
    client.post("/dossiers/new/", form_body(intake_desk, submission=fresh))
    assert Dossier.objects.count() == 2


def test_intake_checks_the_role_before_the_body(api_client, leader, intake_desk):
    api_client.force_authenticate(leader)
    assert api_client.post("/api/v1/dossiers/", {}, format="json").status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("applicant_id_number", "０８４１９０００１２３４"),  # full-width digits
        ("applicant_id_number", "٠٨٤١٩٠٠٠١٢٣٤"),  # Arabic-Indic digits
        ("applicant_name", "\u200b\u200b\u200b"),  # zero-width spaces only
        ("applicant_name", "\u200e \ufeff"),
        ("applicant_name", "\u0301\u0300\u0323"),  # tone marks with no letter under them
    ],
)
def test_look_alike_digits_and_invisible_names_are_refused(
    api_client, client, reception_user, intake_desk, birth_registration, field, value
):
    api_client.force_authenticate(reception_user)
    response = api_client.post("/api/v1/dossiers/", api_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()

    client.force_login(reception_user)
    page = client.post("/dossiers/new/", form_body(intake_desk, **{field: value}))
    assert page.status_code == 400  # the form again, with its error
    assert "errorlist" in page.content.decode()
    assert not Dossier.objects.exists()


def test_a_hand_over_through_the_api_cannot_go_to_a_unit_that_has_ended(
    api_client, reception_user, receive
):
    merged = UnitFactory(code="000.00.99.H56", name="Sở đã sáp nhập", valid_to=date(2025, 6, 30))
    dossier = receive(vn(2025, 3, 3, 9, 0))
    api_client.force_authenticate(reception_user)
    response = api_client.post(
        f"/api/v1/dossiers/{dossier.code}/transfer/", {"receiver": merged.code}, format="json"
    )
    assert response.status_code == 400
    assert "000.00.99.H56" in response.json()["receiver"][0]
    assert dossier.events.filter(action="transfer").count() == 0
