"""Bảng tổng hợp (roll-ups): computing the daily and monthly roll-ups from the dossiers.

The recounts here (a rebuild, a cell's refresh, an import's new dossiers) compute rows from the
dossiers and their events, so running one twice counts nothing twice; a single dossier's change
moves its own rows in its transaction (:mod:`.rollups_live`), by the same SQL. The SQL below
mirrors the statistics' definitions (:mod:`procedures.selectors.statistics`): open at the end of
a day as ``dossiers_open_at``, overdue as ``dossiers_overdue_at`` (by the dossier's last event
then, segment by segment), late for Decision 766 as :class:`Rule766` reads the clock's one
definition (the verdict stored on each resolved dossier); a test proves the two
give identical rows event by event.

PostgreSQL only (window functions over events, ``generate_series``); under the embedded SQLite
default there are no roll-ups and the statistics count the dossiers directly.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from procedures.calendar.clock import STOP_ACTIONS
from procedures.calendar.overdue import first_overdue_day_sql, is_past_due_sql
from procedures.choices import Channel, DossierStatus, Outcome
from procedures.dossier_flow import CLOCK_ACTIONS, RUNNING_STATUSES, WAITING_STATUSES
from procedures.models import (
    DossierDailyRollup,
    DossierMonthlyRollup,
    RollupState,
)
from procedures.models.rollups import FLOW_FIELDS
from procedures.reports.dashboard_cache import dashboard_cache_invalidate
from procedures.selectors.statistics import DIRECT_POSTAL, Rule766, rollups_supported

CELL = ("desk_id", "procedure_id", "channel", "sector_id", "level", "unit_id")
_CELL = ", ".join(CELL)
DAILY = DossierDailyRollup._meta.db_table
MONTHLY = DossierMonthlyRollup._meta.db_table


def _day(column: str) -> str:
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


def _ints(values) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


def _texts(values) -> str:
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"


# One row per flow or stock change: the columns of the daily table, in this order.
_COLUMNS = (*FLOW_FIELDS, "open_delta", "overdue_delta", "late_766_delta")


# Overdue at the end of a day is the clock's date-level rule (procedures.calendar.overdue): the
# first day counting a running dossier, or one waiting after its time ran out, is the day after
# its due date, never the day of the due moment nor the day of the request that found it run out.
OVERDUE_FROM_RUNNING = first_overdue_day_sql("g.due_then")
OVERDUE_FROM_RAN_OUT = first_overdue_day_sql("g.ev_due")
# Whether the request that began the wait found the time run out: the clock's own date rule.
RAN_OUT_AT_REQUEST = is_past_due_sql("g.ev_due", "g.stop_at")


def _select(day: str, **values) -> str:
    cols = ", ".join(str(values.get(c, 0)) + f" AS {c}" for c in _COLUMNS)
    return f"{day} AS day, {cols}"


def _changes_sql(where: str, dossiers: str = "procedures_dossier", plain: str = "FALSE") -> str:
    """The rows (cell, day, changes) the dossiers matching ``where`` (over ``dossiers d``, the
    table or a dossier not yet written) contribute to the daily table, summed per cell and
    day: the one definition the recounts and the live path (:mod:`.rollups_live`) read.

    ``plain`` (over ``d``) marks dossiers whose only events are the history import's timeline
    (its receipt, its ending, its return): their one running span, from receipt to closing,
    is read from the row itself instead of by window functions over their events (their sorts
    were a large part of an import's roll-ups, issue 18). The rows are the same: the
    timeline's receipt event opens that span and its ending event closes it."""
    limit = Rule766.SUPPLEMENT_LIMIT
    running, waiting = _ints(RUNNING_STATUSES), _ints(WAITING_STATUSES)
    early, on_time, late = Outcome.EARLY.value, Outcome.ON_TIME.value, Outcome.LATE.value
    in_time = f"s.outcome IN ('{early}', '{on_time}')"
    registered, received = int(DossierStatus.REGISTERED_ONLINE), int(DossierStatus.RECEIVED)
    # Decision 766 as Rule766 reads it: the clock's verdict stored on the dossier (late_766)
    # for resolved ones, the clock's supplement limit for open ones.
    # Overdue days of a segment [seg_start, seg_end) of a dossier's history, as day numbers
    # [start, end): open at the end of day d counts when start <= d < end.
    overdue_start = (
        f"CASE WHEN g.status IN {running} AND g.due_then IS NOT NULL "
        f"THEN GREATEST({_day('g.seg_start')}, {OVERDUE_FROM_RUNNING})"
        f" WHEN g.status IN {waiting} AND {RAN_OUT_AT_REQUEST}"
        f" THEN GREATEST({_day('g.seg_start')}, {OVERDUE_FROM_RAN_OUT}) END"
    )
    late_start = (
        f"CASE WHEN g.requests > {limit} AND s.supplement_count > {limit} "
        f"THEN {_day('g.seg_start')} ELSE {overdue_start} END"
    )
    # Built from constants and integers only (no user text): S608 does not apply.
    return f"""
WITH handled AS (
    SELECT d.id, d.desk_id, d.procedure_id, d.channel, d.sector_id, v.level,
           COALESCE(d.current_agency_id, k.unit_id) AS unit_id, d.received_at, d.closed_at,
           d.resolved_at, d.due_at, d.status, d.outcome, d.supplement_count, d.late_766,
           d.apology_in_time, ({plain}) AS plain
    FROM {dossiers} d
    JOIN procedures_desk k ON k.id = d.desk_id
    JOIN procedures_procedureversion v ON v.id = d.procedure_version_id
    WHERE {where}
),
-- The form's columns count dossiers with a time limit (NO_TIME_LIMIT in the statistics); the
-- others only as no_time_limit on the day they were received.
scope AS (SELECT * FROM handled WHERE due_at IS NOT NULL),
ev AS (
    SELECT e.dossier_id, e.at, e.to_status, e.due_at AS ev_due,
           -- The request that began the current wait: whether it found the time run out is
           -- the clock's (its due moment before the request), whatever the events after it (an
           -- apology while waiting keeps that due moment and must not be judged as a request).
           MAX(e.at) FILTER (WHERE e.action IN {_texts(STOP_ACTIONS)}) OVER (
               w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stop_at,
           e.action IN {_texts(CLOCK_ACTIONS)} AS is_clock,
           LEAD(e.at) OVER w AS next_at,
           COUNT(*) FILTER (WHERE e.action IN {_texts(CLOCK_ACTIONS)}) OVER (
               PARTITION BY e.dossier_id ORDER BY e.at DESC, e.id DESC
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS clock_after,
           COUNT(*) FILTER (WHERE e.action = 'request_supplement') OVER (
               w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS requests
    FROM procedures_dossierevent e JOIN scope s ON s.id = e.dossier_id
    WHERE NOT s.plain
    WINDOW w AS (PARTITION BY e.dossier_id ORDER BY e.at, e.id)
),
first_ev AS (
    SELECT dossier_id, MIN(at) AS first_at, BOOL_OR(is_clock) AS any_clock
    FROM ev GROUP BY dossier_id
),
seg AS (
    -- Before its first event the dossier is as received: running, due at its due moment
    -- unless a clock event later changed it.
    SELECT s.id, s.received_at AS seg_start, LEAST(f.first_at, s.closed_at) AS seg_end,
           {int(DossierStatus.RECEIVED)} AS status,
           CASE WHEN COALESCE(f.any_clock, FALSE) THEN NULL ELSE s.due_at END AS due_then,
           NULL::timestamptz AS ev_due, NULL::timestamptz AS stop_at, 0 AS requests
    FROM scope s LEFT JOIN first_ev f ON f.dossier_id = s.id
    WHERE NOT s.plain
    UNION ALL
    SELECT s.id, GREATEST(ev.at, s.received_at), LEAST(ev.next_at, s.closed_at), ev.to_status,
           CASE WHEN ev.clock_after > 0 THEN ev.ev_due ELSE s.due_at END,
           ev.ev_due, ev.stop_at, ev.requests
    FROM ev JOIN scope s ON s.id = ev.dossier_id
    UNION ALL
    -- The import's timeline: received (or registered online) until it closes, due as received.
    SELECT s.id, s.received_at, s.closed_at,
           CASE WHEN s.status = {registered} THEN {registered} ELSE {received} END,
           s.due_at, s.due_at, NULL::timestamptz, 0
    FROM scope s WHERE s.plain
),
spans AS (
    SELECT s.{", s.".join(CELL)}, {overdue_start} AS o_start, {late_start} AS l_start,
           {_day("g.seg_end")} AS s_end
    FROM seg g JOIN scope s ON s.id = g.id
    WHERE g.seg_end IS NULL OR g.seg_start < g.seg_end
),
changes AS (
    SELECT {_CELL}, {
        _select(
            _day("received_at"),
            received_new=1,
            received_online=f"(channel = '{Channel.ONLINE.value}')::int",
            received_direct_postal=f"(channel IN {_texts(DIRECT_POSTAL)})::int",
            open_delta=1,
        )
    } FROM scope s
    UNION ALL
    SELECT {_CELL}, {_select(_day("received_at"), no_time_limit=1)}
    FROM handled WHERE due_at IS NULL
    UNION ALL
    SELECT {_CELL}, {
        _select(
            _day("resolved_at"),
            resolved_total=1,
            resolved_early=f"(outcome = '{early}')::int",
            resolved_on_time=f"(outcome = '{on_time}')::int",
            resolved_late=f"(outcome = '{late}')::int",
            resolved_in_time=f"({in_time})::int",
            resolved_in_time_766="(s.late_766 IS FALSE)::int",
        )
    } FROM scope s WHERE resolved_at IS NOT NULL
    UNION ALL
    SELECT {_CELL}, {
        _select(
            _day("closed_at"),
            rejected=f"(status = {int(DossierStatus.REJECTED)})::int",
            withdrawn=f"(status = {int(DossierStatus.WITHDRAWN)})::int",
            stopped=f"(status = {int(DossierStatus.STOPPED)})::int",
            open_delta=-1,
        )
    } FROM scope s WHERE closed_at IS NOT NULL
    UNION ALL
    -- The apology counts on its own day, which may follow the dossier's closing.
    SELECT s.{", s.".join(CELL)}, {
        _select(
            _day("e.at"),
            apologies_in_time="(s.apology_in_time IS TRUE)::int",
            apologies_late="(s.apology_in_time IS FALSE)::int",
        )
    } FROM procedures_dossierevent e JOIN scope s ON s.id = e.dossier_id
    WHERE e.action = 'apologize_reschedule' AND NOT s.plain
    UNION ALL
    SELECT {_CELL}, {_select("o_start", overdue_delta=1)} FROM spans
    WHERE o_start IS NOT NULL AND (s_end IS NULL OR o_start < s_end)
    UNION ALL
    SELECT {_CELL}, {_select("s_end", overdue_delta=-1)} FROM spans
    WHERE o_start IS NOT NULL AND s_end IS NOT NULL AND o_start < s_end
    UNION ALL
    SELECT {_CELL}, {_select("l_start", late_766_delta=1)} FROM spans
    WHERE l_start IS NOT NULL AND (s_end IS NULL OR l_start < s_end)
    UNION ALL
    SELECT {_CELL}, {_select("s_end", late_766_delta=-1)} FROM spans
    WHERE l_start IS NOT NULL AND s_end IS NOT NULL AND l_start < s_end
)
SELECT {_CELL}, day, {", ".join(f"SUM({c})" for c in _COLUMNS)}
FROM changes
GROUP BY {_CELL}, day
HAVING {" OR ".join(f"SUM({c}) <> 0" for c in _COLUMNS)}
"""  # noqa: S608


def _daily_sql(
    where: str, *, merge: bool = False, ordered: bool = False, plain: str = "FALSE"
) -> str:
    """The daily rows of the dossiers matching ``where`` (over ``procedures_dossier d``): each
    row is the sum of its dossiers' changes, so the rows of a set of new dossiers can be added
    to those already there (``merge``: ON CONFLICT adds) without reading the others.
    ``ordered``: written in the order of the cells' unique index (a bulk load then appends to
    its pages instead of landing at random in them). ``plain``: as for :func:`_changes_sql`."""
    insert = f"INSERT INTO {DAILY} ({_CELL}, day, {', '.join(_COLUMNS)})"
    order = f"ORDER BY {_CELL}, day\n" if ordered else ""
    return f"{insert}\n{_changes_sql(where, plain=plain)}{order}{_MERGE if merge else ''}"


_MERGE = f"ON CONFLICT ({_CELL}, day) DO UPDATE SET " + ", ".join(
    f"{c} = {DAILY}.{c} + EXCLUDED.{c}" for c in _COLUMNS
)


def _monthly_sql(where: str) -> str:
    flows = ", ".join(FLOW_FIELDS)
    sums = ", ".join(
        f"SUM({c}) AS {c}" for c in (*FLOW_FIELDS, "open_delta", "overdue_delta", "late_766_delta")
    )
    return f"""
WITH per_month AS (
    SELECT {_CELL}, date_trunc('month', day)::date AS month, {sums}
    FROM {DAILY} WHERE {where} GROUP BY {_CELL}, date_trunc('month', day)
),
cells AS (
    SELECT {_CELL}, MIN(month) AS first_month, GREATEST(MAX(month), %(through)s) AS last_month
    FROM per_month GROUP BY {_CELL}
),
grid AS (
    SELECT c.{", c.".join(CELL)}, m.month::date AS month
    FROM cells c, generate_series(c.first_month, c.last_month, interval '1 month') AS m(month)
),
levels AS (
    SELECT g.{", g.".join(CELL)}, g.month,
           {", ".join(f"COALESCE(p.{c}, 0) AS {c}" for c in FLOW_FIELDS)},
           SUM(COALESCE(p.open_delta, 0)) OVER c AS open_end,
           SUM(COALESCE(p.overdue_delta, 0)) OVER c AS overdue_end,
           SUM(COALESCE(p.late_766_delta, 0)) OVER c AS late_766_end
    FROM grid g LEFT JOIN per_month p USING ({_CELL}, month)
    WINDOW c AS (PARTITION BY {", ".join("g." + c for c in CELL)} ORDER BY g.month)
)
INSERT INTO {MONTHLY} ({_CELL}, month, {flows}, open_end, overdue_end, late_766_end)
SELECT {_CELL}, month, {flows}, open_end, overdue_end, late_766_end FROM levels
WHERE open_end <> 0 OR overdue_end <> 0 OR late_766_end <> 0
   OR {" OR ".join(f"{c} <> 0" for c in FLOW_FIELDS)}
"""  # noqa: S608


def _month_through() -> date:
    today = timezone.localdate()
    return date(today.year, today.month, 1)


def _lock_desks(cursor, desk_ids: Iterable[int]) -> None:
    # One lock per desk, in order: a cell's maintenance and a rebuild of its desk never
    # interleave their delete and insert.
    for desk_id in sorted(set(desk_ids)):
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7311, desk_id])


def _recompute(cursor, *, dossier_where: str, rollup_where: str, params: dict) -> None:
    params = {"tz": settings.TIME_ZONE, "through": _month_through(), **params}
    cursor.execute(f"DELETE FROM {DAILY} WHERE {rollup_where}", params)  # noqa: S608
    cursor.execute(f"DELETE FROM {MONTHLY} WHERE {rollup_where}", params)  # noqa: S608
    cursor.execute(_daily_sql(dossier_where), params)
    cursor.execute(_monthly_sql(rollup_where), params)


def _bump(**fields) -> RollupState:
    state, _ = RollupState.objects.select_for_update().get_or_create(pk=1)
    RollupState.objects.filter(pk=1).update(version=F("version") + 1, **fields)
    state.refresh_from_db()
    # The dashboards' cached figures and charts count what the roll-ups held before.
    transaction.on_commit(dashboard_cache_invalidate)
    return state


@transaction.atomic
def rollups_refresh_cells(*, cells: Sequence[tuple[int, int, str]]) -> int:
    """Recompute the roll-ups of the given (desk, procedure, channel) cells from their dossiers
    (every day, every sector, level and agency under them). Idempotent. Returns the cells."""
    if not rollups_supported() or not cells:
        return 0
    cells = sorted({(int(d), int(p), str(c)) for d, p, c in cells})
    # Released before reading: a change committed from now on queues its own refresh.
    _release(cells)
    values = ", ".join(f"({d}, {p}, '{c}')" for d, p, c in cells if c in Channel.values)
    with connection.cursor() as cursor:
        _lock_desks(cursor, (d for d, _, _ in cells))
        _recompute(
            cursor,
            dossier_where=f"(d.desk_id, d.procedure_id, d.channel) IN ({values})",
            rollup_where=f"(desk_id, procedure_id, channel) IN ({values})",
            params={},
        )
    _bump()
    return len(cells)


def rollups_rebuild(
    *, date_from: date | None = None, date_to: date | None = None, progress=None
) -> int:
    """Rebuild the roll-ups (``manage.py rebuild_rollups``): of every desk, or, with a range, of
    the desks that handled dossiers in those days (received then, closed then, or open across
    them), in one transaction and one pass over the dossiers (a desk at a time would read
    every page once per desk: dossiers of all desks arrive side by side). Idempotent.
    ``progress`` is called after each of the steps (delete, daily rows, monthly rows).
    Returns the number of desks rebuilt."""
    from procedures.models import Desk, Dossier
    from procedures.selectors.statistics import day_start

    if not rollups_supported():
        return 0
    desks = Desk.objects.all()
    if date_from or date_to:
        handled = Dossier.objects.all()
        if date_to:
            handled = handled.filter(received_at__lt=day_start(date_to + timedelta(days=1)))
        if date_from:
            handled = handled.exclude(closed_at__lt=day_start(date_from))
        desks = desks.filter(pk__in=handled.values("desk_id"))
    desk_ids = list(desks.order_by("pk").values_list("pk", flat=True))
    step = progress or (lambda _name: None)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_desks(cursor, desk_ids)
        params = {"tz": settings.TIME_ZONE, "through": _month_through(), "desks": desk_ids}
        where = "TRUE" if not (date_from or date_to) else "desk_id = ANY(%(desks)s)"
        cursor.execute(f"DELETE FROM {DAILY} WHERE {where}", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {MONTHLY} WHERE {where}", params)  # noqa: S608
        step("delete")
        cursor.execute(_daily_sql(where.replace("desk_id", "d.desk_id")), params)
        step("daily")
        cursor.execute(_monthly_sql(where), params)
        step("monthly")
        if not (date_from or date_to):
            first = Dossier.objects.aggregate(first=Min("received_at"))["first"]
            _bump(
                first_day=timezone.localdate(first) if first else timezone.localdate(),
                last_day=_last_day(_month_through()),
                rebuilt_at=timezone.now(),
            )
        else:
            _bump()
    return len(desk_ids)


@transaction.atomic
def rollups_extend() -> bool:
    """Each night (beat): once a new month has begun, give every cell with open dossiers a
    row for it (the monthly rows are rebuilt from the daily ones) and extend what the
    roll-ups cover. Returns whether anything changed."""
    if not rollups_supported():
        return False
    state = RollupState.objects.select_for_update().filter(pk=1).first()
    through = _month_through()
    if state is None or state.last_day is None or state.last_day >= _last_day(through):
        return False
    from procedures.models import Desk

    params = {"tz": settings.TIME_ZONE, "through": through}
    with connection.cursor() as cursor:
        for desk_id in Desk.objects.order_by("pk").values_list("pk", flat=True):
            _lock_desks(cursor, [desk_id])
            delete = f"DELETE FROM {MONTHLY} WHERE desk_id = %(desk)s"  # noqa: S608
            cursor.execute(delete, {"desk": desk_id})
            cursor.execute(_monthly_sql("desk_id = %(desk)s"), {**params, "desk": desk_id})
    _bump(last_day=_last_day(through))
    return True


def _last_day(month: date) -> date:
    from procedures.selectors.statistics import month_last_day

    return month_last_day(month.year, month.month)


logger = logging.getLogger(__name__)

REFRESH_BATCH = 500
# How long a queued refresh holds its cells: a message lost with the broker's memory delays
# the cell's next refresh by at most this long (a kept outbox message is sent by the drain).
PENDING_REFRESH_SECONDS = 300


def _pending_key(cell: tuple[int, int, str]) -> str:
    desk, procedure, channel = cell
    return f"rollups:pending:{desk}:{procedure}:{channel}"


def _claim(cell: tuple[int, int, str]) -> bool:
    """Whether this change must queue the cell's refresh (none is queued and not yet begun).
    With the cache unreachable it must: a refresh too many is harmless, one missing is not."""
    try:
        if cache.add(_pending_key(cell), True, timeout=PENDING_REFRESH_SECONDS):
            return True
    except Exception:  # noqa: BLE001 - any cache failure: queue the refresh
        return True
    # Not stored: a refresh is already queued, or the cache is down and answered a miss
    # (onestop.cache.TolerantRedisCache), which must not be taken for a queued refresh.
    return getattr(cache, "unreachable", lambda: False)()


def _release(cells) -> None:
    try:
        cache.delete_many([_pending_key(cell) for cell in cells])
    except Exception:  # noqa: BLE001 - the cells' keys expire on their own
        logger.warning("roll-ups: pending refresh keys not released (cache unreachable)")


def rollups_refresh_on_commit(*, cells: Iterable[tuple[int, int, str]]) -> None:
    """After the current transaction commits, have Celery recompute these (desk, procedure,
    channel) cells; nothing is queued if it rolls back. The changes of many dossiers at once
    (a calendar change's recomputation, the verdicts' replay) call this; a single dossier's
    change moves its own rows in its transaction (:mod:`.rollups_live`)."""
    if not rollups_supported():
        return
    cells = sorted({(int(d), int(p), str(c)) for d, p, c in cells})
    if not cells:
        return

    def queue():
        from procedures.services.outbox import outbox_send_or_keep, registered_task

        refresh_rollup_cells = registered_task("procedures.tasks.rollups.refresh_rollup_cells")
        # A cell whose refresh is queued and not yet begun needs no second one: that refresh
        # reads this change, committed before it began (it releases its cells first). Every
        # intake of a busy desk would otherwise publish one, and the worker redo it (issue 9).
        claimed = [cell for cell in cells if _claim(cell)]
        for i in range(0, len(claimed), REFRESH_BATCH):
            batch = [list(cell) for cell in claimed[i : i + REFRESH_BATCH]]
            outbox_send_or_keep(refresh_rollup_cells, batch)

    transaction.on_commit(queue)
