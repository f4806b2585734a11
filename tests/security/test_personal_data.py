"""Personal data (Decree 13/2023/NĐ-CP): the applicant's identity in full only to those who
handle the dossier (its desk, the agency holding it, administrators), masked for the others
(a leader reads the name's initials), on the API and the pages; every full view is recorded
(issue 22, finding 5)."""

import pytest

from procedures.models import PersonalDataView
from procedures.personal_data import name_initials
from procedures.services.dossiers import dossier_transfer

pytestmark = pytest.mark.django_db
FULL = {
    "applicant_name": "Thạch Thị Sa Rươl",
    "applicant_id_number": "084190001234",
    "applicant_address": "Ấp Giồng Lức, xã Long Đức",
}
MASKED = {
    "applicant_name": "T. T. S. R.",
    "applicant_id_number": "***",
    "applicant_phone": "***",
    "applicant_address": "***",
}


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Thạch Thị Sa Rươl", "T. T. S. R."), ("  đặng  an ", "Đ. A."), ("", "")],
)
def test_name_initials(name, initials):
    assert name_initials(name) == initials


def test_a_leader_reads_the_applicant_masked(api_client, client, receive, leader):
    dossier = receive()
    user = leader
    api_client.force_authenticate(user)
    response = api_client.get(f"/api/v1/dossiers/{dossier.code}/")
    assert response.status_code == 200
    body = response.json()
    assert {field: body[field] for field in MASKED} == MASKED
    listed = api_client.get("/api/v1/dossiers/").json()["results"]
    assert [row["applicant_name"] for row in listed] == ["T. T. S. R."]

    client.force_login(user)
    for url in (f"/dossiers/{dossier.code}/", f"/dossiers/{dossier.code}/receipt/"):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert all(value not in text for value in FULL.values()), url
        assert "T. T. S. R." in text
    assert not PersonalDataView.objects.exists()  # masked views are not full views


def test_the_desk_reads_the_applicant_in_full_and_the_view_is_recorded(
    api_client, client, receive, reception_user
):
    dossier = receive()
    api_client.force_authenticate(reception_user)
    body = api_client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert {field: body[field] for field in FULL} == FULL
    client.force_login(reception_user)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert FULL["applicant_id_number"] in page
    views = list(PersonalDataView.objects.order_by("at").values_list("user", "dossier", "via"))
    assert views == [
        (reception_user.pk, dossier.pk, "api"),
        (reception_user.pk, dossier.pk, "page"),
    ]


def test_the_agency_holding_the_dossier_reads_it_in_full(
    api_client, receive, reception_user, agency, agency_staff
):
    dossier = receive()
    dossier_transfer(dossier=dossier, actor=reception_user, receiver=agency)
    api_client.force_authenticate(agency_staff)
    body = api_client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert body["applicant_id_number"] == FULL["applicant_id_number"]
    assert PersonalDataView.objects.filter(user=agency_staff, dossier=dossier).count() == 1


def test_an_administrator_reads_in_full(api_client, receive, administrator):
    dossier = receive()
    api_client.force_authenticate(administrator)
    body = api_client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert body["applicant_address"] == FULL["applicant_address"]
    assert PersonalDataView.objects.filter(user=administrator).exists()


def test_a_leaders_queue_names_applicants_by_their_initials(client, receive, leader):
    receive()
    client.force_login(leader)
    page = client.get("/dossiers/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "T. T. S. R." in text and FULL["applicant_name"] not in text
