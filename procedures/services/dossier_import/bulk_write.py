"""Writing the staged dossiers in bulk and finishing the import: foreign keys set aside for a
large load, the ``INSERT ... SELECT`` into the dossier table, the desks' daily sequences raised
past imported codes, the set-based timeline (receipt and ending) of dossiers without events, and
the roll-ups of what was imported."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import DatabaseError, transaction

from procedures.calendar import clock as rules
from procedures.choices import DossierStatus, Outcome
from procedures.dossier_flow import RECEIVE
from procedures.models import Desk, Dossier, DossierEvent, DossierSequence
from procedures.services.dossier_import.staging import STAGE, _moment_sql, _postgres
from procedures.services.rollups_import import rollups_add_imported

# The event that ends a dossier of each closed status, in the timeline and in the replay.
CLOSING_ACTIONS = {
    DossierStatus.REJECTED: "reject",
    DossierStatus.WITHDRAWN: "withdraw",
    DossierStatus.STOPPED: "stop",
    DossierStatus.RESOLVED: "resolve",
    DossierStatus.RESULT_RETURNED: "resolve",
}


# Below this many new dossiers, or below this share of the table, foreign keys are checked row
# by row as usual (and the tables stay readable during the import).
BULK_FOREIGN_KEYS_MIN_ROWS = 50_000
BULK_FOREIGN_KEYS_MIN_SHARE = 0.25


def _foreign_keys_drop_for_bulk(cursor) -> list[tuple[str, str, str]]:
    """For a large import on PostgreSQL, drop the foreign keys of the dossier and event tables
    for the rest of the transaction; :func:`_foreign_keys_restore` adds them back, and adding a
    foreign key checks every row at once (one anti-join per key) instead of one index probe
    per row and key at COMMIT (about 6,7 million probes, 50 s, per million dossiers with their
    timelines: issue 9). The ids were already validated against the catalogue and the desks.

    The price: ``ALTER TABLE`` locks both tables (ACCESS EXCLUSIVE) until the import commits,
    so screens that read dossiers wait for it; hence only for loads that are large both in rows
    and against the table's size (a history import before going live). Without the right to
    alter the tables the import keeps the row checks."""
    if not _postgres():
        return []
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    cursor.execute(f"SELECT COUNT(*) FROM {STAGE} WHERE NOT existing")  # noqa: S608
    rows = cursor.fetchone()[0]
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [dossier])
    present = max(cursor.fetchone()[0], 0)
    if rows < BULK_FOREIGN_KEYS_MIN_ROWS or rows < BULK_FOREIGN_KEYS_MIN_SHARE * present:
        return []
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid IN (%s::regclass, %s::regclass) ORDER BY conname",
        [dossier, event],
    )
    keys = cursor.fetchall()
    try:
        with transaction.atomic():
            for table, name, _definition in keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    except DatabaseError:
        return []  # not the tables' owner: the usual checks at COMMIT
    return keys


def _foreign_keys_restore(cursor, keys: list[tuple[str, str, str]]) -> None:
    """Add back the foreign keys :func:`_foreign_keys_drop_for_bulk` dropped, each checked
    over the whole table in one statement (a bad id fails the import, which writes nothing)."""
    tables: dict[str, list[str]] = {}
    for table, name, definition in keys:
        tables.setdefault(table, []).append(f'ADD CONSTRAINT "{name}" {definition}')
    for table, additions in tables.items():
        cursor.execute(f"ALTER TABLE {table} {', '.join(additions)}")


def _sequences_after_imported_codes(cursor) -> None:
    """Imported dossiers may hold codes in this project's own format (``{desk}-{yyMMdd}-{n}``):
    raise each desk's daily sequence to the highest number imported, so that intake, which
    reads nothing but its sequence row, continues after them. Set-based: one grouped query."""
    desk = Desk._meta.db_table
    if _postgres():
        cursor.execute(
            rf"""
            SELECT desk_id, m[1], MAX(m[2]::bigint) FROM (
                SELECT s.desk_id,
                    regexp_match(substr(s.code, length(k.code) + 2), '^(\d{{6}})-(\d{{1,9}})$') AS m
                FROM {STAGE} s JOIN {desk} k ON k.id = s.desk_id
                WHERE NOT s.existing AND starts_with(s.code, k.code || '-')
            ) AS codes WHERE m IS NOT NULL GROUP BY desk_id, m[1]
            """  # noqa: S608
        )
        highest = cursor.fetchall()
    else:
        cursor.execute(
            f"SELECT s.desk_id, k.code, s.code FROM {STAGE} s JOIN {desk} k "  # noqa: S608
            "ON k.id = s.desk_id WHERE NOT s.existing"
        )
        found: dict[tuple, int] = {}
        for desk_id, desk_code, code in cursor.fetchall():
            match = re.fullmatch(rf"{re.escape(desk_code)}-(\d{{6}})-(\d{{1,9}})", code)
            if match:
                key = (desk_id, match[1])
                found[key] = max(found.get(key, 0), int(match[2]))
        highest = [(desk_id, day, number) for (desk_id, day), number in found.items()]
    rows = []
    for desk_id, day, number in highest:
        try:
            rows.append((desk_id, datetime.strptime(day, "%y%m%d").date(), number))
        except ValueError:
            continue  # digits that are no date: not one of our codes
    table = DossierSequence._meta.db_table
    for row in rows:
        cursor.execute(
            f"INSERT INTO {table} (desk_id, day, last_number) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (desk_id, day) DO UPDATE SET last_number = "
            f"CASE WHEN {table}.last_number > excluded.last_number THEN {table}.last_number "
            "ELSE excluded.last_number END",
            list(row),
        )


def _late_766_sql(column: str) -> str:
    """The clock's :func:`~procedures.calendar.clock.late_for_766` of a dossier imported without
    events (no supplement request) written out as SQL over its outcome: the rule stays in the
    clock, the database only looks its verdicts up."""

    def literal(value) -> str:
        return "NULL" if value is None else str(bool(value)).upper()

    whens = " ".join(
        f"WHEN '{value}' THEN {literal(rules.late_for_766(value, 0))}" for value in Outcome.values
    )
    return f"CASE {column} {whens} ELSE {literal(rules.late_for_766(None, 0))} END"


def _stage_insert(cursor) -> int:
    table = Dossier._meta.db_table
    work = "clock_work_us * interval '1 microsecond'" if _postgres() else "clock_work_us"
    # Without events nothing was waited for: Decision 766's waiting time is zero.
    zero = "interval '0'" if _postgres() else "0"
    moment = {
        m: _moment_sql(m)
        for m in (
            "received_at",
            "due_at",
            "clock_started_at",
            "resolved_at",
            "returned_at",
            "closed_at",
        )
    }
    cursor.execute(
        f"""
        INSERT INTO {table} (
            code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
            applicant_name, applicant_id_number, applicant_phone, applicant_address,
            applicant_email, papers, status, received_at, due_at, clock_started_at, clock_work,
            resolved_at, returned_at, closed_at, outcome, is_overdue, supplement_count,
            rejection_reason, idempotency_fingerprint, clock_ran_out, late_766, waiting_work,
            papers_digitised, data_reused, fee_amount, paid_online, electronic_result
        )
        SELECT code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
            applicant_name, '', '', '', '', '[]', status, {moment["received_at"]},
            {moment["due_at"]}, {moment["clock_started_at"]}, {work}, {moment["resolved_at"]},
            {moment["returned_at"]}, {moment["closed_at"]}, outcome, is_overdue, 0, '', '',
            false, {_late_766_sql("outcome")},
            CASE WHEN outcome IS NULL THEN NULL ELSE {zero} END,
            papers_digitised, data_reused, fee_amount, paid_online, electronic_result
        FROM {STAGE} WHERE NOT existing
        ON CONFLICT (code) DO NOTHING
        """  # noqa: S608
    )
    return cursor.rowcount


def _timeline_insert(cursor) -> None:
    """The receipt and the ending of each new dossier without events in the events file, in
    three set-based statements (in this order, so ids follow the timeline)."""
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    columns = (
        "dossier_id, action, from_status, to_status, actor_id, at, note, giver_id, "
        "receiver_id, due_at, new_due_at"
    )
    new = (
        f"FROM {STAGE} s JOIN {dossier} d ON d.code = s.code "
        "WHERE NOT s.existing AND NOT s.has_events"
    )
    registered, received = int(DossierStatus.REGISTERED_ONLINE), int(DossierStatus.RECEIVED)
    ending = " ".join(f"WHEN {int(s)} THEN '{a}'" for s, a in CLOSING_ACTIONS.items())
    statements = [
        f"SELECT d.id, '{RECEIVE}', NULL, CASE WHEN d.status = {registered} THEN {registered} "
        f"ELSE {received} END, NULL, d.received_at, '', NULL, NULL, d.due_at, NULL {new}",
        f"SELECT d.id, CASE d.status {ending} END, {received}, CASE WHEN d.status = "
        f"{int(DossierStatus.RESULT_RETURNED)} THEN {int(DossierStatus.RESOLVED)} ELSE d.status "
        f"END, NULL, d.closed_at, '', NULL, NULL, d.due_at, NULL {new} "
        f"AND d.status IN ({', '.join(str(int(s)) for s in CLOSING_ACTIONS)})",
        f"SELECT d.id, 'return_result', {int(DossierStatus.RESOLVED)}, "
        f"{int(DossierStatus.RESULT_RETURNED)}, NULL, d.returned_at, '', NULL, NULL, d.due_at, "
        f"NULL {new} AND d.status = {int(DossierStatus.RESULT_RETURNED)}",
    ]
    for select in statements:
        cursor.execute(f"INSERT INTO {event} ({columns}) {select}")


def _last_dossier_id(cursor) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Dossier._meta.db_table}")  # noqa: S608
    return int(cursor.fetchone()[0])


def _rollups_of_imported(before: int, *, has_events: bool) -> None:
    """The roll-ups of the dossiers this import created, in its own pass: those after the last
    id before it whose code it staged (a dossier received live meanwhile keeps its own refresh;
    one already present was skipped and counts as before)."""
    # Built from the stage's constant name only (the id is a parameter): S608 does not apply.
    imported = f"d.id > %(before)s AND d.code IN (SELECT code FROM {STAGE})"  # noqa: S608
    cells = f"SELECT DISTINCT desk_id, procedure_id, channel FROM {STAGE} WHERE NOT existing"  # noqa: S608
    # Those with no row in the events file have only the timeline this import wrote.
    plain = f"d.code IN (SELECT code FROM {STAGE} WHERE NOT has_events)"  # noqa: S608
    rollups_add_imported(
        dossier_where=imported,
        cells_where=f"(desk_id, procedure_id, channel) IN ({cells})",
        params={"before": before},
        plain=plain if has_events else "TRUE",
    )
