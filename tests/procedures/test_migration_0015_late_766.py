"""Migration 0015 stores the clock's Decision 766 verdict on dossiers resolved before it did
(or stored by the older reading), by the clock's own function."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("procedures", "0014_merge_all_branches")]
AFTER = [("procedures", "0015_late_766_from_the_clock")]


@pytest.mark.django_db(transaction=True)
def test_the_766_verdicts_are_backfilled_by_the_clock():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Unit = apps.get_model("procedures", "Unit")
    Desk = apps.get_model("procedures", "Desk")
    Sector = apps.get_model("procedures", "Sector")
    Procedure = apps.get_model("procedures", "Procedure")
    Version = apps.get_model("procedures", "ProcedureVersion")
    Dossier = apps.get_model("procedures", "Dossier")
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

    def dossier(code, outcome, requests, late_766, resolved=True):
        return Dossier.objects.create(
            code=code,
            desk=desk,
            procedure=procedure,
            procedure_version=version,
            sector=sector,
            channel="direct",
            applicant_name="A",
            status=10 if resolved else 2,
            received_at=t0,
            due_at=t0 + timedelta(days=3),
            clock_started_at=t0,
            clock_work=timedelta(hours=24),
            resolved_at=t0 + timedelta(days=2) if resolved else None,
            outcome=outcome,
            supplement_count=requests,
            late_766=late_766,
        ).pk

    expected = {
        dossier("E0", "early", 0, None): False,
        dossier("E2", "early", 2, None): True,
        dossier("L0", "late", 0, None): True,
        dossier("N0", None, 0, False): None,  # no due moment: no verdict (was stored false)
        dossier("OPEN", None, 2, None, resolved=False): None,  # open: left alone
    }

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Dossier = executor.loader.project_state(AFTER).apps.get_model("procedures", "Dossier")
    assert dict(Dossier.objects.values_list("pk", "late_766")) == expected

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
