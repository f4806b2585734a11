"""Synthetic dossiers built inside PostgreSQL with ``generate_series``: millions of rows in
minutes, for the read benchmark (``bench_reads.py``) and the plan test
(``tests/procedures/selectors/test_dossier_plans.py``).

The shape is a province's: received over the last three years, nearly all closed (resolved and
returned, a few late), the last weeks' dossiers still open (received, in process, a few waiting
for a supplement, some past their due moment), spread over the given desks and procedures; each
with its timeline (receipt, and resolution for the closed ones). Due moments are the receipt
plus five calendar days, not the working calendar's: reads do not depend on how they were
computed, and computing them is what the import benchmark measures.
"""

from datetime import datetime, timedelta

from django.db import connection

from procedures.models import Dossier, DossierEvent

PREFIX = "SYN-"


def fill(
    *,
    rows: int,
    desks: list[int],
    versions: list[tuple[int, int, int]],
    end: datetime,
    years: float = 3.0,
    open_days: int = 20,
) -> None:
    """Insert ``rows`` dossiers (codes ``SYN-000000001``…) and their events, then ANALYZE.

    ``desks`` are desk ids; ``versions`` (procedure id, version id, sector id) triples; ``end``
    the newest moment of receipt (now, for open dossiers to be open and some overdue)."""
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    span = timedelta(days=365 * years)
    start = end - span
    seconds = span.total_seconds()
    params = {
        "rows": rows,
        "desks": desks,
        "procedures": [p for p, _v, _s in versions],
        "versions": [v for _p, v, _s in versions],
        "sectors": [s for _p, _v, s in versions],
        "start": start,
        "step": seconds / max(rows, 1),
        "open_from": end - timedelta(days=open_days),
        "now": end,
    }
    with connection.cursor() as cursor:
        # Receipt moments rise with g (plus up to ~7 hours of jitter): the table is in roughly
        # the order a real one is, received day after day.
        cursor.execute(
            f"""
            INSERT INTO {dossier} (
                code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
                applicant_name, applicant_id_number, applicant_phone, applicant_address,
                applicant_email, papers, status, received_at, due_at, clock_started_at,
                clock_work, supplement_count, resolved_at, closed_at, returned_at, outcome,
                is_overdue, rejection_reason, idempotency_fingerprint
            )
            SELECT code, desk_id, procedure_id, version_id, sector_id, channel, name, '', '',
                '', '', '[]', status, received_at, received_at + interval '5 days', received_at,
                interval '5 days', 0,
                CASE WHEN status IN (9, 10) THEN closed_at END,
                CASE WHEN status IN (9, 10) THEN closed_at END,
                CASE WHEN status = 10 THEN closed_at + interval '1 day' END,
                CASE WHEN status IN (9, 10) THEN
                    CASE WHEN closed_at > received_at + interval '5 days' THEN 'late'
                    ELSE 'on_time' END END,
                status IN (2, 4) AND received_at + interval '5 days' < %(now)s
                    OR status = 5 AND received_at + interval '5 days' < %(now)s - interval '1 day',
                '', ''
            FROM (
                SELECT g, 'SYN-' || lpad(g::text, 9, '0') AS code,
                    (%(desks)s::bigint[])[1 + g %% cardinality(%(desks)s::bigint[])] AS desk_id,
                    (%(procedures)s::bigint[])[1 + (g / 7) %% cardinality(%(procedures)s::bigint[])]
                        AS procedure_id,
                    (%(versions)s::bigint[])[1 + (g / 7) %% cardinality(%(versions)s::bigint[])]
                        AS version_id,
                    (%(sectors)s::bigint[])[1 + (g / 7) %% cardinality(%(sectors)s::bigint[])]
                        AS sector_id,
                    CASE g %% 3 WHEN 0 THEN 'online' WHEN 1 THEN 'direct' ELSE 'postal' END
                        AS channel,
                    'Nguyễn Văn ' || g AS name,
                    received_at,
                    received_at + (1 + (g * 7919) %% 8) * interval '1 day' AS closed_at,
                    CASE
                        WHEN received_at < %(open_from)s THEN 9 + g %% 2
                        WHEN g %% 10 = 0 THEN 5
                        WHEN g %% 3 = 0 THEN 4
                        ELSE 2
                    END AS status
                FROM (
                    SELECT g, %(start)s::timestamptz
                        + (g * %(step)s + (g * 104729) %% 25000) * interval '1 second'
                        AS received_at
                    FROM generate_series(1, %(rows)s::bigint) AS g
                ) AS moments
            ) AS synthetic
            """,  # noqa: S608
            params,
        )
        synthetic = f"FROM {dossier} d WHERE d.code LIKE 'SYN-%%'"
        columns = "dossier_id, action, from_status, to_status, at, note, due_at"
        cursor.execute(
            f"INSERT INTO {event} ({columns}) SELECT d.id, 'receive', NULL, 2, d.received_at, "
            f"'', d.due_at {synthetic}"
        )
        cursor.execute(
            f"INSERT INTO {event} ({columns}) SELECT d.id, 'resolve', 2, 9, d.closed_at, '', "
            f"d.due_at {synthetic} AND d.closed_at IS NOT NULL"
        )
        cursor.execute(
            f"INSERT INTO {event} ({columns}) SELECT d.id, 'request_supplement', 2, 5, "
            f"d.received_at + interval '1 hour', '', d.due_at {synthetic} AND d.status = 5"
        )
        # Every table: the planner must know the catalogue tables are small, too (autovacuum
        # would tell it in time; a benchmark or test cannot wait for it).
        cursor.execute("ANALYZE")


def remove() -> None:
    """Delete the synthetic dossiers and their events."""
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {event} WHERE dossier_id IN "  # noqa: S608
            f"(SELECT id FROM {dossier} WHERE code LIKE 'SYN-%%')"
        )
        cursor.execute(f"DELETE FROM {dossier} WHERE code LIKE 'SYN-%%'")  # noqa: S608
