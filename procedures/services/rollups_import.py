"""Bảng tổng hợp của một lần nhập lịch sử hồ sơ: the roll-ups a history import brings with it.

The import writes the daily and monthly rows of its own dossiers in its own transaction, from
those rows only (issue 18): when it commits, the dashboards are current and nothing is left to
refresh. The rows are those a rebuild would write (:mod:`.rollups` holds the one definition);
what is particular here is how a bulk of new dossiers is added cheaply.
"""

from django.conf import settings
from django.db import connection

from procedures.selectors.statistics import rollups_supported
from procedures.services.rollups import (
    _COLUMNS,
    DAILY,
    MONTHLY,
    _bump,
    _daily_sql,
    _lock_desks,
    _month_through,
    _monthly_sql,
)

# A bulk statement over every imported row: with the default 4 MB its sorts and hash
# aggregates spill to disk (measured: 114 MB written at 100.000 rows).
IMPORT_WORK_MEM = "256MB"


def rollups_add_imported(
    *, dossier_where: str, cells_where: str, params: dict, plain: str = "FALSE"
) -> None:
    """Add the roll-ups of newly imported dossiers (``dossier_where`` over ``d``) to those
    already there, in the import's own transaction: one set-based statement for their daily
    rows over every day they span, merged into the cells' existing rows (a row is a sum of
    its dossiers' changes, so the others need not be read again), then the monthly rows of
    their (desk, procedure, channel) cells (``cells_where``) from the daily ones.

    ``plain`` (over ``d``) marks the imported dossiers whose only events are the import's own
    timeline (no row of theirs in the events file): their span is read from the dossier row,
    not from window functions over their events."""
    if not rollups_supported():
        return
    params = {"tz": settings.TIME_ZONE, "through": _month_through(), **params}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT d.desk_id FROM procedures_dossier d WHERE {dossier_where}",  # noqa: S608
            params,
        )
        _lock_desks(cursor, [row[0] for row in cursor.fetchall()])
        # Local to the import's transaction, given back after.
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('work_mem', %s, true)", [IMPORT_WORK_MEM])
        # Cells with no row yet (a first import, a new desk or procedure) take plain inserts:
        # ON CONFLICT's speculative insertion cost about a third more at 100.000 dossiers, and
        # nothing can cancel out to a zero row.
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {DAILY} WHERE {cells_where})",  # noqa: S608
            params,
        )
        merge = cursor.fetchone()[0]
        cursor.execute(_daily_sql(dossier_where, merge=merge, ordered=True, plain=plain), params)
        if merge:
            # A merged row whose changes cancel out holds nothing; a rebuild would not write it.
            zero = " AND ".join(f"{c} = 0" for c in _COLUMNS)
            cursor.execute(f"DELETE FROM {DAILY} WHERE ({cells_where}) AND {zero}", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {MONTHLY} WHERE {cells_where}", params)  # noqa: S608
        # The monthly rows read the daily ones just written: planned on the table's statistics
        # from before them, the cells' join went many-to-many (3M rows at 100.000 dossiers).
        cursor.execute(f"ANALYZE {DAILY}")
        cursor.execute(_monthly_sql(cells_where), params)
        cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
    _bump()
