"""The statistics read from the roll-ups (bảng tổng hợp) when they cover the question;
:func:`rollup_counter` answers ``None`` otherwise and the statistics count the dossiers.

A period's flows are the monthly rows of its whole months plus the daily rows of its other
days; a stock at the end of a day is the monthly level at the end of the month before plus
that month's daily changes up to the day (see :mod:`procedures.models.rollups`).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from django.db import connection
from django.db.models import F, Q, Sum

from procedures.models import DossierDailyRollup, DossierMonthlyRollup, RollupState
from procedures.models.rollups import FLOW_FIELDS
from procedures.roles import Role, user_roles
from procedures.selectors.statistics.definitions import COUNT_KEYS, month_last_day

# How a statistics filter reads on the roll-ups (codes, as on dossiers).
ROLLUP_FILTERS = {
    "centre": "desk__centre__code",
    "desk": "desk__code",
    "unit": "unit__code",
    "sector": "sector__code",
    "procedure": "procedure__code",
    "channel": "channel",
    "level": "level",
}
LEVELS = ("open_end", "overdue_end", "late_766_end")
DELTAS = ("open_delta", "overdue_delta", "late_766_delta")


def rollups_supported() -> bool:
    """Roll-ups exist on PostgreSQL; the embedded SQLite default counts dossiers directly."""
    return connection.vendor == "postgresql"


def rollups_state() -> RollupState | None:
    """What the roll-ups cover and their version (``None`` before the first rebuild)."""
    return RollupState.objects.filter(pk=1).first()


def _scope(user, filters: Mapping | None) -> Q | None:
    """The roll-up rows a user's statistics read, as :func:`dossiers_for_statistics` does for
    dossiers; ``None`` when a filter has no roll-up column."""
    q = Q()
    if user is not None:
        roles = user_roles(user)
        if not {Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR} & roles:
            q &= Q(desk__staff=user) if Role.RECEPTION in roles else Q(pk__in=[])
    for name, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        if name not in ROLLUP_FILTERS:
            return None
        values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        if name == "level":
            values = [int(v) for v in values]
        q &= Q(**{f"{ROLLUP_FILTERS[name]}__in": values})
    return q


def rollup_counter(
    *, date_from: date, date_to: date, groupings: Sequence, user, filters: Mapping | None
):
    """A counter reading the roll-ups for this question, or ``None`` when they do not cover it:
    not PostgreSQL, never fully built, the period ending after what they cover, or a grouping
    or filter they do not hold."""
    if not rollups_supported() or any(g.rollup_field is None for g in groupings):
        return None
    scope = _scope(user, filters)
    state = rollups_state()
    if scope is None or state is None or state.last_day is None or date_to > state.last_day:
        return None

    def counter(*, spans, groupings, base):
        return _counts(spans=spans, groupings=groupings, scope=scope)

    return counter


def _month(day: date) -> date:
    return day.replace(day=1)


def _prev_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _split(first: date, last: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The whole months of ``[first, last]`` and the day ranges left at its edges."""
    months, ranges = [], []
    day = first
    while day <= last:
        end = month_last_day(day.year, day.month)
        if day.day == 1 and end <= last:
            months.append(day)
        else:
            ranges.append((day, min(end, last)))
        day = end + timedelta(days=1)
    return months, ranges


def _stock_parts(day: date) -> tuple[date | None, tuple[date, date] | None]:
    """The stock at the end of ``day``: the monthly level of which month, plus the daily
    changes of which days."""
    if day == month_last_day(day.year, day.month):
        return _month(day), None
    return _prev_month(_month(day)), (_month(day), day)


def _grouped(qs, keys: dict, fields: Sequence[str], extra: Sequence[str] = ()) -> list[dict]:
    sums = {f: Sum(f) for f in fields}
    if not keys and not extra:
        return [qs.aggregate(**sums)]
    return list(qs.annotate(**keys).values(*keys, *extra).annotate(**sums).order_by())


def _counts(*, spans, groupings, scope: Q) -> list[dict]:
    keys = {f"k_{g.name}": F(g.rollup_field) for g in groupings}
    names = list(keys)
    monthly = DossierMonthlyRollup.objects.filter(scope)
    daily = DossierDailyRollup.objects.filter(scope)

    plans = []
    months_needed: set[date] = set()
    for first, last in spans:
        months, ranges = _split(first, last)
        before = _stock_parts(first - timedelta(days=1))
        after = _stock_parts(last)
        months_needed.update(months)
        months_needed.update(m for m, _ in (before, after))
        plans.append((months, ranges, before, after))

    # One query for every month any span needs: flows and month-end levels per key.
    per_month: dict[date, dict[tuple, dict]] = defaultdict(dict)
    for row in _grouped(
        monthly.filter(month__in=months_needed), keys, (*FLOW_FIELDS, *LEVELS), ("month",)
    ):
        per_month[row["month"]][tuple(row[k] for k in names)] = row

    def daily_sums(first: date, last: date, fields) -> dict[tuple, dict]:
        rows = _grouped(daily.filter(day__gte=first, day__lte=last), keys, fields)
        return {tuple(r[k] for k in names): r for r in rows if any(r[f] for f in fields)}

    def stock(parts) -> dict[tuple, dict]:
        month, days = parts
        out: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
        for key, row in per_month.get(month, {}).items():
            for level in LEVELS:
                out[key][level] += row[level] or 0
        if days:
            for key, row in daily_sums(*days, DELTAS).items():
                for level, delta in zip(LEVELS, DELTAS, strict=True):
                    out[key][level] += row[delta] or 0
        return out

    answers = []
    for months, ranges, before, after in plans:
        flows: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(FLOW_FIELDS, 0))
        for month in months:
            for key, row in per_month.get(month, {}).items():
                for f in FLOW_FIELDS:
                    flows[key][f] += row[f] or 0
        for first, last in ranges:
            for key, row in daily_sums(first, last, FLOW_FIELDS).items():
                for f in FLOW_FIELDS:
                    flows[key][f] += row[f] or 0
        start, end = stock(before), stock(after)
        answer = {}
        for key in set(flows) | set(start) | set(end):
            f = flows.get(key) or dict.fromkeys(FLOW_FIELDS, 0)
            s = start.get(key) or dict.fromkeys(LEVELS, 0)
            e = end.get(key) or dict.fromkeys(LEVELS, 0)
            counts = {
                **f,
                "received_carried_over": s["open_end"],
                "received_total": s["open_end"] + f["received_new"],
                "in_progress_total": e["open_end"],
                "in_progress_overdue": e["overdue_end"],
                "in_progress_within_time": e["open_end"] - e["overdue_end"],
                "in_progress_within_time_766": e["open_end"] - e["late_766_end"],
            }
            if any(counts[k] for k in COUNT_KEYS):
                answer[key] = {k: counts[k] for k in COUNT_KEYS}
        if not keys and not answer:
            answer[()] = dict.fromkeys(COUNT_KEYS, 0)
        answers.append(answer)
    return answers
