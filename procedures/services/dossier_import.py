"""Nhập lịch sử hồ sơ: dossiers handled in another system, with their hand-overs, supplement
requests and apologies. All or nothing, idempotent, streamed in chunks.

Dossier rows are validated chunk by chunk and written to a temporary stage table (``COPY`` on
PostgreSQL, batched inserts elsewhere); duplicate codes across the whole file are then found by
SQL on the stage, and one ``INSERT ... SELECT ... ON CONFLICT (code) DO NOTHING`` moves them into
place, so codes already present are skipped and a second import changes nothing.

Every imported dossier gets its timeline: the receipt and, when it ended, its resolution, return,
rejection, withdrawal or stop, written by ``INSERT ... SELECT`` for dossiers without events in the
events file. The events file is staged alike; the events of each new dossier are replayed in
order through the state table and the clock of :mod:`procedures.services.dossiers`, so each event
gets its real from and to states and the due moment after it, and an event the state forbids, or
a sequence that contradicts the dossier's status, is reported with its row. Events can only come
with their dossier: for a dossier already in the database, an event already recorded is skipped
and any other is refused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import clock as rules
from procedures.calendar.row_clock import clock_of
from procedures.choices import DossierStatus, Outcome, SupplementMode
from procedures.dossier_flow import (
    RECEIVE,
    RUNNING_STATUSES,
    TRANSITIONS,
    WAITING_STATUSES,
    target_status,
)
from procedures.importers.dossiers import (
    DOSSIER_COLUMNS,
    EVENT_COLUMNS,
    DossierRowValidator,
    EventRowValidator,
    RowError,
    read_chunks,
)
from procedures.models import Desk, Dossier, DossierEvent, DossierSequence
from procedures.selectors.calendar import clock_rule_book_get, working_calendar_get
from procedures.services.dossiers import status_label
from procedures.services.dossiers.clock import (
    clock_resume,
    clock_start,
    clock_stop,
    dossier_history,
    version_shares,
)
from procedures.services.rollups_import import rollups_add_imported

STAGE = "dossier_import_stage"
EVENT_STAGE = "dossier_import_event_stage"
STAGE_COLUMNS = (
    ("row_number", "bigint"),
    ("code", "varchar(64)"),
    ("desk_id", "bigint"),
    ("procedure_id", "bigint"),
    ("procedure_version_id", "bigint"),
    ("sector_id", "bigint"),
    ("channel", "varchar(10)"),
    ("applicant_name", "varchar(255)"),
    ("status", "integer"),
    ("received_at", "timestamp"),
    ("due_at", "timestamp"),
    ("clock_started_at", "timestamp"),
    ("clock_work_us", "bigint"),
    ("resolved_at", "timestamp"),
    ("returned_at", "timestamp"),
    ("closed_at", "timestamp"),
    ("outcome", "varchar(10)"),
    ("is_overdue", "boolean"),
    # Decision 766's facts, from the optional columns (procedures.importers.dossier_facts).
    ("papers_digitised", "boolean"),
    ("data_reused", "boolean"),
    ("fee_amount", "bigint"),
    ("paid_online", "boolean"),
    ("electronic_result", "boolean"),
)
# Filled after staging: the code is already in the database; the events file names it.
STAGE_FLAGS = "existing boolean NOT NULL DEFAULT false, has_events boolean NOT NULL DEFAULT false"
EVENT_STAGE_COLUMNS = (
    ("row_number", "bigint"),
    ("dossier_code", "text"),
    ("action", "varchar(40)"),
    ("at", "timestamp"),
    ("note", "text"),
    ("giver_id", "bigint"),
    ("receiver_id", "bigint"),
    ("new_due_at", "timestamp"),
)
MAX_REPORTED_ERRORS = 1000
REPLAY_BATCH = 2_000
CLOSING_ACTIONS = {
    DossierStatus.REJECTED: "reject",
    DossierStatus.WITHDRAWN: "withdraw",
    DossierStatus.STOPPED: "stop",
    DossierStatus.RESOLVED: "resolve",
    DossierStatus.RESULT_RETURNED: "resolve",
}


class DossierImportError(Exception):
    """The files have bad rows: nothing was written. ``errors`` lists every one (up to 1,000)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    events_created: int = 0
    events_skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


_EPOCH = pd.Timestamp(0, tz="UTC")


def _moment_sql(column: str) -> str:
    """A staged moment as the database's own timestamp (PostgreSQL stages microseconds)."""
    if _postgres():
        return f"timestamptz 'epoch' + {column} * interval '1 microsecond'"
    return column


def _db_moment(value) -> datetime | None:
    """A moment read back from the stage through a raw cursor, made aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _stage_create(cursor, table: str, columns, extra: str = "") -> None:
    # PostgreSQL stages moments as microseconds since the epoch: pandas writes integers to the
    # COPY buffer many times faster than formatted timestamps.
    moment = "bigint" if _postgres() else "datetime"
    definition = ", ".join(
        f"{name} {moment if kind == 'timestamp' else kind}" for name, kind in columns
    )
    if extra:
        definition += f", {extra}"
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    suffix = " ON COMMIT DROP" if _postgres() else ""
    cursor.execute(f"CREATE TEMPORARY TABLE {table} ({definition}){suffix}")


def _stage_frame(frame: pd.DataFrame, columns, ids=()) -> pd.DataFrame:
    out = frame.rename(columns={"row": "row_number"})[[name for name, _ in columns]].copy()
    for column in ids:
        out[column] = out[column].astype("Int64")
    moments = [name for name, kind in columns if kind == "timestamp"]
    if _postgres():
        for column in moments:
            since = out[column].dt.tz_convert("UTC") - _EPOCH
            out[column] = (since // pd.Timedelta(microseconds=1)).astype("Int64")
    else:
        adapt = connection.ops.adapt_datetimefield_value
        for column in moments:
            out[column] = [None if pd.isna(v) else adapt(v.to_pydatetime()) for v in out[column]]
    return out


def _stage_write(cursor, table: str, out: pd.DataFrame, *, method: str, not_null=()) -> None:
    names = ", ".join(out.columns)
    if method == "copy":
        # One COPY per chunk, fed from a CSV buffer that pandas writes in C.
        buffer = io.StringIO()
        out.to_csv(buffer, index=False, header=False)
        options = f", FORCE_NOT_NULL ({', '.join(not_null)})" if not_null else ""
        with cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv{options})"
        ) as copy:
            copy.write(buffer.getvalue())
        return
    rows = out.astype(object).where(out.notna(), None).itertuples(index=False, name=None)
    placeholders = ", ".join(["%s"] * len(out.columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5_000:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _stage_duplicates(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"SELECT code, row_number FROM {STAGE} WHERE code IN "  # noqa: S608
        f"(SELECT code FROM {STAGE} GROUP BY code HAVING COUNT(*) > 1) ORDER BY code, row_number"
    )
    errors, first = [], {}
    for code, row in cursor.fetchall():
        if code in first:
            errors.append(
                RowError(
                    int(row),
                    "code",
                    _("duplicate dossier code %(code)s (also on row %(row)s)")
                    % {"code": code, "row": first[code]},
                    file,
                )
            )
        else:
            first[code] = row
    return errors


def _event_duplicates(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"""
        SELECT row_number, first_row FROM (
            SELECT row_number, MIN(row_number) OVER (PARTITION BY dossier_code, action, at)
                AS first_row
            FROM {EVENT_STAGE}
        ) AS numbered WHERE row_number <> first_row ORDER BY row_number LIMIT %s
        """,  # noqa: S608
        [MAX_REPORTED_ERRORS],
    )
    return [
        RowError(int(row), "at", _("the same event is also on row %(row)s") % {"row": first}, file)
        for row, first in cursor.fetchall()
    ]


def _events_of_other_dossiers(cursor, report: ImportReport, file: str) -> list[RowError]:
    """Events of dossiers not created by this import: unknown codes are refused; for a dossier
    already in the database an event already recorded is skipped (idempotence), any other is
    refused, since its timeline and clock are already settled."""
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    # Table names and SQL of our own only; no value of the file is pasted into SQL.
    recorded = (
        f"EXISTS (SELECT 1 FROM {event} x WHERE x.dossier_id = d.id AND x.action = e.action "  # noqa: S608
        f"AND x.at = {_moment_sql('e.at')})"
    )
    others = (
        f"FROM {EVENT_STAGE} e LEFT JOIN {STAGE} s ON s.code = e.dossier_code "
        f"LEFT JOIN {dossier} d ON d.code = e.dossier_code WHERE (s.code IS NULL OR s.existing)"
    )
    cursor.execute(f"SELECT COUNT(*) {others} AND d.id IS NOT NULL AND {recorded}")
    report.events_skipped = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT e.row_number, e.dossier_code, d.id IS NULL {others} "
        f"AND (d.id IS NULL OR NOT {recorded}) ORDER BY e.row_number LIMIT %s",
        [MAX_REPORTED_ERRORS],
    )
    return [
        RowError(
            int(row),
            "dossier_code",
            _("unknown dossier code")
            if unknown
            else _(
                "dossier %(code)s is already in the database: its events can only be imported "
                "together with it, and this one is not among those recorded"
            )
            % {"code": code},
            file,
        )
        for row, code, unknown in cursor.fetchall()
    ]


def _waiting_without_events(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"SELECT row_number FROM {STAGE} WHERE NOT existing AND NOT has_events "  # noqa: S608
        f"AND status IN (%s, %s) ORDER BY row_number LIMIT %s",
        [*(int(s) for s in WAITING_STATUSES), MAX_REPORTED_ERRORS],
    )
    return [
        RowError(
            int(row),
            "status",
            _(
                "a dossier waiting for the applicant (status 5 or 6) needs, in the events file, "
                "the request that stopped its clock"
            ),
            file,
        )
        for (row,) in cursor.fetchall()
    ]


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


def _stage_index_for_replay(cursor) -> None:
    """The replay reads the stages batch by batch: index them (temporary tables are never
    analysed by autovacuum, so ANALYZE too) rather than scanning them once per batch."""
    if not _postgres():
        return
    cursor.execute(f"CREATE INDEX ON {STAGE} (code) WHERE has_events AND NOT existing")
    cursor.execute(f"CREATE INDEX ON {EVENT_STAGE} (dossier_code)")
    # The replay then reads the dossiers just inserted (by code, with their versions): without
    # fresh statistics the planner plans for the table as it was before the load, which in one
    # transaction after another bulk load turned a batch lookup into minutes of nested loops.
    cursor.execute(f"ANALYZE {STAGE}, {EVENT_STAGE}, {Dossier._meta.db_table}")


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


def _error_order(files: list[str]):
    return lambda e: (files.index(e.file) if e.file in files else len(files), e.row, e.column)


@transaction.atomic
def dossiers_import(
    *,
    path: str | Path,
    events_path: str | Path | None = None,
    chunk_size: int = 50_000,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    method: str | None = None,
) -> ImportReport:
    """Nhập hồ sơ từ tệp CSV/XLSX (and optionally its events file). Raises
    :class:`DossierImportError` listing every bad row of both files, having written nothing.

    ``method`` is how rows reach the stage: ``copy`` (PostgreSQL's COPY, the default there) or
    ``insert`` (batched INSERTs, any database)."""
    method = method or ("copy" if _postgres() else "insert")
    if method == "copy" and not _postgres():
        raise ValueError("COPY needs PostgreSQL.")
    now = now or timezone.now()
    path = Path(path)
    events_path = Path(events_path) if events_path else None
    files = [path.name, *([events_path.name] if events_path else [])]
    calendar = working_calendar_get()
    validator = DossierRowValidator(
        calendar=calendar, now=now, file=path.name, book=clock_rule_book_get()
    )
    report, errors = ImportReport(), []

    def fail_if_any():
        if errors:
            raise DossierImportError(sorted(errors, key=_error_order(files))[:MAX_REPORTED_ERRORS])

    with connection.cursor() as cursor:
        _stage_create(cursor, STAGE, STAGE_COLUMNS, STAGE_FLAGS)
        for chunk in read_chunks(path, columns=DOSSIER_COLUMNS, chunk_size=chunk_size):
            report.rows += len(chunk)
            valid, chunk_errors = validator.validate(chunk)
            errors.extend(chunk_errors[: MAX_REPORTED_ERRORS - len(errors)])
            if not valid.empty and not errors:
                out = _stage_frame(
                    valid,
                    STAGE_COLUMNS,
                    ids=("desk_id", "procedure_id", "procedure_version_id", "sector_id"),
                )
                _stage_write(
                    cursor,
                    STAGE,
                    out,
                    method=method,
                    not_null=("code", "channel", "applicant_name"),
                )
            if progress:
                progress(len(chunk))
        if not errors:
            errors.extend(_stage_duplicates(cursor, path.name)[:MAX_REPORTED_ERRORS])
        if errors:
            # The stage is incomplete: checking events against it would mislead. Still read
            # the events file, to report its own bad rows in the same run.
            if events_path:
                _stage_events(
                    cursor, events_path, errors, chunk_size=chunk_size, method=None, now=now
                )
            fail_if_any()

        cursor.execute(
            f"UPDATE {STAGE} SET existing = true "  # noqa: S608
            f"WHERE code IN (SELECT code FROM {Dossier._meta.db_table})"
        )
        if events_path:
            _stage_events(
                cursor, events_path, errors, chunk_size=chunk_size, method=method, now=now
            )
            cursor.execute(
                f"UPDATE {STAGE} SET has_events = true "  # noqa: S608
                f"WHERE code IN (SELECT dossier_code FROM {EVENT_STAGE})"
            )
            errors.extend(_event_duplicates(cursor, events_path.name))
            errors.extend(_events_of_other_dossiers(cursor, report, events_path.name))
        errors.extend(_waiting_without_events(cursor, path.name))

        # Written even when some rows are bad (the transaction is then undone) so that the
        # replay reports the problems of every dossier's history in this same run.
        dropped = _foreign_keys_drop_for_bulk(cursor)
        before = _last_dossier_id(cursor)
        report.created = _stage_insert(cursor)
        report.skipped = report.rows - report.created
        _sequences_after_imported_codes(cursor)
        _timeline_insert(cursor)
        if events_path:
            _stage_index_for_replay(cursor)
            errors.extend(
                _replay(
                    cursor,
                    report,
                    calendar=calendar,
                    now=now,
                    dossiers_file=path.name,
                    events_file=events_path.name,
                )
            )
        fail_if_any()
        _foreign_keys_restore(cursor, dropped)
        if _postgres() and report.created:
            # After a bulk load the planner's statistics still describe the tables before it;
            # the queries that follow in the same transaction (the roll-ups' first, and until
            # autovacuum wakes) would plan for tiny tables. PostgreSQL's advice: ANALYZE them.
            # The stage too: the roll-ups pick the imported dossiers by joining it.
            cursor.execute(
                f"ANALYZE {Dossier._meta.db_table}, {DossierEvent._meta.db_table}, {STAGE}"
            )
        if report.created:
            _rollups_of_imported(before, has_events=events_path is not None)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(f"DROP TABLE IF EXISTS {EVENT_STAGE}")
    return report


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


def _stage_events(
    cursor,
    path: Path,
    errors: list,
    *,
    chunk_size: int,
    method: str | None,
    now: datetime | None = None,
) -> None:
    """Validate the events file and stage its good rows (``method`` None: validate only). The
    good rows are staged even when others are bad, so that the replay still reports the
    problems of each dossier's history (one per dossier: its first) in the same run. "In the
    future" is after the import's ``now``, the same moment the dossiers' rows are judged by."""
    validator = EventRowValidator(tz=working_calendar_get().tz.key, file=path.name, now=now)
    if method:
        _stage_create(cursor, EVENT_STAGE, EVENT_STAGE_COLUMNS)
    for chunk in read_chunks(path, columns=EVENT_COLUMNS, chunk_size=chunk_size):
        valid, chunk_errors = validator.validate(chunk)
        errors.extend(chunk_errors[: max(MAX_REPORTED_ERRORS - len(errors), 0)])
        if method and not valid.empty:
            out = _stage_frame(valid, EVENT_STAGE_COLUMNS, ids=("giver_id", "receiver_id"))
            _stage_write(
                cursor,
                EVENT_STAGE,
                out,
                method=method,
                not_null=("dossier_code", "action", "note"),
            )


# -- replaying the events of new dossiers ----------------------------------------------------


@dataclass
class _Step:
    action: str
    at: datetime
    row: int | None = None  # the events file's row; None for the dossier's own ending
    note: str = ""
    giver_id: int | None = None
    receiver_id: int | None = None
    new_due_at: datetime | None = None


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _replay(
    cursor,
    report: ImportReport,
    *,
    calendar,
    now,
    dossiers_file: str,
    events_file: str,
) -> list[RowError]:
    """Replay, batch by batch of new dossiers, their events from the events file together with
    their receipt and ending; write every event with its states and due moment, and the
    dossier's clock, agency, supplement count, apology and outcome."""
    # Each dossier is replayed under the rule set in force on the day it was received.
    book = clock_rule_book_get()
    shares: dict[tuple, dict] = {}
    writer = _ReplayWriter(cursor)
    errors: list[RowError] = []
    last = ""
    while len(errors) < MAX_REPORTED_ERRORS:
        cursor.execute(
            f"SELECT code, row_number FROM {STAGE} "  # noqa: S608
            "WHERE has_events AND NOT existing AND code > %s ORDER BY code LIMIT %s",
            [last, REPLAY_BATCH],
        )
        batch = dict(cursor.fetchall())
        if not batch:
            break
        last = max(batch)
        steps: dict[str, list[_Step]] = {code: [] for code in batch}
        placeholders = ", ".join(["%s"] * len(batch))
        cursor.execute(
            f"SELECT dossier_code, row_number, action, {_moment_sql('at')}, note, giver_id, "  # noqa: S608
            f"receiver_id, {_moment_sql('new_due_at')} FROM {EVENT_STAGE} "
            f"WHERE dossier_code IN ({placeholders})",
            list(batch),
        )
        for code, row, action, at, note, giver, receiver, new_due in cursor.fetchall():
            steps[code].append(
                _Step(
                    action=action,
                    at=_db_moment(at),
                    row=int(row),
                    note=note or "",
                    giver_id=giver,
                    receiver_id=receiver,
                    new_due_at=_db_moment(new_due),
                )
            )
        dossiers = list(
            Dossier.objects.filter(code__in=list(batch)).select_related(
                "procedure_version", "procedure", "desk"
            )
        )
        events: list[DossierEvent] = []
        for dossier in dossiers:
            calendar_then, mode = book.for_moment(dossier.received_at)
            key = (dossier.procedure_version_id, calendar_then.sessions)
            if key not in shares:
                shares[key] = version_shares(dossier.procedure_version_id, calendar_then)
            replay = _DossierReplay(
                dossier, calendar=calendar_then, mode=mode, now=now, shares=shares[key]
            )
            problems = replay.run(
                steps[dossier.code],
                dossier_row=batch[dossier.code],
                dossiers_file=dossiers_file,
                events_file=events_file,
            )
            errors.extend(problems)
            events.extend(replay.events)
            report.events_created += len(steps[dossier.code])
        if errors:
            continue  # keep checking the other dossiers; nothing will be kept
        writer.add(dossiers, events)
    if not errors:
        writer.finish()
    return errors


# -- writing what the replay computed ---------------------------------------------------------

REPLAY_STAGE = "dossier_import_replay_stage"
# The dossier's fields the replay recomputes, with the stage's column types.
REPLAYED_FIELDS = (
    ("due_at", "timestamptz"),
    ("clock_started_at", "timestamptz"),
    ("clock_work", "interval"),
    ("current_agency_id", "bigint"),
    ("supplement_count", "integer"),
    ("supplement_requested_at", "timestamptz"),
    ("apology_due_at", "timestamptz"),
    ("outcome", "varchar(10)"),
    ("is_overdue", "boolean"),
    ("clock_ran_out", "boolean"),
    ("waiting_work", "interval"),
    ("late_766", "boolean"),
    ("apology_in_time", "boolean"),
    ("late_agency_id", "bigint"),
)
EVENT_FIELDS = (
    "dossier_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "at",
    "note",
    "giver_id",
    "receiver_id",
    "due_at",
    "new_due_at",
    # The slip's lines (hand-overs and the resolution), as the live services record them.
    "held_work",
    "share_work",
    "late_work",
)


class _ReplayWriter:
    """Writes the replay's results. On PostgreSQL the events go by ``COPY`` straight into the
    event table (batch by batch, in timeline order, so ids follow the timeline) and the
    dossiers' recomputed fields by ``COPY`` into a stage, then one ``UPDATE ... FROM`` at the
    end: ``bulk_update``'s ``CASE WHEN id = ...`` per row and column took 47 s of 106 s per
    million dossiers (issue 9). Elsewhere (SQLite, ``make run``) the ORM's bulk calls."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.postgres = _postgres()
        self.staged = 0
        if self.postgres:
            columns = ", ".join(f"{name} {kind}" for name, kind in REPLAYED_FIELDS)
            cursor.execute(f"DROP TABLE IF EXISTS {REPLAY_STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {REPLAY_STAGE} (id bigint PRIMARY KEY, {columns}) "
                "ON COMMIT DROP"
            )

    def add(self, dossiers: list[Dossier], events: list[DossierEvent]) -> None:
        if not self.postgres:
            DossierEvent.objects.bulk_create(events, batch_size=5_000)
            Dossier.objects.bulk_update(
                dossiers,
                [name.removesuffix("_id") for name, _kind in REPLAYED_FIELDS],
                batch_size=1_000,
            )
            return
        raw = self.cursor.cursor
        event_table = DossierEvent._meta.db_table
        with raw.copy(f"COPY {event_table} ({', '.join(EVENT_FIELDS)}) FROM STDIN") as copy:
            for event in events:
                copy.write_row([getattr(event, name) for name in EVENT_FIELDS])
        names = ", ".join(name for name, _kind in REPLAYED_FIELDS)
        with raw.copy(f"COPY {REPLAY_STAGE} (id, {names}) FROM STDIN") as copy:
            for dossier in dossiers:
                copy.write_row(
                    [dossier.pk, *(getattr(dossier, name) for name, _kind in REPLAYED_FIELDS)]
                )
        self.staged += len(dossiers)

    def finish(self) -> None:
        if not self.postgres or not self.staged:
            return
        table = Dossier._meta.db_table
        assignments = ", ".join(f"{name} = r.{name}" for name, _kind in REPLAYED_FIELDS)
        self.cursor.execute(f"ANALYZE {REPLAY_STAGE}")
        self.cursor.execute(
            f"UPDATE {table} AS d SET {assignments} FROM {REPLAY_STAGE} AS r WHERE d.id = r.id"  # noqa: S608
        )
        self.cursor.execute(f"DROP TABLE {REPLAY_STAGE}")


class _DossierReplay:
    """One new dossier's history run through the state table and the clock, as the services
    would have run it live."""

    def __init__(self, dossier: Dossier, *, calendar, mode: str, now: datetime, shares=None):
        self.dossier, self.calendar, self.mode, self.now = dossier, calendar, mode, now
        self.shares = shares or {}
        self.events: list[DossierEvent] = []

    def run(
        self, steps: list[_Step], *, dossier_row: int, dossiers_file: str, events_file: str
    ) -> list[RowError]:
        d = self.dossier
        final = d.status
        clock_start(d, self.calendar, d.received_at)
        d.current_agency_id = None
        d.supplement_count, d.supplement_requested_at, d.apology_due_at = 0, None, None
        d.outcome, d.is_overdue, d.apology_in_time, d.late_agency_id = None, False, None, None
        # Registered online, not yet received: still so, or received later by an event.
        registered = final == DossierStatus.REGISTERED_ONLINE or any(
            step.action == "receive_online" for step in steps
        )
        status = DossierStatus.REGISTERED_ONLINE if registered else DossierStatus.RECEIVED
        self._record(RECEIVE, None, status, d.received_at)

        def on_row(step: _Step, column: str, message: str) -> list[RowError]:
            if step.row is None:
                return [RowError(dossier_row, "status", message, dossiers_file)]
            return [RowError(step.row, column, message, events_file)]

        # In time order; the file's events before the dossier's own ending at the same moment.
        ordered = sorted([*steps, *self._ending()], key=lambda s: (s.at, s.row is None, s.row or 0))
        for step in ordered:
            if step.at < d.received_at:
                return on_row(step, "at", _("before the dossier was received"))
            if status not in TRANSITIONS[step.action].from_statuses:
                if step.row is None:
                    message = _(
                        "the dossier cannot end as “%(state)s” on %(at)s: by its events it is "
                        "then in the state “%(then)s”"
                    ) % {
                        "state": status_label(final),
                        "at": _when(step.at),
                        "then": status_label(status),
                    }
                else:
                    message = _(
                        "“%(action)s” is not possible here: on %(at)s the dossier is in the "
                        "state “%(state)s”"
                    ) % {
                        "action": TRANSITIONS[step.action].label,
                        "at": _when(step.at),
                        "state": status_label(status),
                    }
                return on_row(step, "action", message)
            problem = self._apply(step, status)
            if problem:
                return on_row(step, *problem)
            to = target_status(
                step.action, from_status=status, handed_over=d.current_agency_id is not None
            )
            self._record(step.action, status, to, step.at, step)
            status = to
        # A hand-over the history did not record may explain "in process"; nothing else may
        # differ from the status the file gives.
        if status != final and not (
            final == DossierStatus.IN_PROCESS and status == DossierStatus.RECEIVED
        ):
            return [
                RowError(
                    dossier_row,
                    "status",
                    _("by its events the dossier is in the state “%(events)s”, not “%(file)s”")
                    % {"events": status_label(status), "file": status_label(final)},
                    dossiers_file,
                )
            ]
        if status in RUNNING_STATUSES or status in WAITING_STATUSES:
            d.is_overdue = rules.is_overdue(clock_of(d), self.calendar, self.now)
        else:
            d.is_overdue = False
        self._slip(ordered)
        return []

    def _slip(self, ordered: list[_Step]) -> None:
        """What the live services record at hand-overs and the resolution: the slip's lines,
        the waiting time, lateness for Decision 766 and the agency that made it late."""
        d = self.dossier
        history = dossier_history(
            d,
            self.calendar,
            self.mode,
            events=[
                rules.Event(s.action, s.at, s.receiver_id and int(s.receiver_id)) for s in ordered
            ],
            shares=self.shares,
        )
        if d.outcome is not None:
            d.waiting_work = history.waiting
            d.late_766 = rules.late_for_766(d.outcome, d.supplement_count)
            late = rules.agencies_over_share(history.holdings)
            d.late_agency_id = late[0] if d.outcome == Outcome.LATE and late else None
        ends = [e for e in self.events if e.action in ("transfer", "resolve")]
        for event, line in zip(ends, history.holdings, strict=False):
            event.held_work, event.share_work = line.held, line.share
            event.late_work = line.late_by if line.share is not None else None
            if event.action == "resolve":
                event.giver_id = line.unit

    def _ending(self) -> list[_Step]:
        d = self.dossier
        action = CLOSING_ACTIONS.get(d.status)
        if action is None:
            return []
        steps = [_Step(action, d.closed_at)]
        if d.status == DossierStatus.RESULT_RETURNED:
            steps.append(_Step("return_result", d.returned_at))
        return steps

    def _apply(self, step: _Step, status: int) -> tuple[str, str] | None:
        """Run ``step`` on the dossier's clock and agency; a (column, message) when the step
        contradicts what the dossier was then."""
        d, calendar = self.dossier, self.calendar
        if step.action == "receive_online":
            clock_start(d, calendar, step.at)
        elif step.action == "transfer":
            holder = d.current_agency_id or d.desk.unit_id
            if step.giver_id is not None and int(step.giver_id) != holder:
                return "giver_code", _("the dossier was then with another agency")
            if int(step.receiver_id) == holder:
                return "receiver_code", _("The dossier is already with this agency.")
            if (
                d.current_agency_id is not None
                and int(step.receiver_id) != d.desk.unit_id
                and not d.procedure_version.is_interconnected
            ):
                return "receiver_code", _(
                    "Procedure %(code)s is not interconnected: the dossier goes back to the "
                    "desk, not to another agency."
                ) % {"code": d.procedure.code}
            step.giver_id = holder
            d.current_agency_id = int(step.receiver_id)
        elif step.action in ("request_supplement", "request_financial_obligation"):
            clock_stop(d, calendar, step.at)
            if step.action == "request_supplement":
                d.supplement_count += 1
                d.supplement_requested_at = step.at
        elif step.action in ("resume", "fulfil_financial_obligation"):
            mode = self.mode if step.action == "resume" else SupplementMode.PAUSE
            clock_resume(d, calendar, step.at, mode=mode)
        elif step.action == "apologize_reschedule":
            if d.apology_due_at is not None:
                return "action", _("a second apology: one at most is allowed")
            if d.due_at is None:
                return "action", _("the dossier has no time limit: it cannot be late, no apology")
            # As live (dossier_apology_refusal): open, its lateness foreseen, or resolved late.
            late = status == DossierStatus.RESOLVED and d.outcome == Outcome.LATE
            foreseen = status in RUNNING_STATUSES or status in WAITING_STATUSES
            if not (late or foreseen):
                return "action", _("the dossier was neither late nor overdue then: no apology")
            stopped = d.clock_started_at if status in WAITING_STATUSES else None
            if not rules.apology_possible(replace(clock_of(d), stopped_at=stopped)):
                return "action", _(
                    "the dossier was then waiting for the applicant with time left: no apology "
                    "until its clock runs again"
                )
            if step.new_due_at is None or step.new_due_at <= step.at:
                return "new_due_at", _("the new date must be later than the apology")
            d.apology_due_at = step.new_due_at
            d.apology_in_time = rules.apology_in_time(calendar, step.at, d.due_at)
        elif step.action == "resolve":
            d.outcome = rules.outcome(calendar, step.at, d.due_at)
        return None

    def _record(self, action: str, from_status, to_status, at: datetime, step=None) -> None:
        self.events.append(
            DossierEvent(
                dossier_id=self.dossier.pk,
                action=action,
                from_status=from_status,
                to_status=to_status,
                at=at,
                note=step.note if step else "",
                giver_id=step.giver_id if step else None,
                receiver_id=int(step.receiver_id) if step and step.receiver_id else None,
                due_at=self.dossier.due_at,
                new_due_at=step.new_due_at if step else None,
            )
        )
