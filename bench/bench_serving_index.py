"""Benchmark: the serving index (Decision 766) for a year grouped by unit, beside the plain
form 06 statistics grouped by unit, on the same dossiers in the same run.

Builds N dossiers with bench_statistics' generator (default 10,000,000, the issue's figure;
``--dossiers 200000`` or ``BENCH_SERVING_INDEX_DOSSIERS=200000`` for a quick run), then sets
the index's facts with one UPDATE per fact family (digitised papers 70 %, data reused 30 %, a
fee on a quarter of them, half of those paid online, an electronic result on 60 % of the
resolved, 95 % confirmed on the national portal) and rates one resolved dossier in ten (80 %
satisfied). Then it times, best of 3:
  * ``dossier_statistics(2025, group_by=unit)`` computed directly (form 06 alone),
  * ``serving_index(2025, group_by=unit)`` (form 06's 766 counts + the facts + the catalogue),
and prints both tables' first rows side by side. The generated rows are removed at the end.
Needs PostgreSQL; with SQLite it says so and exits 0.
"""

import argparse
import os
import sys
import time

import bench_statistics as base  # first: it sets Django up
from django.db import connection

from procedures.models import Dossier, DossierRating
from procedures.selectors.serving_index import serving_index
from procedures.selectors.statistics import dossier_statistics

YEAR = base.YEAR


def facts() -> None:
    table, ratings = Dossier._meta.db_table, DossierRating._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET
                papers_digitised = (id % 10 < 7),
                data_reused = (id % 10 < 3),
                fee_amount = CASE WHEN id % 4 = 0 THEN 50000 ELSE 0 END,
                paid_online = CASE WHEN id % 4 = 0 THEN id % 8 = 0 END,
                electronic_result = CASE WHEN resolved_at IS NOT NULL THEN id % 5 < 3 END,
                result_digitised = CASE WHEN resolved_at IS NOT NULL THEN id % 5 < 4 END,
                national_synced_at = CASE WHEN id % 20 < 19
                                          THEN received_at + interval '1 hour' END,
                national_synced_status = CASE WHEN id % 20 < 19 THEN status END
            """  # noqa: S608
        )
        cursor.execute(
            f"""
            INSERT INTO {ratings} (dossier_id, overall, on_time, attitude, returns_count,
                                   channel, rated_at)
            SELECT id, CASE WHEN (id / 10) % 10 < 8 THEN 5 ELSE 2 END, 4, 4, 0, 'lookup',
                   resolved_at + interval '2 hours'
            FROM {table} WHERE resolved_at IS NOT NULL AND id % 10 = 0
            """  # noqa: S608
        )
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"ANALYZE {ratings}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dossiers",
        type=int,
        default=int(os.environ.get("BENCH_SERVING_INDEX_DOSSIERS", 10_000_000)),
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_serving_index needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    if Dossier.objects.exists():
        print("bench_serving_index needs a database without dossiers (make bench gives one)")
        return 1
    desks, procedures = base.catalogue()
    print(f"Generating {args.dossiers:,} dossiers and their index facts")
    began = time.perf_counter()
    base.generate(args.dossiers, desks, procedures)
    facts()
    print(f"  built in {time.perf_counter() - began:,.1f} s")
    try:
        form_ms, form = base.timed(
            lambda: dossier_statistics(**YEAR, group_by=("unit",), source="direct"), 3
        )
        index_ms, index = base.timed(lambda: serving_index(**YEAR, group_by="unit"), 3)
        print()
        print(f"{'2025 grouped by unit (best of 3)':<52}{'ms':>12}")
        print(f"{'form 06 statistics (direct)':<52}{form_ms:>12,.1f}")
        print(f"{'serving index (form 06 + facts + catalogue)':<52}{index_ms:>12,.1f}")
        print()
        by_code = {r["key"]["unit"]: r for r in form.rows}
        print(f"{'unit':<12}{'received':>10}{'766 rate':>10}{'index':>9}  rank  groups")
        for row in sorted(index.rows, key=lambda r: r["rank"]):
            code = row["key"]["unit"]
            stats = by_code.get(code, {})
            rate = stats.get("progress_rate_766")
            groups = " ".join(f"{g['points']:.1f}" for g in row["groups"].values())
            shown = f"{float(rate):.4f}" if rate is not None else "-"
            print(
                f"{code:<12}{stats.get('received_new', 0):>10,}{shown:>10}"
                f"{row['total_points']:>9.2f}  {row['rank']:>4}  {groups}"
            )
        t = index.totals
        print(
            f"{'province':<12}{form.totals['received_new']:>10,}{'':>10}{t['total_points']:>9.2f}"
        )
        progress = t["groups"]["progress"]["indicators"]["resolved_in_time"]
        assert progress["numerator"] == form.totals["resolved_in_time_766"]
        return 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {DossierRating._meta.db_table}, procedures_dossierevent, "
                "procedures_dossier CASCADE"
            )


if __name__ == "__main__":
    sys.exit(main())
