"""Bảng tổng hợp kept by each change: the live path of the roll-ups (intake, every dossier
action, an administrator's correction).

A change moves only its dossier's own contribution: the service reads the dossier's rows as
the recount would write them (:func:`procedures.services.rollups._changes_sql`, the one
definition) before it writes, reads them again after, and adds the difference to the daily
rows and to the monthly rows of the cells it touches, in its own transaction. The work is one
dossier's rows and the months from the first day it moves to the cell's last month: it does
not grow with the table. ``rollups_rebuild`` stays the full recount, for repair.

Stocks are stored as daily changes (``*_delta``) and as their level at the end of each month,
so a change on day d adds to that day's row and to the level of every month from d's on (one
row per month, usually one or two). The monthly table holds a row for each month of a cell's
grid (its first month with a daily row to the later of the current month and its last such
month) whose flows or levels are not all zero; the code below keeps exactly that, so the rows
equal a rebuild's (``tests/procedures/services/test_rollups_live.py``).
"""

import zlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F

from procedures.models import RollupState
from procedures.models.rollups import FLOW_FIELDS
from procedures.prepared import prepared_cursor
from procedures.reports.dashboard import dashboard_cache_invalidate
from procedures.selectors.statistics_rollups import rollups_supported
from procedures.services.rollups import _COLUMNS, CELL, DAILY, MONTHLY, _changes_sql, _month_through

Cell = tuple  # (desk, procedure, channel, sector, level, unit), as CELL
Snapshot = dict[tuple[Cell, date], tuple[int, ...]]

LEVELS = ("open_end", "overdue_end", "late_766_end")
_FLOWS = len(FLOW_FIELDS)
_MONTH_COLUMNS = (*FLOW_FIELDS, *LEVELS)
_WHERE_CELL = " AND ".join(f"{c} = %s" for c in CELL)
# Desk locks as the recounts take them (rollups._lock_desks), but shared: changes of one desk
# run side by side; a rebuild, refresh or import of the desk waits for them, and they for it.
_DESK_LOCK = 7311
_CELL_LOCK = 7312


def rollups_dossier_snapshot(dossier_ids: Iterable[int]) -> Snapshot:
    """The rows these dossiers contribute now, by (cell, day): read under the dossiers' row
    locks, before a change writes them (the intake's new dossier contributes nothing)."""
    ids = sorted({int(i) for i in dossier_ids})
    if not rollups_supported() or not ids:
        return {}
    params = {"tz": settings.TIME_ZONE, "ids": ids}
    # Prepared on the server: planning the statement cost ten times running it for one dossier.
    with prepared_cursor() as cursor:
        cursor.execute(_changes_sql("d.id = ANY(%(ids)s)"), params)
        width = len(CELL)
        return {
            (tuple(row[:width]), row[width]): tuple(row[width + 1 :]) for row in cursor.fetchall()
        }


# A dossier about to be written, as the columns the roll-ups read of it (id 0: it has no event).
_NEW_DOSSIER = (
    "(SELECT 0 AS id, %(desk)s::bigint AS desk_id, %(procedure)s::bigint AS procedure_id,"
    " %(channel)s::varchar AS channel, %(sector)s::bigint AS sector_id,"
    " %(version)s::bigint AS procedure_version_id, NULL::bigint AS current_agency_id,"
    " %(received_at)s::timestamptz AS received_at, NULL::timestamptz AS closed_at,"
    " NULL::timestamptz AS resolved_at, %(due_at)s::timestamptz AS due_at,"
    " %(status)s::int AS status, ''::varchar AS outcome, 0 AS supplement_count,"
    " NULL::boolean AS late_766, NULL::boolean AS apology_in_time)"
)


def rollups_new_dossier_add(dossier) -> int:
    """Before the intake writes ``dossier``, in its transaction: add what it will contribute
    (it is read from its fields, as the recount reads the written row). Done first so that the
    intake's numbered write stays its transaction's last statement: the desk's sequence is then
    held for that write and the commit only (issue 9)."""
    if not rollups_supported():
        return 0
    params = {
        "tz": settings.TIME_ZONE,
        "desk": dossier.desk_id,
        "procedure": dossier.procedure_id,
        "channel": dossier.channel,
        "sector": dossier.sector_id,
        "version": dossier.procedure_version_id,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "status": int(dossier.status),
    }
    with prepared_cursor() as cursor:
        cursor.execute(_changes_sql("TRUE", dossiers=_NEW_DOSSIER), params)
        return _move(_rows(cursor.fetchall()), {})


def rollups_dossier_follow(*, dossier_ids: Iterable[int], before: Snapshot) -> int:
    """After a change to these dossiers, in its transaction: move the roll-ups by the
    difference between their rows now and ``before`` (:func:`rollups_dossier_snapshot`).
    Returns the number of daily rows moved."""
    if not rollups_supported():
        return 0
    return _move(rollups_dossier_snapshot(dossier_ids), before)


def _rows(rows) -> Snapshot:
    width = len(CELL)
    return {(tuple(row[:width]), row[width]): tuple(row[width + 1 :]) for row in rows}


def _move(after: Snapshot, before: Snapshot) -> int:
    diff: dict[Cell, dict[date, tuple[int, ...]]] = defaultdict(dict)
    zero = (0,) * len(_COLUMNS)
    for key in before.keys() | after.keys():
        change = tuple(
            a - b for a, b in zip(after.get(key, zero), before.get(key, zero), strict=True)
        )
        if any(change):
            cell, day = key
            diff[cell][day] = change
    if not diff:
        return 0
    with prepared_cursor() as cursor:
        for desk in sorted({cell[0] for cell in diff}):
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [_DESK_LOCK, desk])
        # One writer per cell at a time: the monthly levels are read, then written.
        for key in sorted({_cell_key(cell) for cell in diff}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_CELL_LOCK, key])
        through = _month_through()
        for cell in sorted(diff):
            _apply_cell(cursor, cell, diff[cell], through)
    transaction.on_commit(_changed, robust=True)
    return sum(len(days) for days in diff.values())


def _cell_key(cell: Cell) -> int:
    return zlib.crc32(repr(cell).encode()) - 2**31


def _changed() -> None:
    # After the commit, one statement: holding the state's row to the commit would make every
    # change in the province wait for the one before.
    RollupState.objects.filter(pk=1).update(version=F("version") + 1)
    dashboard_cache_invalidate()


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _grid_end(cursor, cell: Cell, through: date) -> date | None:
    """The cell's last monthly row as a rebuild writes them: the later of the current month
    and its last day with a daily row (``None``: no daily row, no monthly row)."""
    cursor.execute(f"SELECT MAX(day) FROM {DAILY} WHERE {_WHERE_CELL}", list(cell))  # noqa: S608
    last = cursor.fetchone()[0]
    return None if last is None else max(_month(last), through)


def _apply_cell(cursor, cell: Cell, days: dict[date, tuple[int, ...]], through: date) -> None:
    grid_old = _grid_end(cursor, cell, through)
    columns = ", ".join(_COLUMNS)
    values = ", ".join(
        ["(" + ", ".join(["%s"] * (len(CELL) + 1 + len(_COLUMNS))) + ")"] * len(days)
    )
    params = [v for day, change in sorted(days.items()) for v in (*cell, day, *change)]
    adds = ", ".join(f"{c} = {DAILY}.{c} + EXCLUDED.{c}" for c in _COLUMNS)
    cursor.execute(
        f"INSERT INTO {DAILY} ({', '.join(CELL)}, day, {columns}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({', '.join(CELL)}, day) DO UPDATE SET {adds}",
        params,
    )
    # A row whose changes now cancel out holds nothing; a rebuild would not write it.
    zero = " AND ".join(f"{c} = 0" for c in _COLUMNS)
    cursor.execute(
        f"DELETE FROM {DAILY} WHERE {_WHERE_CELL} AND day = ANY(%s) AND {zero}",  # noqa: S608
        [*cell, sorted(days)],
    )
    grid_new = _grid_end(cursor, cell, through)
    _apply_months(cursor, cell, days, grid_old, grid_new)


def _apply_months(cursor, cell, days, grid_old: date | None, grid_new: date | None) -> None:
    first = _month(min(days))
    # Months between the old grid's end and the first change join the grid unchanged.
    if grid_old is not None and grid_old < first:
        first = _next_month(grid_old)
    low = first if grid_old is None else min(first, grid_old)
    cursor.execute(
        f"SELECT month, {', '.join(_MONTH_COLUMNS)} FROM {MONTHLY} "  # noqa: S608
        f"WHERE {_WHERE_CELL} AND month >= %s",
        [*cell, low],
    )
    stored = {row[0]: list(row[1:]) for row in cursor.fetchall()}
    # Past the old grid's end nothing is stored and the levels stay those of its last month;
    # within it, a month without a row had nothing.
    carried = [0] * _FLOWS + (stored.get(grid_old) or [0] * len(_MONTH_COLUMNS))[_FLOWS:]

    def old(month: date) -> list[int]:
        if month in stored:
            return stored[month]
        if grid_old is None or month <= grid_old:
            return [0] * len(_MONTH_COLUMNS)
        return list(carried)

    per_month: dict[date, list[int]] = defaultdict(lambda: [0] * len(_COLUMNS))
    for day, change in days.items():
        per_month[_month(day)] = [
            a + b for a, b in zip(per_month[_month(day)], change, strict=True)
        ]
    rows = []
    level = [0] * len(LEVELS)
    month = first
    while grid_new is not None and month <= grid_new:
        change = per_month.get(month, [0] * len(_COLUMNS))
        level = [a + b for a, b in zip(level, change[_FLOWS:], strict=True)]
        row = [a + b for a, b in zip(old(month), [*change[:_FLOWS], *level], strict=True)]
        if any(row):
            rows.append((*cell, month, *row))
        month = _next_month(month)
    cursor.execute(
        f"DELETE FROM {MONTHLY} WHERE {_WHERE_CELL} AND month >= %s",  # noqa: S608
        [*cell, first],
    )
    if rows:
        width = len(CELL) + 1 + len(_MONTH_COLUMNS)
        values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
        cursor.execute(
            f"INSERT INTO {MONTHLY} ({', '.join(CELL)}, month, "  # noqa: S608
            f"{', '.join(_MONTH_COLUMNS)}) VALUES {values}",
            [v for row in rows for v in row],
        )
