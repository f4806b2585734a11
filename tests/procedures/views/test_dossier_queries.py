"""The list API and the work queue read many dossiers in a fixed number of queries (no N+1)."""

import pytest

from procedures.services.dossiers import dossier_request_supplement, dossier_transfer
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(receive, reception_user, agency):
    """40 dossiers: some handed to an agency, some waiting for a supplement, all overdue now."""
    dossiers = [receive(vn(2025, 3, 3, 8, 0)) for _ in range(40)]
    for dossier in dossiers[::3]:
        dossier_transfer(dossier=dossier, actor=reception_user, receiver=agency)
    for dossier in dossiers[1::3]:
        dossier_request_supplement(dossier=dossier, actor=reception_user, note="Thiếu")
    return dossiers


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dossiers/",
        "/api/v1/dossiers/?overdue_at=2025-03-10T09:00:00%2B07:00",
        "/api/v1/dossiers/?status=2&status=4&procedure=1.001193&desk=000.00.31.H56",
    ],
)
def test_the_list_api_reads_a_page_in_three_queries(
    api_client, leader, many, django_assert_num_queries, url
):
    api_client.force_authenticate(leader)
    # The user's roles, the count, the page with its desk, centre, procedure, sector, agency.
    with django_assert_num_queries(3):
        response = api_client.get(url)
    assert response.status_code == 200


def test_the_list_api_for_staff_reads_a_page_in_three_queries(
    api_client, reception_user, many, django_assert_num_queries
):
    api_client.force_authenticate(reception_user)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/dossiers/")
    assert response.data["count"] == 40
    assert len(response.data["results"]) == 40


@pytest.mark.parametrize(("url", "queries"), [("/dossiers/", 8), ("/dossiers/overdue/", 7)])
def test_the_work_queue_and_overdue_list_read_a_page_in_fixed_queries(
    client, reception_user, many, django_assert_num_queries, url, queries
):
    client.force_login(reception_user)
    # Session, user, roles (menu, access, visibility), count, page, and for the work queue the
    # overdue ones of the page.
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('href="/dossiers/000.00.31.H56-250303-') == 40
