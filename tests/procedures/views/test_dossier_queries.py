"""The list API and the work queue read many dossiers in a fixed number of queries (no N+1)."""

import re

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
def test_the_list_api_reads_a_page_in_eight_queries(
    api_client, leader, many, django_assert_num_queries, url
):
    api_client.force_authenticate(leader)
    # The user's roles, the units the leader is named on (none: the whole province; some: their
    # dossiers alone, issue 20), the page with its desk and centre (keyset pages: no count), then
    # the page's procedures, versions, sectors and receiving agencies by id, whatever the page
    # size; and the leader's own desks, if any, for whether they handle a row (its applicant in
    # full or masked, Decree 13/2023).
    with django_assert_num_queries(8):
        response = api_client.get(url)
    assert response.status_code == 200


def test_the_list_api_for_staff_reads_a_page_in_seven_queries(
    api_client, reception_user, many, django_assert_num_queries
):
    # A fresh user object, as each request has: roles and desks are read once per request.
    api_client.force_authenticate(type(reception_user).objects.get(pk=reception_user.pk))
    # Roles, the staff's desks (their ids filter the page), the page, and its procedures,
    # versions, sectors and agencies.
    with django_assert_num_queries(7):
        response = api_client.get("/api/v1/dossiers/")
    assert len(response.data["results"]) == 40
    assert response.data["next"] is None


def test_the_list_api_pages_by_cursor_newest_first_without_gaps_or_repeats(
    api_client, reception_user, many
):
    api_client.force_authenticate(reception_user)
    seen, url = [], "/api/v1/dossiers/?page_size=7"
    while url:
        page = api_client.get(url).data
        seen += [(row["received_at"], row["code"]) for row in page["results"]]
        url = page["next"]
    # 40 dossiers received at the same moment: ties are broken by id, none lost or repeated.
    assert len(seen) == len({code for _at, code in seen}) == 40
    assert [at for at, _code in seen] == sorted((at for at, _code in seen), reverse=True)


@pytest.mark.parametrize("url", ["/dossiers/", "/dossiers/overdue/"])
def test_the_work_queue_and_overdue_list_read_a_page_in_ten_queries(
    client, reception_user, many, django_assert_num_queries, url
):
    client.force_login(reception_user)
    # Session, user, roles (read once for menu, access and visibility), the staff's desks,
    # count (up to the cap), the page, and its procedure versions (the names shown). The rows'
    # overdue marks come from the page's rows, not from another query. Then, for each row's
    # working time left and risk of lateness (issue 20): the calendar's rule book, the desks of
    # the rows' agencies (a few rows of the desk table) and the history of the page's
    # procedures at their agencies, one query each.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('href="/dossiers/000.00.31.H56-250303-') == 40


def test_the_work_queue_marks_overdue_the_rows_of_the_overdue_list(client, reception_user, many):
    client.force_login(reception_user)
    queue = client.get("/dossiers/").content.decode()
    overdue = client.get("/dossiers/overdue/").content.decode()
    # Marked from the rows in hand, by the overdue list's rule: the same dossiers, each time.
    marked = re.findall(
        r'<tr class="overdue">\s*<td class="nowrap"[^>]*><a href="/dossiers/([^/]+)/', queue
    )
    listed = re.findall(r'<td class="nowrap"[^>]*><a href="/dossiers/([^/]+)/', overdue)
    assert marked and sorted(marked) == sorted(listed)
