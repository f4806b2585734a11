"""The admin's dossier page reads a dossier with its whole timeline in a fixed number of
queries, however many events it has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.services.dossiers import (
    dossier_request_supplement,
    dossier_resume,
    dossier_transfer,
)

pytestmark = pytest.mark.django_db


def page_queries(client, dossier) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/procedures/dossier/{dossier.pk}/change/")
    assert response.status_code == 200
    assert dossier.code in response.content.decode()
    return len(queries)


def test_the_dossier_page_does_not_grow_with_its_events(
    admin_client, receive, reception_user, agency
):
    client = admin_client
    short, long = receive(), receive()
    dossier_transfer(dossier=long, actor=reception_user, receiver=agency)
    for _ in range(3):
        dossier_request_supplement(dossier=long, actor=reception_user, note="Thiếu giấy")
        dossier_resume(dossier=long, actor=reception_user)
    assert long.events.count() == 8

    page_queries(client, short)  # warm the content types' cache
    assert page_queries(client, long) == page_queries(client, short)
