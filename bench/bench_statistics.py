"""Benchmark: a year of statistics grouped by centre × month, from the roll-ups and directly.

Builds N dossiers (default 10,000,000: the issue's figure; ``--dossiers 1000000``, or
``BENCH_STATISTICS_DOSSIERS=1000000 make bench``, for a quick run) in PostgreSQL with
``generate_series`` (one INSERT ... SELECT per million, no Python per row): 12 centres of 10
desks each, every desk receiving 20 of 200 procedures (20 sectors), by three channels,
received on every day from 01/01/2017 to 31/12/2025 (about 3,000 a day at 10M). Each dossier
is due 1 to 5 days after receipt; 95.5 % are resolved (early, on time or late at date level),
2 % rejected, 1 % withdrawn, 0.5 % stopped, all within six days; those received after
15/12/2025 are still open (some overdue). No events: the clock ran uninterrupted.

Then, in the same run, it rebuilds the roll-ups (``rollups_rebuild``, timed) and times what a
leader waits for: ``dossier_statistics(2025-01-01..2025-12-31, group_by=centre,month)``
  * from the roll-ups (best of 5 warm runs; must be under 100 ms),
  * computed directly from the dossiers (the same selector without roll-ups: per month, the
    conditional aggregation over the dossiers handled, with the overdue-at-the-end subquery;
    by default only up to 1,000,000 dossiers, ``--compare-direct`` beyond: it takes minutes),
  * and, as the floor of any direct answer, one plain GROUP BY centre × month of the dossiers
    received and resolved in 2025 (flows only: no carried-over or in-progress stocks).
When both statistics answers are computed they are compared row by row: they must be equal.

The generated rows are removed at the end (TRUNCATE of dossiers, events and roll-ups; ``make
bench`` runs on a throwaway database). Needs PostgreSQL; with SQLite it says so and exits 0.
At 10M dossiers expect roughly 15-25 minutes on a small machine, most of it building data and
roll-ups.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.models import (  # noqa: E402
    Centre,
    Desk,
    Dossier,
    DossierDailyRollup,
    DossierMonthlyRollup,
    Procedure,
    ProcedureVersion,
    RollupState,
    Sector,
    Unit,
)
from procedures.selectors.statistics import dossier_statistics  # noqa: E402
from procedures.services.rollups import rollups_rebuild  # noqa: E402

CENTRES, DESKS_PER_CENTRE, PROCEDURES, PER_DESK, SECTORS = 12, 10, 200, 20, 20
FIRST, DAYS = date(2017, 1, 1), 3287  # 01/01/2017 .. 31/12/2025
YEAR = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
LIMIT_MS = 100.0


def catalogue() -> tuple[list[int], list[tuple[int, int, int]]]:
    """Centres, desks and procedures for the generated dossiers (idempotent)."""
    province, _ = Unit.objects.get_or_create(
        code="BENCH-P", defaults={"name": "Tỉnh benchmark", "kind": UnitKind.PROVINCE}
    )
    sectors = [
        Sector.objects.get_or_create(code=f"BENCH-S{i:02d}", defaults={"name": f"Lĩnh vực {i}"})[0]
        for i in range(SECTORS)
    ]
    desks = []
    for c in range(CENTRES):
        unit, _ = Unit.objects.get_or_create(
            code=f"BENCH-D{c:02d}",
            defaults={"name": f"Huyện {c}", "kind": UnitKind.DISTRICT, "parent": province},
        )
        centre, _ = Centre.objects.get_or_create(
            code=f"BENCH-C{c:02d}",
            defaults={"name": f"TTHCC {c}", "level": Level.DISTRICT, "unit": unit},
        )
        for d in range(DESKS_PER_CENTRE):
            desk, _ = Desk.objects.get_or_create(
                code=f"BENCH.{c:02d}.{d:02d}.H56",
                defaults={"name": f"Bộ phận {c}-{d}", "unit": unit, "centre": centre},
            )
            desks.append(desk.pk)
    procedures = []
    for i in range(PROCEDURES):
        procedure, _ = Procedure.objects.get_or_create(code=f"8.{i:06d}")
        version = procedure.versions.first()
        if version is None:
            version = ProcedureVersion.objects.create(
                procedure=procedure,
                valid_from=date(2016, 1, 1),
                change_kind=ChangeKind.NEW,
                name=f"Thủ tục {i}",
                sector=sectors[i % SECTORS],
                level=Level.DISTRICT,
                processing_time_value=3,
                processing_time_unit=TimeUnit.DAYS,
            )
        procedures.append((procedure.pk, version.pk, version.sector_id))
    return desks, procedures


def generate(n: int, desks: list[int], procedures: list[tuple[int, int, int]]) -> None:
    table = Dossier._meta.db_table
    desk_array = "ARRAY[" + ",".join(map(str, desks)) + "]::bigint[]"
    proc_array = "ARRAY[" + ",".join(str(p) for p, _, _ in procedures) + "]::bigint[]"
    version_array = "ARRAY[" + ",".join(str(v) for _, v, _ in procedures) + "]::bigint[]"
    sector_array = "ARRAY[" + ",".join(str(s) for _, _, s in procedures) + "]::bigint[]"
    chunk = 1_000_000
    for start in range(1, n + 1, chunk):
        stop = min(n, start + chunk - 1)
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Skip the deferred foreign-key triggers for generated rows whose keys come from
            # the catalogue just read (a superuser's right: make bench's throwaway database).
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            # g: the dossier's number; k: which of its desk's 20 procedures (a fixed mix per
            # desk); r: received moment, spread evenly over the days, 07:00-16:00 local.
            cursor.execute(
                f"""
                WITH base AS (
                    SELECT g,
                        1 + (g % {len(desks)}) AS di,
                        1 + (((g % {len(desks)}) * 7 + (g * 2654435761 % 1000) % {PER_DESK})
                             % {PROCEDURES}) AS pi,
                        timestamptz '{FIRST:%Y-%m-%d} 07:00:00+07'
                            + ((g - 1) * {DAYS}::bigint / {n}) * interval '1 day'
                            + ((g * 7919) % 540) * interval '1 minute' AS r,
                        (g * 48271) % 1000 AS fate
                    FROM generate_series({start}::bigint, {stop}::bigint) AS g
                ), timed AS (
                    SELECT *, r + (1 + g % 5) * interval '1 day' AS due,
                        r + ((g * 69621) % 144) * interval '1 hour' AS ended
                    FROM base
                )
                INSERT INTO {table} (
                    code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
                    applicant_name, applicant_id_number, applicant_phone, applicant_address,
                    applicant_email, papers, status, received_at, due_at, clock_started_at,
                    clock_work, supplement_count, resolved_at, returned_at, closed_at, outcome,
                    is_overdue, rejection_reason, idempotency_fingerprint
                )
                SELECT 'BENCH-' || g, ({desk_array})[di], ({proc_array})[pi],
                    ({version_array})[pi], ({sector_array})[pi],
                    CASE WHEN g % 10 < 4 THEN 'online' WHEN g % 10 < 9 THEN 'direct'
                         ELSE 'postal' END,
                    'Nguyễn Văn A', '', '', '', '', '[]',
                    CASE WHEN r >= timestamptz '2025-12-16 00:00+07' THEN 2
                         WHEN fate < 955 THEN 10 WHEN fate < 975 THEN 3
                         WHEN fate < 985 THEN 7 ELSE 8 END,
                    r, due, r, interval '24 hours', 0,
                    CASE WHEN r < timestamptz '2025-12-16 00:00+07' AND fate < 955
                         THEN ended END,
                    CASE WHEN r < timestamptz '2025-12-16 00:00+07' AND fate < 955
                         THEN ended END,
                    CASE WHEN r < timestamptz '2025-12-16 00:00+07' THEN ended END,
                    CASE WHEN r >= timestamptz '2025-12-16 00:00+07' OR fate >= 955 THEN NULL
                         WHEN (ended AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                              < (due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'early'
                         WHEN (ended AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                              = (due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'on_time'
                         ELSE 'late' END,
                    FALSE, '', ''
                FROM timed
                """  # noqa: S608
            )
        print(
            f"  dossiers {stop:>11,} generated ({time.perf_counter() - began:5.1f} s)", flush=True
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    return best * 1000, result


def plain_group_by() -> list:
    """The floor: one GROUP BY centre × month of received and resolved in 2025 (flows only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT k.centre_id, date_trunc('month', d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'),
                   COUNT(*), COUNT(d.resolved_at), COUNT(*) FILTER (WHERE d.outcome = 'late')
            FROM {Dossier._meta.db_table} d JOIN procedures_desk k ON k.id = d.desk_id
            WHERE d.received_at >= timestamptz '2025-01-01 00:00+07'
              AND d.received_at < timestamptz '2026-01-01 00:00+07'
            GROUP BY 1, 2
            """  # noqa: S608
        )
        return cursor.fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dossiers", type=int, default=int(os.environ.get("BENCH_STATISTICS_DOSSIERS", 10_000_000))
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated rows")
    parser.add_argument(
        "--compare-direct",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also time the selector's direct computation and compare its rows (default: "
        "up to 1,000,000 dossiers; beyond, it takes many minutes)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_statistics needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    if Dossier.objects.exists():
        print("bench_statistics needs a database without dossiers (make bench gives one)")
        return 1
    desks, procedures = catalogue()
    print(f"Generating {args.dossiers:,} dossiers (generate_series, 1M per statement)")
    began = time.perf_counter()
    generate(args.dossiers, desks, procedures)
    generated = time.perf_counter() - began
    try:
        began = time.perf_counter()
        rollups_rebuild()
        rebuilt = time.perf_counter() - began
        daily, monthly = DossierDailyRollup.objects.count(), DossierMonthlyRollup.objects.count()

        question = {**YEAR, "group_by": ("centre", "month")}
        rolled_ms, rolled = timed(lambda: dossier_statistics(**question, source="rollups"), 5)
        compare = args.compare_direct
        if compare is None:
            compare = args.dossiers <= 1_000_000
        direct_ms, direct = (
            timed(lambda: dossier_statistics(**question, source="direct"), 1)
            if compare
            else (None, None)
        )
        plain_ms, _rows = timed(plain_group_by, 3)

        rows = [
            (f"generate {args.dossiers:,} dossiers", generated * 1000),
            (f"rebuild_rollups ({daily:,} daily, {monthly:,} monthly rows)", rebuilt * 1000),
            ("2025 by centre x month, from the roll-ups (best of 5)", rolled_ms),
            ("2025 by centre x month, direct from the dossiers", direct_ms),
            ("plain GROUP BY centre x month, received/resolved only (floor)", plain_ms),
        ]
        print()
        print(f"{'step':<64}{'ms':>12}")
        for label, ms in rows:
            shown = f"{ms:>12,.1f}" if ms is not None else "     skipped"
            print(f"{label:<64}{shown}")
        print(f"roll-ups vs plain GROUP BY: {plain_ms / rolled_ms:,.1f}x; {len(rolled.rows)} rows")
        assert rolled.source == "rollups"
        if direct is not None:
            print(f"roll-ups vs direct statistics: {direct_ms / rolled_ms:,.0f}x faster")
            assert direct.source == "direct"
            assert rolled.rows == direct.rows, "roll-ups and direct computation differ"
            assert rolled.totals == direct.totals, "roll-up and direct totals differ"
        assert rolled.checks == [], rolled.checks
        assert rolled_ms < LIMIT_MS, f"roll-ups took {rolled_ms:.1f} ms (limit {LIMIT_MS} ms)"
        return 0
    finally:
        if not args.keep:
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE procedures_dossierevent, procedures_dossier, "
                    f"{DossierDailyRollup._meta.db_table}, {DossierMonthlyRollup._meta.db_table} "
                    # Tables added since that reference the dossiers (the personal-data log).
                    "CASCADE"
                )
            RollupState.objects.all().delete()


if __name__ == "__main__":
    sys.exit(main())
