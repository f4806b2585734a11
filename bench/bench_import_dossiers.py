"""Benchmark: the dossier history import (``import_dossiers``) on PostgreSQL.

Generates N dossiers (default 200,000; ``--rows 1000000`` for the issue's figure) into a CSV and
times, in the same run:
  * pandas reading the file alone (the floor: rows/s no import can beat);
  * the baseline: the same validation, then plain ``bulk_create`` of Dossier objects in batches
    (on the first ``--baseline-rows`` rows, 50,000 by default, as rows/s);
  * the import as shipped: validation, COPY into a stage table, one INSERT ... SELECT;
  * the import with batched INSERTs into the stage instead of COPY.
Each import runs in a transaction rolled back at the end, so the database is left as it was.
Peak memory (RSS) is printed after each step: it stays flat as the file grows.

Needs PostgreSQL through DATABASE_URL (``make bench`` provides a throwaway one); with SQLite it
says so and exits 0.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.importers.dossiers import (  # noqa: E402
    DOSSIER_COLUMNS,
    DossierRowValidator,
    read_chunks,
)
from procedures.models import (  # noqa: E402
    Desk,
    Dossier,
    Procedure,
    ProcedureVersion,
    Sector,
    Unit,
)
from procedures.selectors.calendar import working_calendar_get  # noqa: E402
from procedures.services.dossier_import import dossiers_import  # noqa: E402

PROCEDURES = 50
DESKS = 20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def catalogue() -> tuple[list[str], list[str]]:
    """A small catalogue and desks for the generated dossiers (idempotent)."""
    unit, _ = Unit.objects.get_or_create(
        code="BENCH-U", defaults={"name": "Đơn vị benchmark", "kind": UnitKind.COMMUNE}
    )
    sector, _ = Sector.objects.get_or_create(code="BENCH-S", defaults={"name": "Benchmark"})
    desk_codes, procedure_codes = [], []
    for i in range(DESKS):
        desk, _ = Desk.objects.get_or_create(
            code=f"BENCH.{i:02d}.H56", defaults={"name": f"Bộ phận {i}", "unit": unit}
        )
        desk_codes.append(desk.code)
    for i in range(PROCEDURES):
        procedure, created = Procedure.objects.get_or_create(code=f"9.{i:06d}")
        if created:
            ProcedureVersion.objects.create(
                procedure=procedure,
                valid_from=pd.Timestamp("2016-01-01").date(),
                change_kind=ChangeKind.NEW,
                name=f"Thủ tục benchmark {i}",
                sector=sector,
                level=Level.COMMUNE,
                processing_time_value=[1, 3, 5, 7, 15][i % 5],
                processing_time_unit=TimeUnit.HOURS if i % 10 == 9 else TimeUnit.DAYS,
            )
        procedure_codes.append(procedure.code)
    return desk_codes, procedure_codes


def generate(path: Path, rows: int, desks: list[str], procedures: list[str]) -> None:
    rng = np.random.default_rng(2017)
    run = time.strftime("%H%M%S")
    received = pd.Timestamp("2023-01-02 07:00") + pd.to_timedelta(
        rng.integers(0, 3 * 365 * 24 * 60, rows), unit="min"
    )
    resolved = received + pd.to_timedelta(rng.integers(60, 25 * 24 * 60, rows), unit="min")
    status = rng.choice([2, 4, 9, 10], rows, p=[0.05, 0.05, 0.3, 0.6])
    open_ = np.isin(status, [2, 4])
    returned = resolved + pd.to_timedelta(rng.integers(10, 3 * 24 * 60, rows), unit="min")
    fmt = "%Y-%m-%d %H:%M"
    frame = pd.DataFrame(
        {
            "code": [f"BENCH{run}-{i:07d}" for i in range(rows)],
            "procedure_code": rng.choice(procedures, rows),
            "desk_code": rng.choice(desks, rows),
            "channel": rng.choice(["direct", "postal", "online"], rows),
            "received_at": received.strftime(fmt),
            "resolved_at": np.where(open_, "", resolved.strftime(fmt)),
            "returned_at": np.where(status == 10, returned.strftime(fmt), ""),
            "status": status,
        }
    )
    frame.to_csv(path, index=False)


class Rollback(Exception):
    pass


def timed_import(path: Path, method: str, chunk_size: int) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        with transaction.atomic():
            report = dossiers_import(path=path, chunk_size=chunk_size, method=method)
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - start, report.created


def timed_bulk_create(path: Path, rows: int, chunk_size: int) -> tuple[float, int]:
    validator = DossierRowValidator(calendar=working_calendar_get())
    done, start = 0, time.perf_counter()
    try:
        with transaction.atomic():
            for chunk in read_chunks(path, columns=DOSSIER_COLUMNS, chunk_size=chunk_size):
                chunk = chunk.head(rows - done)
                valid, _errors = validator.validate(chunk)
                objects = [
                    Dossier(
                        code=r.code,
                        desk_id=int(r.desk_id),
                        procedure_id=int(r.procedure_id),
                        procedure_version_id=int(r.procedure_version_id),
                        sector_id=int(r.sector_id),
                        channel=r.channel,
                        status=int(r.status),
                        received_at=r.received_at.to_pydatetime(),
                        due_at=r.due_at.to_pydatetime(),
                        clock_started_at=r.clock_started_at.to_pydatetime(),
                        clock_work=pd.Timedelta(microseconds=int(r.clock_work_us)).to_pytimedelta(),
                        resolved_at=None
                        if pd.isna(r.resolved_at)
                        else r.resolved_at.to_pydatetime(),
                        returned_at=None
                        if pd.isna(r.returned_at)
                        else r.returned_at.to_pydatetime(),
                        outcome=r.outcome,
                        is_overdue=bool(r.is_overdue),
                    )
                    for r in valid.itertuples(index=False)
                ]
                Dossier.objects.bulk_create(objects, batch_size=5_000)
                done += len(chunk)
                if done >= rows:
                    break
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--baseline-rows", type=int, default=50_000)
    parser.add_argument("--chunk-size", type=int, default=50_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_import_dossiers needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    call_command("migrate", verbosity=0)
    desks, procedures = catalogue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossiers.csv"
        start = time.perf_counter()
        generate(path, args.rows, desks, procedures)
        size_mb = path.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows generated ({size_mb:.0f} MB) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        print(f"{'step':<46}{'rows':>11}{'seconds':>9}{'rows/s':>10}{'peak RSS MB':>13}")

        def line(step, rows, seconds):
            print(
                f"{step:<46}{rows:>11,}{seconds:>9.1f}{rows / seconds:>10,.0f}{peak_mb():>13,.0f}"
            )

        start = time.perf_counter()
        read = sum(len(c) for c in pd.read_csv(path, dtype=str, chunksize=args.chunk_size))
        line("pandas reading alone (floor)", read, time.perf_counter() - start)

        before = peak_mb()
        seconds, created = timed_import(path, "copy", args.chunk_size)
        line("import: validate + COPY + INSERT SELECT", created, seconds)
        copy_rate, copy_growth = created / seconds, peak_mb() - before

        seconds, created = timed_import(path, "insert", args.chunk_size)
        line("import: validate + batched INSERT (no COPY)", created, seconds)

        rows = min(args.baseline_rows, args.rows)
        seconds, done = timed_bulk_create(path, rows, args.chunk_size)
        line("baseline: validate + bulk_create(5,000)", done, seconds)
        baseline_rate = done / seconds

    print(f"COPY import vs bulk_create baseline: {copy_rate / baseline_rate:.1f}x rows/s")
    print(f"memory growth during the COPY import: {copy_growth:.0f} MB")
    # Limits: generous for a shared 2-core machine; a regression to row-by-row would fail them.
    assert copy_rate > 2_000, f"COPY import too slow: {copy_rate:,.0f} rows/s"
    assert copy_growth < 1_000, f"COPY import grew memory by {copy_growth:.0f} MB"
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
