"""Junk in addresses, filters and bodies answers 4xx with what is wrong, never 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["received_to=9999-12-31", "received_from=0001-01-01", "received_to=0001-01-01"],
)
def test_extreme_dates_in_the_dossier_filters_are_not_server_errors(api_client, leader, query):
    api_client.force_authenticate(leader)
    assert api_client.get(f"/api/v1/dossiers/?{query}").status_code == 200


def test_an_overdue_moment_out_of_range_is_a_clear_400(api_client, leader):
    api_client.force_authenticate(leader)
    response = api_client.get("/api/v1/dossiers/?overdue_at=0001-01-01T00:00:00Z")
    assert response.status_code == 400
    assert "1900" in str(response.json()["overdue_at"])


@pytest.mark.parametrize("desk", ["abc", "1.5", "-1", "١"])
def test_a_desk_that_is_not_a_number_in_the_autocomplete_is_404(client, reception_user, desk):
    client.force_login(reception_user)
    assert client.get("/dossiers/procedures.json", {"desk": desk}).status_code == 404


def test_a_nul_character_in_a_json_or_form_body_is_a_clear_400(api_client, administrator):
    api_client.force_authenticate(administrator)
    body = {"code": "X1", "name": "Sở", "kind": "department", "successors": ["a\x00b"]}
    response = api_client.post("/api/v1/units/", body, format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    # As the API's other refusals and its schema (api/schema.py): the problems listed.
    assert response.json()["problems"] == [{"message": response.json()["detail"]}]
    response = api_client.post("/api/v1/units/", body, format="multipart")
    assert response.status_code == 400


def test_an_over_long_sized_field_is_a_400_naming_line_and_field(api_client, reform_officer):
    """The kind of procedure is held in 255 characters: a longer one is refused before it can
    fail in the database when the decision is applied (agency names are unsized text: real
    records name several agencies in one cell)."""
    from procedures.models import AnnouncementDecision
    from tests.catalogue_data import new_record

    api_client.force_authenticate(reform_officer)
    body = {
        "number": "2061/QĐ-UBND",
        "signed_on": "2017-02-20",
        "effective_on": "2017-03-01",
        "signer": "Đồng Văn Lâm",
        "lines": [
            {
                "change_kind": "new",
                "procedure_code": "1.013871",
                "record": new_record(kind="Ủ" * 600),
            }
        ],
    }
    response = api_client.post("/api/v1/decisions/", body, format="json")
    assert response.status_code == 400, response.content
    [problem] = response.json()["problems"]
    assert (problem["line"], problem["column"]) == (1, "kind")
    assert "255" in problem["message"]
    assert not AnnouncementDecision.objects.exists()
