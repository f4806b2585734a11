"""The stage tables: the files' good rows written to temporary tables (``COPY`` on PostgreSQL,
batched ``INSERT`` elsewhere), so that checks across the whole file, the move into place and the
replay are set-based SQL over them. Moments are staged as microseconds since the epoch on
PostgreSQL; :func:`_moment_sql` and :func:`_db_moment` read them back."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from django.db import connection
from django.utils import timezone

from procedures.importers.dossiers import EVENT_COLUMNS, EventRowValidator, read_chunks
from procedures.models import Dossier
from procedures.selectors.calendar import working_calendar_get
from procedures.services.dossier_import.report import MAX_REPORTED_ERRORS

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
