"""Benchmark: the dossier history import (``manage.py import_dossiers``), committed, on PostgreSQL.

What a user waits for is the command, from start to its COMMIT (the foreign-key checks and the
index updates happen there), and the dashboards right after it: the import builds the roll-ups
of its rows in the same transaction (issue 18), so "import + roll-ups" is that one command, run
in a child process, timed from launch to exit, its peak memory read from the kernel (``VmHWM``,
see ``run_import``). It checks that the roll-ups are there when the command has exited.

Baselines in the same run, on the same rows (the rows the import wrote, exported with COPY):
  * COPY of those rows into the same tables, with every index and foreign key, plus ANALYZE,
    committed: what loading the finished rows costs, with nothing computed;
  * the same with the foreign keys dropped and added back after the COPY, checked once per
    key over the table as the import checks them (the fair baseline, issue 24);
  * COPY of the dossier rows into a plain table (no index, no constraint), committed.

Two runs: dossiers alone, and dossiers with hand-over events (18,000 per 200,000 dossiers, as
in issue 9) replayed through the state table and the clock.

    python bench/bench_import_dossiers.py [--rows 1000000] [--events-per-200k 18000]

``BENCH_SCALE`` (e.g. 0.1) shrinks the default size while developing. It empties the dossier
tables before and after (``make bench`` runs on a throwaway database; elsewhere it refuses
unless ``ONESTOP_BENCH_DB=1``). Needs PostgreSQL through DATABASE_URL.
"""

import argparse
import os
import subprocess
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
from django.db.models import Sum  # noqa: E402

from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.models import (  # noqa: E402
    Desk,
    Dossier,
    DossierDailyRollup,
    DossierEvent,
    DossierMonthlyRollup,
    Procedure,
    ProcedureVersion,
    Sector,
    Unit,
)

PROCEDURES = 50
DESKS = 20
# The issues' targets: import with its roll-ups and hand-overs within 2× the fair COPY, the
# one checking foreign keys as the import does (issue 24; was 1,5× the row-checked COPY).
TARGET_RATIO = 2.0
TARGET_MIB = 500
DOSSIER_TABLE = Dossier._meta.db_table
EVENT_TABLE = DossierEvent._meta.db_table


def catalogue() -> tuple[list[str], list[str], str]:
    """A small catalogue, desks and an agency to hand dossiers to (idempotent)."""
    unit, _ = Unit.objects.get_or_create(
        code="BENCH-U", defaults={"name": "Đơn vị benchmark", "kind": UnitKind.COMMUNE}
    )
    agency, _ = Unit.objects.get_or_create(
        code="BENCH-AGENCY", defaults={"name": "Cơ quan giải quyết", "kind": UnitKind.DEPARTMENT}
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
    return desk_codes, procedure_codes, agency.code


def generate(
    folder: Path, rows: int, events_per_200k: int, desks, procedures, agency: str
) -> tuple[Path, Path | None, int]:
    """The dossiers file and, when asked, an events file: one hand-over for a share of the
    dossiers that are in process or resolved, between their receipt and their end."""
    rng = np.random.default_rng(2017)
    received = pd.Timestamp("2023-01-02 07:00") + pd.to_timedelta(
        rng.integers(0, 3 * 365 * 24 * 60, rows), unit="min"
    )
    resolved = received + pd.to_timedelta(rng.integers(60, 25 * 24 * 60, rows), unit="min")
    status = rng.choice([2, 4, 9, 10], rows, p=[0.05, 0.05, 0.3, 0.6])
    open_ = np.isin(status, [2, 4])
    returned = resolved + pd.to_timedelta(rng.integers(10, 3 * 24 * 60, rows), unit="min")
    fmt = "%Y-%m-%d %H:%M"
    codes = pd.Series([f"HS{i:08d}" for i in range(rows)])
    frame = pd.DataFrame(
        {
            "code": codes,
            "procedure_code": rng.choice(procedures, rows),
            "desk_code": rng.choice(desks, rows),
            "channel": rng.choice(["direct", "postal"], rows),
            "received_at": received.strftime(fmt),
            "resolved_at": np.where(open_, "", resolved.strftime(fmt)),
            "returned_at": np.where(status == 10, returned.strftime(fmt), ""),
            "status": status,
        }
    )
    path = folder / "dossiers.csv"
    frame.to_csv(path, index=False)
    if not events_per_200k:
        return path, None, 0
    # A hand-over only fits a dossier that is in process or was resolved after it.
    eligible = np.flatnonzero(np.isin(status, [4, 9, 10]))
    count = min(len(eligible), round(rows * events_per_200k / 200_000))
    chosen = np.sort(rng.choice(eligible, count, replace=False))
    span = np.where(
        status[chosen] == 4,
        10 * 60,
        (resolved[chosen] - received[chosen]).total_seconds().to_numpy() // 2,
    )
    at = received[chosen] + pd.to_timedelta(np.maximum(span, 60), unit="s")
    events = pd.DataFrame(
        {
            "dossier_code": codes.to_numpy()[chosen],
            "action": "transfer",
            # Whole minutes: after the receipt, before the end.
            "at": at.ceil("min").strftime(fmt),
            "note": "Chuyển phòng chuyên môn",
            "giver_code": "",
            "receiver_code": agency,
            "new_due_at": "",
        }
    )
    events_path = folder / "events.csv"
    events.to_csv(events_path, index=False)
    return path, events_path, count


def run_import(path: Path, events_path: Path | None) -> tuple[float, float, str]:
    """The real command in a child process: wall seconds to its exit (after COMMIT), its peak
    RSS in MiB, and what it printed.

    The peak is the kernel's high-water mark of the command's own memory (``VmHWM``), read
    every 50 ms until it exits. Not ``wait4``'s ``ru_maxrss``: Linux keeps that mark across
    ``exec``, so it reported this benchmark's own size when it forked (803 MiB after
    generating a million rows) rather than the import's."""
    command = [sys.executable, str(ROOT / "manage.py"), "import_dossiers", str(path)]
    if events_path:
        command += ["--events", str(events_path)]
    command.append("--no-progress")
    with tempfile.TemporaryFile(mode="w+") as output:
        start = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 (our own command line)
            command, stdout=output, stderr=subprocess.STDOUT, text=True
        )
        peak_kib = 0
        status = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass  # exiting between poll() and the read
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        output.seek(0)
        said = output.read()
    if child.returncode:
        raise SystemExit(f"import_dossiers failed:\n{said[-3000:]}")
    return seconds, peak_kib / 1024, said.strip().splitlines()[-1]


def export(folder: Path) -> dict[str, Path]:
    """The rows the import wrote, in COPY's binary format, to load them again as a baseline."""
    files = {}
    with connection.cursor() as cursor:
        for table in (DOSSIER_TABLE, EVENT_TABLE):
            files[table] = folder / f"{table}.copy"
            with (
                open(files[table], "wb") as out,
                cursor.cursor.copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy,
            ):
                for data in copy:
                    out.write(data)
    return files


def copy_in(cursor, table: str, path: Path) -> None:
    with (
        open(path, "rb") as source,
        cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy,
    ):
        while data := source.read(1 << 20):
            copy.write(data)


def empty_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {EVENT_TABLE}, {DOSSIER_TABLE}, {DossierDailyRollup._meta.db_table}, "
            f"{DossierMonthlyRollup._meta.db_table} CASCADE"  # and rows that point at them
        )
        cursor.execute("VACUUM ANALYZE " + DOSSIER_TABLE)
        cursor.execute("VACUUM ANALYZE " + EVENT_TABLE)


def copy_indexed(files: dict[str, Path]) -> float:
    """Baseline: COPY the finished rows into the real tables (indexes, deferred foreign keys)
    plus ANALYZE, timed to the end of COMMIT."""
    empty_tables()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_in(cursor, DOSSIER_TABLE, files[DOSSIER_TABLE])
        copy_in(cursor, EVENT_TABLE, files[EVENT_TABLE])
        cursor.execute(f"ANALYZE {DOSSIER_TABLE}, {EVENT_TABLE}")
    return time.perf_counter() - start


def copy_fair(files: dict[str, Path]) -> float:
    """Baseline checking foreign keys as a large import does: COPY the finished rows into the
    real tables with their foreign keys dropped in the transaction and added back after, one
    check per key over the whole table
    (``dossier_import.bulk_write._foreign_keys_drop_for_bulk``), plus ANALYZE, timed to the end
    of COMMIT. ``copy_indexed`` checks them row by row at COMMIT,
    which the import avoids: comparing with it flattered the import (issue 24)."""
    empty_tables()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid IN (%s::regclass, %s::regclass) ORDER BY conname",
            [DOSSIER_TABLE, EVENT_TABLE],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        copy_in(cursor, DOSSIER_TABLE, files[DOSSIER_TABLE])
        copy_in(cursor, EVENT_TABLE, files[EVENT_TABLE])
        for table in (DOSSIER_TABLE, EVENT_TABLE):
            additions = [f'ADD CONSTRAINT "{n}" {d}' for t, n, d in keys if t == table]
            if additions:
                cursor.execute(f"ALTER TABLE {table} {', '.join(additions)}")
        cursor.execute(f"ANALYZE {DOSSIER_TABLE}, {EVENT_TABLE}")
    return time.perf_counter() - start


def copy_plain(files: dict[str, Path]) -> float:
    """Baseline: COPY the dossier rows into a plain table (no index, no constraint), committed."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_dossier")
        cursor.execute(f"CREATE TABLE bench_plain_dossier (LIKE {DOSSIER_TABLE})")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_in(cursor, "bench_plain_dossier", files[DOSSIER_TABLE])
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_dossier")
    return seconds


def one_run(folder: Path, rows: int, events_per_200k: int, catalogue_codes) -> dict:
    empty_tables()
    path, events_path, events = generate(folder, rows, events_per_200k, *catalogue_codes)
    seconds, peak, said = run_import(path, events_path)
    counts = {
        "dossiers": Dossier.objects.count(),
        "events": DossierEvent.objects.count(),
        "daily": DossierDailyRollup.objects.count(),
        "monthly": DossierMonthlyRollup.objects.count(),
    }
    assert counts["dossiers"] == rows, f"{counts['dossiers']:,} dossiers imported of {rows:,}"
    received = DossierDailyRollup.objects.aggregate(n=Sum("received_new"))["n"] or 0
    assert received == rows, f"the roll-ups count {received:,} received of {rows:,}"
    files = export(folder)
    indexed = copy_indexed(files)
    fair = copy_fair(files)
    plain = copy_plain(files)
    empty_tables()
    for file in files.values():
        file.unlink()
    return {
        "rows": rows,
        "handovers": events,
        "events": counts["events"],
        "rollups": (counts["daily"], counts["monthly"]),
        "import": seconds,
        "peak": peak,
        "indexed": indexed,
        "fair": fair,
        "plain": plain,
        "said": said,
    }


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=round(1_000_000 * scale))
    parser.add_argument("--events-per-200k", type=int, default=18_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_import_dossiers needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    if os.environ.get("ONESTOP_BENCH_DB") != "1":
        print("refused: this benchmark empties the dossier tables; set ONESTOP_BENCH_DB=1")
        return 1
    call_command("migrate", verbosity=0)
    codes = catalogue()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        # --events-per-200k 0: the run without hand-overs only.
        for events_per_200k in sorted({0, args.events_per_200k}):
            results.append(one_run(Path(folder), args.rows, events_per_200k, codes))
    print(
        f"{'run':<34}{'import+roll-ups s':>18}{'rows/s':>9}{'peak MiB':>9}"
        f"{'COPY+idx+ANALYZE s':>20}{'fair COPY s':>12}{'COPY plain s':>13}{'vs COPY+idx':>12}"
        f"{'vs fair':>9}{'vs plain':>9}"
    )
    failures = []
    for r in results:
        name = f"{r['rows']:,} dossiers"
        if r["handovers"]:
            name += f" + {r['handovers']:,} hand-overs"
        ratio = r["import"] / r["fair"]
        print(
            f"{name:<34}{r['import']:>18.1f}{r['rows'] / r['import']:>9,.0f}{r['peak']:>9,.0f}"
            f"{r['indexed']:>20.1f}{r['fair']:>12.1f}{r['plain']:>13.1f}"
            f"{r['import'] / r['indexed']:>11.2f}×{ratio:>8.2f}×{r['import'] / r['plain']:>8.1f}×"
        )
        print(f"    {r['events']:,} events written; the command said: {r['said']}")
        daily, monthly = r["rollups"]
        print(f"    roll-ups current at COMMIT: {daily:,} daily and {monthly:,} monthly rows")
        if ratio > TARGET_RATIO:
            failures.append(
                f"{name}: {ratio:.2f}× the fair COPY (foreign keys added after; "
                f"target {TARGET_RATIO}×)"
            )
        if r["peak"] > TARGET_MIB:
            failures.append(f"{name}: peak {r['peak']:,.0f} MiB (target < {TARGET_MIB})")
    print(
        f"target: committed import with its roll-ups and hand-overs within {TARGET_RATIO}× of "
        f"the fair COPY (indexes, foreign keys added after as the import does, ANALYZE), "
        f"memory < {TARGET_MIB} MiB"
    )
    for failure in failures:
        print(f"NOT MET: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
