"""The roll-ups kept by each change (``procedures/services/rollups_live.py``): after intakes,
every action of the state table and an administrator's corrections, the daily and monthly rows
are exactly those a full recount (``rollups_rebuild``) writes, also when clients change one
cell at once; a change rolled back moves nothing; one action's roll-up work is the same
whatever the number of dossiers in its cell."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from procedures.choices import Channel, Level, SupplementMode, TimeUnit
from procedures.models import (
    CalendarSettings,
    DeskProcedureRule,
    Dossier,
    DossierDailyRollup,
    DossierMonthlyRollup,
)
from procedures.models.rollups import FLOW_FIELDS
from procedures.services.dossiers import dossier_act, dossier_correct
from procedures.services.dossiers.common import IdempotencyKeyReused
from procedures.services.rollups import rollups_rebuild
from tests.factories import DeskFactory, ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import vn
from tests.procedures.services.test_rollups_property import TIME_LIMITS, _histories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
    ),
]

CELL = ("desk_id", "procedure_id", "channel", "sector_id", "level", "unit_id")


def _rows() -> tuple[list, list]:
    daily = (*CELL, "day", *FLOW_FIELDS, "open_delta", "overdue_delta", "late_766_delta")
    monthly = (*CELL, "month", *FLOW_FIELDS, "open_end", "overdue_end", "late_766_end")
    return (
        sorted(DossierDailyRollup.objects.values_list(*daily)),
        sorted(DossierMonthlyRollup.objects.values_list(*monthly)),
    )


def _recounted() -> tuple[list, list]:
    rollups_rebuild()
    return _rows()


@pytest.mark.parametrize(
    ("seed", "mode"), [(24, SupplementMode.RESTART), (2401, SupplementMode.PAUSE)]
)
def test_live_changes_leave_the_rows_a_rebuild_writes(
    seed, mode, receive, reception_user, administrator, intake_desk, agency
):
    CalendarSettings.objects.create(supplement_mode=mode)
    versions = [
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=f"1.0124{i:02d}"),
            processing_time_value=value,
            processing_time_unit=unit,
            level=level,
        )
        for i, (value, unit, level) in enumerate(TIME_LIMITS)
    ]
    desks = [intake_desk, DeskFactory(code="000.00.32.H56", unit=agency, staff=[reception_user])]
    for desk in desks:
        for version in versions:
            DeskProcedureRule.objects.create(desk=desk, procedure=version.procedure, include=True)
    rollups_rebuild()  # empty: from here on only the changes keep them

    actions = _histories(
        seed=seed,
        count=40,
        receive=receive,
        actor=reception_user,
        desks=desks,
        versions=versions,
        agency=agency,
    )
    # An administrator corrects the channel of some: their rows leave one cell for another.
    rng = random.Random(seed)
    for dossier in rng.sample(list(Dossier.objects.order_by("pk")), 5):
        other = rng.choice([c for c in Channel if c != dossier.channel])
        dossier_correct(dossier=dossier, actor=administrator, changes={"channel": other})

    assert actions > 40
    kept = _rows()
    assert kept[0] and kept[1]
    assert kept == _recounted()


def test_a_change_rolled_back_moves_no_roll_up(receive, reception_user):
    rollups_rebuild()
    dossier = receive(vn(2025, 3, 3, 9, 0))
    before = _rows()

    with pytest.raises(RuntimeError), transaction.atomic():
        dossier_act(dossier=dossier, actor=reception_user, action="resolve", at=vn(2025, 3, 4))
        raise RuntimeError("the request failed after the action")

    assert _rows() == before


def test_an_intake_refused_for_a_reused_key_adds_nothing(receive):
    rollups_rebuild()
    receive(vn(2025, 3, 3, 9, 0), idempotency_key="k-24")
    before = _rows()

    with pytest.raises(IdempotencyKeyReused):
        receive(vn(2025, 3, 3, 9, 5), idempotency_key="k-24", applicant_name="Người khác")

    assert _rows() == before == _recounted()


def _resolve_queries(dossier, actor) -> int:
    with CaptureQueriesContext(connection) as queries:
        dossier_act(dossier=dossier, actor=actor, action="resolve", at=vn(2025, 3, 5, 9, 0))
    return len(queries)


def test_an_actions_roll_up_work_does_not_grow_with_its_cell(receive, reception_user):
    """The same statements whether the cell holds two dossiers or eighty: the action reads and
    writes its own dossier's rows, not the cell's. (Each resolved dossier has a later one
    beside it: removing a cell's last daily row costs one statement more.)"""
    rollups_rebuild()
    first = receive(vn(2025, 3, 3, 9, 0))
    receive(vn(2025, 3, 3, 10, 0))
    few = _resolve_queries(first, reception_user)

    crowd = [receive(vn(2025, 3, 3, 9, 0) + timedelta(minutes=m)) for m in range(1, 80)]
    many = _resolve_queries(crowd[0], reception_user)

    assert few == many
    assert _rows() == _recounted()


def test_a_dossier_due_next_month_carries_the_cells_levels_into_it(receive):
    """A dossier due in the next month gives its cell monthly rows past the current one: the
    dossiers still open before it are carried into them, as a recount carries them."""
    short, long = (
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=code),
            processing_time_value=Decimal(days),
            processing_time_unit=TimeUnit.DAYS,
            level=Level.COMMUNE,
        )
        for code, days in (("1.012498", "3"), ("1.012499", "30"))
    )
    rollups_rebuild()
    receive(vn(2026, 12, 1, 9, 0), procedure=short.procedure, papers=[])
    receive(vn(2026, 12, 2, 9, 0), procedure=long.procedure, papers=[])
    receive(vn(2026, 12, 3, 9, 0), procedure=short.procedure, papers=[])

    kept = _rows()
    assert any(row[6].month == 1 for row in kept[1])  # rows for January 2027
    assert kept == _recounted()


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_and_actions_in_one_cell_lose_nothing(receive, reception_user):
    """Four clients at once, each receiving and resolving dossiers of the same cell, each
    change in its own committed transaction: the cell's lock orders their reads and writes,
    so no change overwrites another's (the rows equal a recount's)."""
    import threading

    from django.db import connections

    rollups_rebuild()
    errors = []

    def client(n: int) -> None:
        try:
            for i in range(4):
                dossier = receive(vn(2025, 3, 3, 8 + n, 0) + timedelta(minutes=i))
                if i % 2:
                    dossier_act(
                        dossier=dossier,
                        actor=reception_user,
                        action="resolve",
                        at=vn(2025, 3, 4, 8 + n, i),
                    )
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Dossier.objects.count() == 16
    kept = _rows()
    assert sum(row[7] for row in kept[0]) == 16  # received_new over the daily rows
    assert kept == _recounted()
