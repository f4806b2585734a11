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

from procedures.models.rollups import FLOW_FIELDS
from procedures.prepared import prepared_cursor
from procedures.reports.dashboard_cache import dashboard_cache_invalidate_soon
from procedures.selectors.statistics import rollups_supported
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
    desks = sorted({cell[0] for cell in diff})
    # One writer per cell at a time: its rows are read, then written. Taken in one statement
    # (the desks' shared locks first, then the cells', each in order), as all are at once.
    keys = sorted({_cell_key(cell) for cell in diff})
    locks = [f"pg_advisory_xact_lock_shared({_DESK_LOCK}, %s)" for _ in desks]
    locks += [f"pg_advisory_xact_lock({_CELL_LOCK}, %s)" for _ in keys]
    with prepared_cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(locks), [*desks, *keys])
        through = _month_through()
        for cell in sorted(diff):
            _apply_cell(cursor, cell, diff[cell], through)
    # The dashboards' cached figures counted what the roll-ups held before: they catch up within
    # DASHBOARD_LIVE_LAG_SECONDS, not on every intake of a busy day.
    transaction.on_commit(dashboard_cache_invalidate_soon, robust=True)
    return sum(len(days) for days in diff.values())


def _cell_key(cell: Cell) -> int:
    return zlib.crc32(repr(cell).encode()) - 2**31


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _grid_end(last_day: date | None, through: date) -> date | None:
    """The cell's last monthly row as a rebuild writes them: the later of the current month
    and the month of its last daily row (``None``: no daily row, no monthly row)."""
    return None if last_day is None else max(_month(last_day), through)


_ZERO_DAY = (0,) * len(_COLUMNS)


def _read_cell(cursor, cell: Cell, days: list[date], first: date, through: date):
    """One statement: the cell's last day with a daily row, its daily rows of ``days`` and its
    monthly rows from the earlier of ``first`` and its grid's end."""
    width = len(_COLUMNS)
    cursor.execute(
        f"""
        WITH last AS (SELECT MAX(day) AS day FROM {DAILY} WHERE {_WHERE_CELL})
        SELECT 'last', day, {", ".join(["0"] * width)} FROM last
        UNION ALL
        SELECT 'day', day, {", ".join(_COLUMNS)} FROM {DAILY}
        WHERE {_WHERE_CELL} AND day = ANY(%s)
        UNION ALL
        SELECT 'month', month, {", ".join(_MONTH_COLUMNS)} FROM {MONTHLY}
        WHERE {_WHERE_CELL} AND month >= LEAST(%s::date, GREATEST(%s::date,
            date_trunc('month', (SELECT day FROM last))::date))
        """,  # noqa: S608
        [*cell, *cell, days, *cell, first, through],
    )
    last, daily, monthly = None, {}, {}
    for kind, day, *values in cursor.fetchall():
        if kind == "last":
            last = day
        elif kind == "day":
            daily[day] = tuple(values)
        else:
            monthly[day] = list(values)
    return last, daily, monthly


def _apply_cell(cursor, cell: Cell, days: dict[date, tuple[int, ...]], through: date) -> None:
    first = _month(min(days))
    last_old, stored_days, stored_months = _read_cell(cursor, cell, sorted(days), first, through)
    grid_old = _grid_end(last_old, through)
    new_days = {
        day: tuple(a + b for a, b in zip(stored_days.get(day, _ZERO_DAY), change, strict=True))
        for day, change in days.items()
    }
    kept = [day for day, values in new_days.items() if any(values)]
    gone = [day for day in new_days if day not in kept and day in stored_days]
    _write(cursor, DAILY, "day", cell, {day: new_days[day] for day in kept}, gone, _COLUMNS)
    if last_old is not None and last_old in gone and not (kept and max(kept) >= last_old):
        # The cell's last daily row went: its grid may end earlier (rare: a statement more).
        cursor.execute(f"SELECT MAX(day) FROM {DAILY} WHERE {_WHERE_CELL}", list(cell))  # noqa: S608
        last_new = cursor.fetchone()[0]
    else:
        last_new = max([d for d in (last_old, *kept) if d is not None], default=None)
    _apply_months(cursor, cell, days, stored_months, grid_old, _grid_end(last_new, through))


def _write(cursor, table, key, cell, rows: dict, gone: list, columns) -> None:
    """Write ``rows`` (key -> values) of ``cell`` and delete the ``gone`` ones, in one
    statement (the cell's lock is held: no other writer)."""
    if not rows and not gone:
        return
    names = ", ".join(columns)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
    width = len(CELL) + 1 + len(columns)
    values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
    params = [v for k, row in sorted(rows.items()) for v in (*cell, k, *row)]
    upsert = (
        f"INSERT INTO {table} ({', '.join(CELL)}, {key}, {names}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({', '.join(CELL)}, {key}) DO UPDATE SET {sets}"
    )
    delete = f"DELETE FROM {table} WHERE {_WHERE_CELL} AND {key} = ANY(%s)"  # noqa: S608
    if rows and gone:
        # Disjoint rows: the insert and the delete of one statement never meet.
        cursor.execute(f"WITH up AS ({upsert} RETURNING 1) {delete}", [*params, *cell, gone])
    elif rows:
        cursor.execute(upsert, params)
    else:
        cursor.execute(delete, [*cell, gone])


def _apply_months(cursor, cell, days, stored, grid_old: date | None, grid_new: date | None):
    first = _month(min(days))
    # Months between the old grid's end and the first change join the grid unchanged.
    if grid_old is not None and grid_old < first:
        first = _next_month(grid_old)
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
    rows = {}
    level = [0] * len(LEVELS)
    month = first
    while grid_new is not None and month <= grid_new:
        change = per_month.get(month, [0] * len(_COLUMNS))
        level = [a + b for a, b in zip(level, change[_FLOWS:], strict=True)]
        row = [a + b for a, b in zip(old(month), [*change[:_FLOWS], *level], strict=True)]
        if any(row):
            rows[month] = row
        month = _next_month(month)
    gone = [m for m in stored if m >= first and m not in rows]
    changed = {m: row for m, row in rows.items() if stored.get(m) != row}
    _write(cursor, MONTHLY, "month", cell, changed, gone, _MONTH_COLUMNS)
