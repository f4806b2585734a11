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


def _correction(client, dossier, **changes) -> dict:
    """The admin's change form of ``dossier`` as shown, with ``changes`` typed in."""
    page = client.get(f"/admin/procedures/dossier/{dossier.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
    return data | changes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
)
def test_a_channel_corrected_in_the_admin_moves_the_statistics(
    client, administrator, receive, celery_eager, django_capture_on_commit_callbacks
):
    from datetime import date

    from procedures.reports.dashboard import dashboard_cache_version
    from procedures.selectors.statistics import dossier_statistics
    from procedures.services.rollups import rollups_rebuild
    from tests.fixtures_dossiers import vn

    dossier = receive(vn(2025, 3, 3, 9, 0))  # recorded as direct; it came online
    rollups_rebuild()
    march = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}
    before = dossier_statistics(**march)
    assert before.source == "rollups"
    assert (before.totals["received_online"], before.totals["received_direct_postal"]) == (0, 1)
    version = dashboard_cache_version()

    client.force_login(administrator)
    data = _correction(client, dossier, channel="online", status="9")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/procedures/dossier/{dossier.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = dossier_statistics(**march)
    assert after.source == "rollups"
    assert (after.totals["received_online"], after.totals["received_direct_postal"]) == (1, 0)
    assert after.totals["online_rate"] == 1 and after.checks == []
    assert dashboard_cache_version() > version  # the leader's dashboard forgets its figures
    dossier.refresh_from_db()
    assert (dossier.channel, dossier.status) == ("online", 2)  # the state is not editable


def test_a_bad_correction_is_refused_field_by_field_and_nothing_changes(
    client, administrator, receive
):
    dossier = receive()
    client.force_login(administrator)
    data = _correction(client, dossier, applicant_id_number="１２３４５６７８９０１２")
    response = client.post(f"/admin/procedures/dossier/{dossier.pk}/change/", data)

    assert response.status_code == 200
    assert "Số định danh phải là" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.applicant_id_number != "１２３４５６７８９０１２"


def test_only_administrators_correct_dossiers(reception_user, receive):
    from django.core.exceptions import PermissionDenied

    from procedures.services.dossiers import dossier_correct

    dossier = receive()
    with pytest.raises(PermissionDenied):
        dossier_correct(dossier=dossier, actor=reception_user, changes={"channel": "online"})


def test_a_correction_longer_than_its_column_is_refused_with_the_field_named(
    administrator, receive
):
    from django.core.exceptions import ValidationError

    from procedures.services.dossiers import dossier_correct

    dossier = receive()
    with pytest.raises(ValidationError) as error:
        dossier_correct(
            dossier=dossier, actor=administrator, changes={"applicant_address": "Ấp " * 300}
        )
    assert "applicant_address" in error.value.message_dict
    dossier.refresh_from_db()
    assert not dossier.applicant_address.startswith("Ấp Ấp")
