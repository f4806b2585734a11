"""Migration 0006 fills the closing moment of dossiers already closed and moves an apology's
new date to its own field, keeping the legal due moment on the event."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("procedures", "0005_merge_catalogue_and_dossiers")]
AFTER = [("procedures", "0006_dossiers_closed_at_apology_date_keys_per_user")]


@pytest.mark.django_db(transaction=True)
def test_closing_moments_and_apology_dates_are_backfilled():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Unit = apps.get_model("procedures", "Unit")
    Desk = apps.get_model("procedures", "Desk")
    Sector = apps.get_model("procedures", "Sector")
    Procedure = apps.get_model("procedures", "Procedure")
    Version = apps.get_model("procedures", "ProcedureVersion")
    Dossier = apps.get_model("procedures", "Dossier")
    Event = apps.get_model("procedures", "DossierEvent")
    unit = Unit.objects.create(code="U1", name="Xã", kind="commune")
    desk = Desk.objects.create(code="D1", name="Bộ phận", unit=unit)
    sector = Sector.objects.create(code="S1", name="Hộ tịch")
    procedure = Procedure.objects.create(code="1.000001")
    version = Version.objects.create(
        procedure=procedure,
        valid_from=timezone.localdate() - timedelta(days=400),
        name="Thủ tục",
        sector=sector,
        level=3,
        processing_time_value=3,
        processing_time_unit="days",
        change_kind="new",
    )
    t0 = timezone.now() - timedelta(days=30)
    due = t0 + timedelta(days=3)

    def dossier(code, status, **fields):
        return Dossier.objects.create(
            code=code,
            desk=desk,
            procedure=procedure,
            procedure_version=version,
            sector=sector,
            channel="direct",
            applicant_name="A",
            status=status,
            received_at=t0,
            due_at=due,
            clock_started_at=t0,
            clock_work=timedelta(hours=24),
            **fields,
        )

    resolved = dossier("R", 10, resolved_at=t0 + timedelta(days=5))
    rejected = dossier("J", 3)
    Event.objects.create(dossier=rejected, action="receive", to_status=2, at=t0, due_at=due)
    Event.objects.create(
        dossier=rejected, action="reject", from_status=2, to_status=3, at=t0 + timedelta(days=1)
    )
    apologised = dossier("A", 2)
    Event.objects.create(dossier=apologised, action="receive", to_status=2, at=t0, due_at=due)
    promised = t0 + timedelta(days=10)
    Event.objects.create(
        dossier=apologised,
        action="apologize_reschedule",
        from_status=2,
        to_status=2,
        at=t0 + timedelta(days=5),
        due_at=promised,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Dossier = apps.get_model("procedures", "Dossier")
    Event = apps.get_model("procedures", "DossierEvent")

    assert Dossier.objects.get(pk=resolved.pk).closed_at == t0 + timedelta(days=5)
    assert Dossier.objects.get(pk=rejected.pk).closed_at == t0 + timedelta(days=1)
    assert Dossier.objects.get(pk=apologised.pk).closed_at is None
    apology = Event.objects.get(dossier_id=apologised.pk, action="apologize_reschedule")
    assert (apology.due_at, apology.new_due_at) == (due, promised)

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
