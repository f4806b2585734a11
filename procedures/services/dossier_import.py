"""Nhập lịch sử hồ sơ: dossiers handled in another system, with their hand-overs, supplement
requests and apologies. All or nothing, idempotent, streamed in chunks.

Dossier rows are validated chunk by chunk and written to a temporary stage table (``COPY`` on
PostgreSQL, batched inserts elsewhere); duplicate codes across the whole file are then found by
SQL on the stage, and one ``INSERT ... SELECT ... ON CONFLICT (code) DO NOTHING`` moves them into
place, so codes already present are skipped and a second import changes nothing. Events are
validated against the database and written with ``bulk_create`` in batches; the dossiers they
touch get their clock, agency and apology replayed from all their events.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import DossierStatus, SupplementMode
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.importers.dossiers import (
    DOSSIER_COLUMNS,
    EVENT_COLUMNS,
    DossierRowValidator,
    EventRowValidator,
    RowError,
    read_chunks,
)
from procedures.models import Dossier, DossierEvent
from procedures.selectors.calendar import calendar_settings_get, working_calendar_get
from procedures.services.dossiers import clock_resume, clock_stop, full_work

STAGE = "dossier_import_stage"
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
    ("outcome", "varchar(10)"),
    ("is_overdue", "boolean"),
)
EVENT_TARGET = {
    "transfer": DossierStatus.IN_PROCESS,
    "request_supplement": DossierStatus.SUPPLEMENT_REQUESTED,
    "request_financial_obligation": DossierStatus.FINANCIAL_OBLIGATION_REQUESTED,
}
MAX_REPORTED_ERRORS = 1000


class DossierImportError(Exception):
    """The file has bad rows: nothing was written. ``errors`` lists every one (up to 1,000)."""

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


MOMENTS = ("received_at", "due_at", "clock_started_at", "resolved_at", "returned_at")
_EPOCH = pd.Timestamp(0, tz="UTC")


def _stage_create(cursor) -> None:
    # PostgreSQL stages moments as microseconds since the epoch: pandas writes integers to the
    # COPY buffer many times faster than formatted timestamps.
    moment = "bigint" if _postgres() else "datetime"
    columns = ", ".join(
        f"{name} {moment if kind == 'timestamp' else kind}" for name, kind in STAGE_COLUMNS
    )
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    suffix = " ON COMMIT DROP" if _postgres() else ""
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns}){suffix}")


def _stage_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.rename(columns={"row": "row_number"})[[name for name, _ in STAGE_COLUMNS]].copy()
    for column in ("desk_id", "procedure_id", "procedure_version_id", "sector_id"):
        out[column] = out[column].astype("int64")
    if _postgres():
        for column in MOMENTS:
            since = out[column].dt.tz_convert("UTC") - _EPOCH
            out[column] = (since // pd.Timedelta(microseconds=1)).astype("Int64")
    return out


def _stage_write(cursor, frame: pd.DataFrame, *, method: str) -> None:
    out = _stage_frame(frame)
    names = ", ".join(out.columns)
    if method == "copy":
        # One COPY per chunk, fed from a CSV buffer that pandas writes in C.
        buffer = io.StringIO()
        out.to_csv(buffer, index=False, header=False)
        with cursor.cursor.copy(
            f"COPY {STAGE} ({names}) FROM STDIN "
            "WITH (FORMAT csv, FORCE_NOT_NULL (code, channel, applicant_name))"
        ) as copy:
            copy.write(buffer.getvalue())
        return
    if not _postgres():
        adapt = connection.ops.adapt_datetimefield_value
        for column in MOMENTS:
            out[column] = [None if pd.isna(v) else adapt(v.to_pydatetime()) for v in out[column]]
    rows = out.astype(object).where(out.notna(), None).itertuples(index=False, name=None)
    placeholders = ", ".join(["%s"] * len(out.columns))
    sql = f"INSERT INTO {STAGE} ({names}) VALUES ({placeholders})"  # noqa: S608
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5_000:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _stage_duplicates(cursor) -> list[RowError]:
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
                )
            )
        else:
            first[code] = row
    return errors


def _stage_insert(cursor) -> int:
    table = Dossier._meta.db_table
    if _postgres():
        work = "clock_work_us * interval '1 microsecond'"
        moment = {m: f"timestamptz 'epoch' + {m} * interval '1 microsecond'" for m in MOMENTS}
    else:
        work, moment = "clock_work_us", {m: m for m in MOMENTS}
    cursor.execute(
        f"""
        INSERT INTO {table} (
            code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
            applicant_name, applicant_id_number, applicant_phone, applicant_address,
            applicant_email, papers, status, received_at, due_at, clock_started_at, clock_work,
            resolved_at, returned_at, outcome, is_overdue, supplement_count, rejection_reason,
            idempotency_fingerprint
        )
        SELECT code, desk_id, procedure_id, procedure_version_id, sector_id, channel,
            applicant_name, '', '', '', '', '[]', status, {moment["received_at"]},
            {moment["due_at"]}, {moment["clock_started_at"]}, {work}, {moment["resolved_at"]},
            {moment["returned_at"]}, outcome, is_overdue, 0, '', ''
        FROM {STAGE} WHERE true
        ON CONFLICT (code) DO NOTHING
        """  # noqa: S608
    )
    return cursor.rowcount


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
    :class:`DossierImportError` listing every bad row, having written nothing.

    ``method`` is how rows reach the stage: ``copy`` (PostgreSQL's COPY, the default there) or
    ``insert`` (batched INSERTs, any database)."""
    method = method or ("copy" if _postgres() else "insert")
    if method == "copy" and not _postgres():
        raise ValueError("COPY needs PostgreSQL.")
    calendar = working_calendar_get()
    validator = DossierRowValidator(calendar=calendar, now=now)
    report, errors = ImportReport(), []
    with connection.cursor() as cursor:
        _stage_create(cursor)
        for chunk in read_chunks(path, columns=DOSSIER_COLUMNS, chunk_size=chunk_size):
            report.rows += len(chunk)
            valid, chunk_errors = validator.validate(chunk)
            errors.extend(chunk_errors[: MAX_REPORTED_ERRORS - len(errors)])
            if not valid.empty and not errors:
                _stage_write(cursor, valid, method=method)
            if progress:
                progress(len(chunk))
        if not errors:
            errors.extend(_stage_duplicates(cursor)[:MAX_REPORTED_ERRORS])
        if errors:
            raise DossierImportError(sorted(errors, key=lambda e: e.row))
        report.created = _stage_insert(cursor)
        report.skipped = report.rows - report.created
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    if events_path:
        _events_import(events_path, report, chunk_size=chunk_size, now=now)
    return report


def _events_import(path, report: ImportReport, *, chunk_size: int, now) -> None:
    calendar = working_calendar_get()
    validator = EventRowValidator(tz=calendar.tz.key)
    errors: list[RowError] = []
    for chunk in read_chunks(path, columns=EVENT_COLUMNS, chunk_size=chunk_size):
        valid, chunk_errors = validator.validate(chunk)
        errors.extend(chunk_errors)
        dossiers = {
            code: (pk, received_at)
            for code, pk, received_at in Dossier.objects.filter(
                code__in=valid["dossier_code"].unique().tolist()
            ).values_list("code", "pk", "received_at")
        }
        new_events, touched = [], set()
        existing = set(
            DossierEvent.objects.filter(
                dossier_id__in=[pk for pk, _ in dossiers.values()]
            ).values_list("dossier_id", "action", "at")
        )
        for row in valid.itertuples(index=False):
            known = dossiers.get(row.dossier_code)
            if known is None:
                errors.append(RowError(int(row.row), "dossier_code", _("unknown dossier code")))
                continue
            pk, received_at = known
            at = row.at.to_pydatetime()
            if at < received_at:
                errors.append(RowError(int(row.row), "at", _("before the dossier was received")))
                continue
            if (pk, row.action, at) in existing:
                report.events_skipped += 1
                continue
            existing.add((pk, row.action, at))
            touched.add(pk)
            new_due = row.new_due_at.to_pydatetime() if pd.notna(row.new_due_at) else None
            new_events.append(
                DossierEvent(
                    dossier_id=pk,
                    action=row.action,
                    from_status=None,
                    to_status=EVENT_TARGET.get(row.action, DossierStatus.IN_PROCESS),
                    at=at,
                    note=row.note,
                    giver_id=None if pd.isna(row.giver_id) else int(row.giver_id),
                    receiver_id=None if pd.isna(row.receiver_id) else int(row.receiver_id),
                    due_at=new_due,
                )
            )
        if errors:
            continue  # keep validating; nothing will be kept
        DossierEvent.objects.bulk_create(new_events, batch_size=5_000)
        report.events_created += len(new_events)
        _replay(touched, calendar=calendar, now=now)
    if errors:
        raise DossierImportError(sorted(errors, key=lambda e: e.row)[:MAX_REPORTED_ERRORS])


def _replay(dossier_ids: set[int], *, calendar, now) -> None:
    """Recompute what imported events change, from all the dossier's events in order: the
    clock (supplement and financial-obligation stops), the agency holding it, the supplement
    count and the apology date. Idempotent: the same events give the same values."""
    if not dossier_ids:
        return
    mode = calendar_settings_get().supplement_mode
    now = now or timezone.now()
    dossiers = list(
        Dossier.objects.filter(pk__in=dossier_ids)
        .select_related("procedure_version")
        .prefetch_related("events")
    )
    fields = [
        "due_at",
        "clock_started_at",
        "clock_work",
        "current_agency",
        "supplement_count",
        "supplement_requested_at",
        "apology_due_at",
        "outcome",
        "is_overdue",
    ]
    for dossier in dossiers:
        dossier.clock_started_at = dossier.received_at
        dossier.clock_work = full_work(dossier, calendar)
        dossier.due_at = calendar.add_working_time(dossier.received_at, dossier.clock_work)
        dossier.supplement_count, stopped_at = 0, None
        for event in sorted(dossier.events.all(), key=lambda e: (e.at, e.pk)):
            if event.action in ("request_supplement", "request_financial_obligation"):
                clock_stop(dossier, calendar, event.at)
                stopped_at = event.at
                if event.action == "request_supplement":
                    dossier.supplement_count += 1
                    dossier.supplement_requested_at = event.at
            elif event.action in ("resume", "fulfil_financial_obligation") and stopped_at:
                resume_mode = mode if event.action == "resume" else SupplementMode.PAUSE
                clock_resume(dossier, calendar, event.at, stopped_at=stopped_at, mode=resume_mode)
                stopped_at = None
            elif event.action == "transfer" and event.receiver_id:
                dossier.current_agency_id = event.receiver_id
            elif event.action == "apologize_reschedule":
                dossier.apology_due_at = event.due_at
        if dossier.resolved_at:
            dossier.outcome = calendar.outcome(dossier.resolved_at, dossier.due_at)
        dossier.is_overdue = dossier.status in RUNNING_STATUSES and dossier.due_at < now
    Dossier.objects.bulk_update(dossiers, fields, batch_size=1_000)
