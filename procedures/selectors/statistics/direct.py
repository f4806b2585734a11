"""The statistics counted on the dossiers themselves (đếm trực tiếp trên hồ sơ): one grouped
query with conditional aggregation per period, over the dossiers handled in it, served by the
(closed_at, received_at) index. The answer when the roll-ups do not cover the question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext

from procedures.choices import Channel, DossierStatus, Outcome
from procedures.models import Dossier, DossierEvent
from procedures.roles import Role, user_roles
from procedures.selectors.dossiers import dossiers_overdue_at
from procedures.selectors.statistics.definitions import (
    COUNT_KEYS,
    DIRECT_POSTAL,
    NO_TIME_LIMIT,
    ONE_MICROSECOND,
    Rule766,
    day_start,
)
from procedures.selectors.statistics_groupings import GROUPINGS, Grouping


def dossiers_for_statistics(*, user=None, filters: Mapping[str, object] | None = None) -> QuerySet:
    """The dossiers a user's statistics count: leaders, reform officers and administrators all;
    reception staff those of their own desks; anyone else none. ``filters`` maps grouping
    names (centre, desk, unit, sector, procedure, channel, level) to a key or a list of keys
    (codes for desks, centres, units, sectors and procedures, as rows show them)."""
    qs = Dossier.objects.all()
    if user is not None:
        roles = user_roles(user)
        if not {Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR} & roles:
            qs = qs.filter(desk__staff=user) if Role.RECEPTION in roles else qs.none()
    for name, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        grouping = GROUPINGS.get(name)
        if grouping is None or grouping.filter_q is None:
            raise ValidationError({name: [gettext("The statistics cannot be filtered by this.")]})
        values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        try:
            qs = qs.filter(grouping.filter_q(values))
        except (TypeError, ValueError):
            raise ValidationError(
                {name: [gettext("%(value)s is not a valid value.") % {"value": values}]}
            ) from None
    return qs


def _ids(queryset: QuerySet) -> Q:
    ids = list(queryset.order_by().values_list("pk", flat=True))
    return Q(pk__in=ids) if ids else Q(pk__isnull=True)  # a pk is never null: no dossier


def _aggregates(*, start: datetime, end: datetime, base: QuerySet) -> dict:
    at_end = end - ONE_MICROSECOND  # the last moment of the period: "< end" at µs precision
    in_period = Q(resolved_at__gte=start, resolved_at__lt=end)
    closed_in_period = Q(closed_at__gte=start, closed_at__lt=end)
    open_at_end = Q(closed_at__isnull=True) | Q(closed_at__gte=end)
    # The few dossiers overdue (or late for 766) at the end, fetched first: as a subquery
    # inside the aggregate's FILTER the planner may re-run it for every dossier counted.
    overdue = _ids(dossiers_overdue_at(at=at_end, queryset=base))
    too_many = _ids(Rule766.too_many_supplements_at(at=at_end, queryset=base))
    new = Q(received_at__gte=start)

    def count(condition=None):
        # Every column of the form counts dossiers with a time limit only.
        timed = ~NO_TIME_LIMIT
        return Count("pk", filter=timed & condition if condition is not None else timed)

    return {
        "no_time_limit": Count("pk", filter=new & NO_TIME_LIMIT),
        "received_total": count(),
        "received_carried_over": count(Q(received_at__lt=start)),
        "received_new": count(new),
        "received_online": count(new & Q(channel=Channel.ONLINE)),
        "received_direct_postal": count(new & Q(channel__in=DIRECT_POSTAL)),
        "resolved_total": count(in_period),
        "resolved_early": count(in_period & Q(outcome=Outcome.EARLY)),
        "resolved_on_time": count(in_period & Q(outcome=Outcome.ON_TIME)),
        "resolved_late": count(in_period & Q(outcome=Outcome.LATE)),
        "resolved_in_time": count(in_period & Q(outcome__in=(Outcome.EARLY, Outcome.ON_TIME))),
        "resolved_in_time_766": count(in_period & Rule766.resolved_in_time()),
        "in_progress_total": count(open_at_end),
        "in_progress_within_time": count(open_at_end & ~overdue),
        "in_progress_overdue": count(open_at_end & overdue),
        "in_progress_within_time_766": count(open_at_end & ~overdue & ~too_many),
        "rejected": count(closed_in_period & Q(status=DossierStatus.REJECTED)),
        "withdrawn": count(closed_in_period & Q(status=DossierStatus.WITHDRAWN)),
        "stopped": count(closed_in_period & Q(status=DossierStatus.STOPPED)),
    }


APOLOGY_KEYS = ("apologies_in_time", "apologies_late")


def _apologies(*, start: datetime, end: datetime, base: QuerySet) -> tuple[QuerySet, dict]:
    """The dossiers of ``base`` apologised for in ``[start, end)`` and how to count them. By
    the apology's moment, not the dossier's: an apology for a dossier resolved late comes after
    it closed, so these are not always among the dossiers handled in the period."""
    apologised = DossierEvent.objects.filter(
        action="apologize_reschedule", at__gte=start, at__lt=end
    ).values("dossier_id")
    return base.filter(pk__in=apologised), {
        "apologies_in_time": Count("pk", filter=Q(apology_in_time=True)),
        "apologies_late": Count("pk", filter=Q(apology_in_time=False)),
    }


def _direct_counts(*, first: date, last: date, groupings: Sequence[Grouping], base) -> dict:
    """{key tuple: counts} for the days ``first``..``last``: one grouped query over the
    dossiers handled in those days, on plain dossier columns (and one over the few apologised
    for in them)."""
    start, end = day_start(first), day_start(last + timedelta(days=1))
    handled = (
        base.filter(received_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        # Without a time limit a dossier counts only as received in the period: one carried
        # over would give its group a row of zeros (the roll-ups hold no such row).
        .exclude(NO_TIME_LIMIT & Q(received_at__lt=start))
    )
    apologised, apology_counts = _apologies(start=start, end=end, base=base)
    keys, parts = {}, []
    for g in groupings:
        names = [f"k_{g.name}_{i}" for i in range(len(g.columns))] or [f"k_{g.name}"]
        exprs = [F(c) for c in g.columns] or [g.expression()]
        keys.update(zip(names, exprs, strict=True))
        parts.append((g, names))
    if not keys:  # values() without fields would group by every column
        totals = handled.aggregate(**_aggregates(start=start, end=end, base=base))
        totals |= apologised.aggregate(**apology_counts)
        return {(): totals}
    rows = list(
        handled.annotate(**keys)
        .values(*keys)
        .annotate(**_aggregates(start=start, end=end, base=base))
        .order_by()
    )
    rows += [
        {**dict.fromkeys(COUNT_KEYS, 0), **row}
        for row in apologised.annotate(**keys).values(*keys).annotate(**apology_counts).order_by()
    ]
    resolved = {
        g.name: g.resolve(list({tuple(r[n] for n in names) for r in rows}))
        for g, names in parts
        if g.columns
    }
    out: dict[tuple, dict] = {}
    for r in rows:
        key = tuple(
            resolved[g.name][tuple(r[n] for n in names)] if g.columns else r[names[0]]
            for g, names in parts
        )
        counts = out.setdefault(key, dict.fromkeys(COUNT_KEYS, 0))
        for c in COUNT_KEYS:
            counts[c] += r.get(c, 0)
    return out


def _direct_spans(*, spans, groupings, base) -> list[dict]:
    return [
        _direct_counts(first=first, last=last, groupings=groupings, base=base)
        for first, last in spans
    ]
