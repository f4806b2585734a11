"""Benchmark: one change's roll-up work at two table sizes, beside the old full recount of the
same cell, in the same run (issue 24).

For each size (default 100.000 and 1.000.000 dossiers; ``--sizes``; ``BENCH_SCALE`` shrinks
them) the table is filled with ``generate_series`` (``bench/synthetic_dossiers.py``: 4 desks,
10 procedures, three channels: 120 (desk, procedure, channel) cells, about 8.300 dossiers each
at 1.000.000, as in the issue), the roll-ups are rebuilt, and then, in the busiest cell:

* an action: ``dossier_act(resolve)`` on 9 open dossiers (after 6 untimed, which prepare the
  statements on the connection), each committed; printed are the
  median of its roll-up work (the snapshot before and the move after, timed inside the
  service) and of the whole action;
* an intake's roll-up work (``rollups_new_dossier_add`` for a dossier of that cell, rolled
  back), median of 9 after 6 untimed;
* the baseline: ``rollups_refresh_cells`` of that cell (the recount every change queued before
  issue 24), median of 3; its rows must equal those the 15 actions left (checked: the live path
  at scale gives a recount's rows).

Target: the action's roll-up work at the largest size within 2× (+1 ms) of the smallest's.
Needs PostgreSQL and ``ONESTOP_BENCH_DB=1`` (``make bench``); the synthetic rows are removed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import synthetic_dossiers  # noqa: E402
from procedures.choices import ChangeKind, DossierStatus, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.models import (  # noqa: E402
    Centre,
    Desk,
    Dossier,
    DossierDailyRollup,
    DossierMonthlyRollup,
    Procedure,
    ProcedureVersion,
    Sector,
    Unit,
)
from procedures.roles import Role  # noqa: E402
from procedures.services.dossiers import common, dossier_act  # noqa: E402
from procedures.services.rollups import rollups_rebuild, rollups_refresh_cells  # noqa: E402
from procedures.services.rollups_live import rollups_new_dossier_add  # noqa: E402

REPEAT = 9
# Runs before those timed: the statements prepared on the connection and their generic plans
# chosen (PostgreSQL plans a prepared statement anew for its first five runs).
WARM_UP = 6
# Receipt moments carry up to 7 hours of jitter: all of them before the actions timed now.
ONE_DAY = timedelta(days=1)


def province() -> tuple[list[int], list[tuple[int, int, int]]]:
    """4 desks in one centre and 10 procedures in 5 sectors (idempotent)."""
    unit, _ = Unit.objects.get_or_create(
        code="LIVE-U", defaults={"name": "Huyện benchmark", "kind": UnitKind.DISTRICT}
    )
    centre, _ = Centre.objects.get_or_create(
        code="LIVE-TT", defaults={"name": "Trung tâm", "level": Level.DISTRICT, "unit": unit}
    )
    desks = [
        Desk.objects.get_or_create(
            code=f"LIVE.{d}", defaults={"name": f"Bộ phận {d}", "unit": unit, "centre": centre}
        )[0].pk
        for d in range(4)
    ]
    versions = []
    for i in range(10):
        sector, _ = Sector.objects.get_or_create(
            code=f"LIVE-S{i % 5}", defaults={"name": f"Lĩnh vực {i % 5}"}
        )
        procedure, created = Procedure.objects.get_or_create(code=f"7.{i:06d}")
        if created:
            ProcedureVersion.objects.create(
                procedure=procedure,
                valid_from="2016-01-01",
                change_kind=ChangeKind.NEW,
                name=f"Thủ tục {i}",
                sector=sector,
                level=Level.DISTRICT,
                processing_time_value=Decimal("5"),
                processing_time_unit=TimeUnit.DAYS,
            )
        version = ProcedureVersion.objects.get(procedure=procedure)
        versions.append((procedure.pk, version.pk, version.sector_id))
    return desks, versions


def fill(rows: int) -> float:
    start = time.perf_counter()
    synthetic_dossiers.remove()
    desks, versions = province()
    # Three years of a province; a shrunk run (BENCH_SCALE) a shorter span, to keep open ones.
    years = min(3.0, 3.0 * rows / 100_000)
    synthetic_dossiers.fill(
        rows=rows, desks=desks, versions=versions, end=timezone.now() - ONE_DAY, years=years
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Dossier._meta.db_table}")
    return time.perf_counter() - start


class Timer:
    """Wraps the live path's two calls inside the services, adding up their time."""

    def __init__(self):
        self.spent = 0.0
        self.snapshot, self.follow = common.rollups_dossier_snapshot, common.rollups_dossier_follow
        common.rollups_dossier_snapshot = self._timed(self.snapshot)
        common.rollups_dossier_follow = self._timed(self.follow)

    def _timed(self, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start

        return timed

    def close(self):
        common.rollups_dossier_snapshot, common.rollups_dossier_follow = self.snapshot, self.follow


def rows_of(cell) -> tuple[list, list]:
    """The cell's daily and monthly rows, without their ids."""
    desk, procedure, channel = cell
    keep = {"desk_id": desk, "procedure_id": procedure, "channel": channel}
    return tuple(
        sorted(row[1:] for row in model.objects.filter(**keep).values_list())
        for model in (DossierDailyRollup, DossierMonthlyRollup)
    )


def measure(rows: int, actor: User) -> dict:
    built = fill(rows)
    start = time.perf_counter()
    rollups_rebuild()
    rebuilt = time.perf_counter() - start
    busiest = (
        Dossier.objects.filter(code__startswith=synthetic_dossiers.PREFIX)
        .values("desk_id", "procedure_id", "channel")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    cell = (busiest["desk_id"], busiest["procedure_id"], busiest["channel"])
    Desk.objects.get(pk=cell[0]).staff.add(actor)
    open_ones = list(
        Dossier.objects.filter(
            desk_id=cell[0],
            procedure_id=cell[1],
            channel=cell[2],
            status__in=[DossierStatus.RECEIVED, DossierStatus.IN_PROCESS],
        ).order_by("-received_at")[: WARM_UP + REPEAT]
    )
    assert len(open_ones) == WARM_UP + REPEAT, "not enough open dossiers in the cell"

    work, whole = [], []
    for dossier in open_ones:
        timer = Timer()
        try:
            start = time.perf_counter()
            dossier_act(dossier=dossier, actor=actor, action="resolve")
            whole.append((time.perf_counter() - start) * 1000)
        finally:
            timer.close()
        work.append(timer.spent * 1000)

    work, whole = work[WARM_UP:], whole[WARM_UP:]
    intake = []
    model = open_ones[0]
    for _ in range(WARM_UP + REPEAT):
        new = Dossier(
            desk_id=model.desk_id,
            procedure_id=model.procedure_id,
            procedure_version_id=model.procedure_version_id,
            sector_id=model.sector_id,
            channel=model.channel,
            status=DossierStatus.RECEIVED,
            received_at=timezone.now(),
            due_at=timezone.now() + (model.due_at - model.received_at),
        )
        with transaction.atomic():
            start = time.perf_counter()
            rollups_new_dossier_add(new)
            intake.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    intake = intake[WARM_UP:]

    kept = rows_of(cell)
    refresh = []
    for _ in range(3):
        start = time.perf_counter()
        rollups_refresh_cells(cells=[cell])
        refresh.append((time.perf_counter() - start) * 1000)
    return {
        "rows": rows,
        "cell": busiest["n"],
        "built": built,
        "rebuilt": rebuilt,
        "work": statistics.median(work),
        "whole": statistics.median(whole),
        "intake": statistics.median(intake),
        "refresh": statistics.median(refresh),
        "equal": kept == rows_of(cell),
    }


def vn(value: float, digits: int = 1) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("The roll-ups are PostgreSQL's: nothing to measure on SQLite.")
        return 0
    if os.environ.get("ONESTOP_BENCH_DB") != "1":
        print("Refusing to fill this database: set ONESTOP_BENCH_DB=1 (make bench does).")
        return 1
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    sizes = [max(1000, int(int(s) * scale)) for s in args.sizes.split(",")]
    actor, _ = User.objects.get_or_create(username="live-staff")
    actor.groups.add(Group.objects.get(name=Role.RECEPTION))
    results = []
    try:
        for rows in sizes:
            result = measure(rows, actor)
            results.append(result)
            print(
                f"{vn(rows, 0)} dossiers ({vn(result['cell'], 0)} in the cell; built "
                f"{vn(result['built'])} s, rebuild_rollups {vn(result['rebuilt'])} s): "
                f"an action's roll-up work {vn(result['work'], 2)} ms (the whole resolve "
                f"{vn(result['whole'], 2)} ms), an intake's {vn(result['intake'], 2)} ms; "
                f"the old recount of the cell {vn(result['refresh'], 2)} ms; rows equal to the "
                f"recount's: {'yes' if result['equal'] else 'NO'}"
            )
    finally:
        synthetic_dossiers.remove()
        rollups_rebuild()
    first, last = results[0], results[-1]
    ok = last["work"] <= 2 * first["work"] + 1 and all(r["equal"] for r in results)
    print(
        f"action's roll-up work {vn(first['work'], 2)} → {vn(last['work'], 2)} ms "
        f"({vn(last['work'] / first['work'], 2)}×) for {vn(last['rows'] / first['rows'], 0)}× "
        f"the dossiers; the old recount {vn(first['refresh'], 1)} → {vn(last['refresh'], 1)} ms: "
        f"{'met' if ok else 'NOT MET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
