"""Query counts of the dossier API: an intake is a fixed, small number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from procedures.models import Dossier
from tests.fixtures_dossiers import PAPERS

# Real transactions, as in production: what is counted is what a server sends to PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token_client(api_client, reception_user, intake_desk):
    token = Token.objects.create(user=reception_user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def intake_body(n: int) -> dict:
    return {
        "procedure": "1.001193",
        "channel": "direct",
        "applicant_name": f"Nguyễn Văn {n}",
        "applicant_id_number": f"{n:012d}",
        "papers": PAPERS[:1],
    }


def post(client, n: int, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/dossiers/", intake_body(n), format="json", **headers)
    return response, [q["sql"] for q in queries.captured_queries]


def test_an_intake_takes_at_most_ten_queries_token_and_answer_included(
    token_client, birth_registration
):
    first, _ = post(token_client, 1)
    second, queries = post(token_client, 2, key="k-2")

    assert (first.status_code, second.status_code) == (201, 201), second.data
    # The token with its user, roles and desks, the procedure's version with the calendar's
    # stamp (the calendar itself is this process's, unchanged since the first intake), the
    # roll-ups' share of the new dossier (its rows, the locks, the cell's rows read, its daily
    # and monthly rows written: issue 24), and last one statement writing the number, the
    # dossier and its receipt event, in one transaction (its BEGIN and COMMIT counted).
    assert len(queries) == 10, "\n".join(queries)
    assert queries[-2].startswith("WITH number AS (INSERT INTO procedures_dossiersequence")
    # The answer is complete all the same: its receipt event, actions, centre and sector.
    assert [e["action"] for e in second.data["events"]] == ["receive"]
    assert second.data["events"][0]["actor"]
    assert "resolve" in second.data["allowed_actions"]
    assert second.data["sector"] == birth_registration.sector.code
    assert second.data["code"].endswith("-0002")


def test_a_retry_still_answers_with_the_first_dossier(token_client, birth_registration):
    first, _ = post(token_client, 3, key="again")
    retry, _ = post(token_client, 3, key="again")
    other, _ = post(token_client, 4, key="again")
    after, _ = post(token_client, 5)

    assert (first.status_code, retry.status_code, other.status_code) == (201, 200, 422)
    assert retry.data["code"] == first.data["code"]
    # The refused attempts gave their numbers back: the next code follows without a gap.
    assert after.data["code"].endswith("-0002")
    assert Dossier.objects.count() == 2
