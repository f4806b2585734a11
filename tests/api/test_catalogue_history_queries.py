"""A procedure's history is read in a fixed number of queries, however many versions it has."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.choices import ChangeKind
from procedures.roles import user_roles
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db


def with_versions(code: str, count: int):
    procedure = ProcedureFactory(code=code)
    for i in range(count):
        ProcedureVersionFactory(
            procedure=procedure,
            valid_from=date(2016 + i, 1, 1),
            superseded_on=date(2017 + i, 1, 1) if i < count - 1 else None,
            change_kind=ChangeKind.NEW if i == 0 else ChangeKind.AMENDED,
            processing_time_value=Decimal(3 + i),
            sector=SectorFactory(),  # each version a new sector: its name and code are shown
        )
    return procedure


def history_queries(api_client, code: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(f"/api/v1/procedures/{code}/history/")
    assert response.status_code == 200
    return len(queries), response.json()


def test_the_history_does_not_grow_with_versions(api_client, reception_user):
    api_client.force_authenticate(reception_user)
    # The user object is the same for every request here: its roles (read once, for the
    # integration account's confinement) are read before counting.
    user_roles(reception_user)
    with_versions("1.000001", 1)
    with_versions("1.000006", 6)

    one, _ = history_queries(api_client, "1.000001")
    six, history = history_queries(api_client, "1.000006")

    assert len(history) == 6
    assert [v["code"] for v in history] == ["1.000006"] * 6
    assert all(v["changed_fields"] for v in history[1:])
    assert six == one
