"""The import itself (nhập lịch sử hồ sơ): one transaction that stages the files chunk by chunk,
checks them whole, writes the new dossiers and their timelines, replays their events and refreshes
the roll-ups, or raises :class:`DossierImportError` with every bad row having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from procedures.importers.dossiers import DOSSIER_COLUMNS, DossierRowValidator, read_chunks
from procedures.models import Dossier, DossierEvent
from procedures.selectors.calendar import clock_rule_book_get, working_calendar_get
from procedures.services.dossier_import.bulk_write import (
    _foreign_keys_drop_for_bulk,
    _foreign_keys_restore,
    _last_dossier_id,
    _rollups_of_imported,
    _sequences_after_imported_codes,
    _stage_insert,
    _timeline_insert,
)
from procedures.services.dossier_import.replay import _replay
from procedures.services.dossier_import.report import (
    MAX_REPORTED_ERRORS,
    DossierImportError,
    ImportReport,
)
from procedures.services.dossier_import.stage_checks import (
    _event_duplicates,
    _events_of_other_dossiers,
    _stage_duplicates,
    _waiting_without_events,
)
from procedures.services.dossier_import.staging import (
    EVENT_STAGE,
    STAGE,
    STAGE_COLUMNS,
    STAGE_FLAGS,
    _postgres,
    _stage_create,
    _stage_events,
    _stage_frame,
    _stage_index_for_replay,
    _stage_write,
)


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
