"""Thống kê tình hình, kết quả giải quyết TTHC: form 06/VPCP/KSTT (and II.06a per centre), with
the rates reports print and Decision 766's progress rate.

One module computes them; the API, the dashboards, the report and the exports call
:func:`dossier_statistics`. For a period ``[date_from, date_to]`` of whole Vietnamese days
(Asia/Ho_Chi_Minh) each row holds exactly the keys of :data:`STAT_KEYS`:

- ``received_carried_over``: open at the start of ``date_from`` (received before it, not closed
  before it); ``received_new``: received in the period, split into ``received_online`` and
  ``received_direct_postal``; ``received_total`` is their sum.
- ``resolved_*``: resolved in the period by the resolution moment (``resolved_at``), whatever
  the period they were received in, by their outcome (early / on time / late, by date).
- ``in_progress_*``: open at the end of ``date_to``, judged at that moment exactly as
  :func:`procedures.selectors.dossiers.dossiers_overdue_at` judges it.
- ``rejected``, ``withdrawn``, ``stopped``: closed so in the period, so that
  ``received_total = resolved_total + in_progress_total + rejected + withdrawn + stopped``.
- Dossiers **without a time limit** (a procedure whose time is "Không quy định", or still to be
  completed in the catalogue: no due date, see :data:`NO_TIME_LIMIT`) are outside every column
  above: form 06 counts dossiers that can be early, on time or late, and counting them in
  ``received`` but in no outcome would break the identity. ``no_time_limit`` counts those
  received in the period, beside the form's columns, so that none goes unreported.
- Decision 766 (:class:`Rule766`, reading the clock's one definition): on time = resolved and
  not late for 766 by the verdict the clock stored on the dossier (early or on time with at
  most one supplement request); in progress within time = open, not overdue and at most one
  request so far. The waiting time is already outside the due moment (the clock stops while
  the applicant completes the dossier), so it is never held against the agency.
- ``apologies_in_time``, ``apologies_late``: phiếu xin lỗi và hẹn lại ngày trả kết quả issued
  in the period (by the apology's moment), in time when at least one working day before the
  due date (Decree 61/2018 Art. 19), late otherwise (``Dossier.apology_in_time``). A dossier
  resolved late and closed before the period still counts its apology in the period it came.

The groupings live in :mod:`procedures.selectors.statistics_groupings` (re-exported here).
Time groupings (month, quarter, year) give each row its own sub-period: a month row carries
over what was open when that month (or the period) began and leaves in progress what was open
when it ended. The totals are the whole period's statistics, computed, never summed.

Every count is counted on its own in the database (conditional aggregation over the dossiers
handled in the period, served by the (closed_at, received_at) index, or the daily roll-ups);
``checks`` then lists each row whose parts do not add up or whose rates do not follow from its
counts. Nothing is ever corrected to make a check pass.
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.calendar import clock as rules
from procedures.choices import Channel, DossierStatus, Outcome
from procedures.models import Dossier, DossierEvent
from procedures.roles import Role, user_roles
from procedures.selectors.dossiers import dossiers_overdue_at
from procedures.selectors.statistics_groupings import (  # noqa: F401 (the public interface)
    GROUPINGS,
    Bucket,
    Grouping,
    register_grouping,
)
from procedures.selectors.statistics_limits import period_problems

# -- the statistics' keys, in the order of form 06 (then the others) -----------------------------

# The 11 numbered count columns of form 06/VPCP/KSTT (with STT and the sector: 13 columns).
FORM_06_KEYS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within_time",
    "in_progress_overdue",
)
COUNT_KEYS = (
    *FORM_06_KEYS,
    "received_new",
    "resolved_in_time",
    "rejected",
    "withdrawn",
    "stopped",
    "resolved_in_time_766",
    "in_progress_within_time_766",
    "no_time_limit",
    "apologies_in_time",
    "apologies_late",
)
RATE_KEYS = ("on_time_rate", "late_rate", "online_rate", "progress_rate_766")
STAT_KEYS = (*COUNT_KEYS, *RATE_KEYS)

# Counts that are flows over the period (they add up across consecutive sub-periods); the
# others are stocks at a moment (carried over at the start, in progress at the end).
FLOW_KEYS = (
    "received_new",
    "received_online",
    "received_direct_postal",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "resolved_in_time_766",
    "rejected",
    "withdrawn",
    "stopped",
    "no_time_limit",
    "apologies_in_time",
    "apologies_late",
)

STAT_LABELS = {
    "received_total": _("Received: total"),
    "received_online": _("Received online"),
    "received_direct_postal": _("Received directly or by post"),
    "received_carried_over": _("Carried over from the previous period"),
    "received_new": _("Newly received"),
    "resolved_total": _("Resolved: total"),
    "resolved_early": _("Resolved early"),
    "resolved_on_time": _("Resolved on time"),
    "resolved_late": _("Resolved late"),
    "resolved_in_time": _("Resolved in time (early or on time)"),
    "in_progress_total": _("In progress: total"),
    "in_progress_within_time": _("In progress within time"),
    "in_progress_overdue": _("In progress overdue"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
    "stopped": _("Stopped"),
    "resolved_in_time_766": _("Resolved in time (Decision 766)"),
    "in_progress_within_time_766": _("In progress within time (Decision 766)"),
    "no_time_limit": _("Received without a time limit (outside the form)"),
    "apologies_in_time": _("Apologies in time"),
    "apologies_late": _("Apologies late"),
    "on_time_rate": _("On-time rate"),
    "late_rate": _("Late rate"),
    "online_rate": _("Online rate"),
    "progress_rate_766": _("Progress rate (Decision 766)"),
}

# Each rate: (numerator keys, denominator keys); one definition that computing and checking share.
RATE_DEFINITIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "on_time_rate": (("resolved_early", "resolved_on_time"), ("resolved_total",)),
    "late_rate": (("resolved_late",), ("resolved_total",)),
    "online_rate": (("received_online",), ("received_new",)),
    "progress_rate_766": (
        ("resolved_in_time_766", "in_progress_within_time_766"),
        ("resolved_total", "in_progress_total"),
    ),
}

# Each identity a row must satisfy: (total key, parts).
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("received_total", ("received_carried_over", "received_new")),
    ("received_new", ("received_online", "received_direct_postal")),
    ("resolved_total", ("resolved_early", "resolved_on_time", "resolved_late")),
    ("resolved_in_time", ("resolved_early", "resolved_on_time")),
    ("in_progress_total", ("in_progress_within_time", "in_progress_overdue")),
    (
        "received_total",
        ("resolved_total", "in_progress_total", "rejected", "withdrawn", "stopped"),
    ),
)

RESOLVED_STATUSES = (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED)
# A dossier without a time limit: no due date, no outcome, never overdue. One condition that
# the direct computation, the roll-ups (services.rollups) and the checks share.
NO_TIME_LIMIT = Q(due_at__isnull=True)
DIRECT_POSTAL = (Channel.DIRECT, Channel.POSTAL)
ONE_MICROSECOND = timedelta(microseconds=1)


class Rule766:
    """Decision 766/QĐ-TTg's processing-progress rule as the database counts it. The rule itself
    is defined once, in the clock (:func:`procedures.calendar.clock.late_for_766` and
    :data:`~procedures.calendar.clock.SUPPLEMENT_LIMIT_766`): the services store its verdict on
    each resolved dossier (``Dossier.late_766``) and these conditions only read it, so the
    statistics, the roll-ups and the dossier's own record cannot disagree.

    Resolved: in time for 766 when the clock said not late (``late_766`` false; no verdict, a
    dossier without a due moment, is never in time). Open at a moment: within time, and no more
    requests than the limit by then (:func:`procedures.calendar.clock.late_for_766_open`).
    Waiting time is not held against the agency: the due moment already excludes it.
    """

    SUPPLEMENT_LIMIT = rules.SUPPLEMENT_LIMIT_766

    @classmethod
    def resolved_in_time(cls) -> Q:
        """Among resolved dossiers: those on time for 766, by the clock's stored verdict."""
        return Q(late_766=False)

    @classmethod
    def too_many_supplements_at(cls, *, at: datetime, queryset: QuerySet) -> QuerySet:
        """Dossiers of ``queryset`` with more than the allowed supplement requests by ``at``
        (counted from the events, so a later request does not change a past period)."""
        requests = (
            DossierEvent.objects.filter(
                dossier=OuterRef("pk"), action="request_supplement", at__lte=at
            )
            .order_by()
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            queryset.filter(supplement_count__gt=cls.SUPPLEMENT_LIMIT)
            .annotate(requests_then=Coalesce(Subquery(requests, output_field=IntegerField()), 0))
            .filter(requests_then__gt=cls.SUPPLEMENT_LIMIT)
        )


# -- periods -------------------------------------------------------------------------------------


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: date) -> datetime:
    """The Vietnamese midnight that starts ``day``."""
    return datetime.combine(day, time.min, tzinfo=_zone())


# -- the answer ----------------------------------------------------------------------------------


@dataclass
class DossierStatistics:
    """The statistics of a period: ``rows`` (``key``/``name`` per grouping, ``entities`` for
    units/desks/centres, and the :data:`STAT_KEYS`), ``totals`` and ``checks``."""

    date_from: date
    date_to: date
    group_by: tuple[str, ...]
    rows: list[dict]
    totals: dict
    checks: list[dict] = field(default_factory=list)
    source: str = "direct"

    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """One line per row: a column per grouping (its name), then the statistics; with
        ``labels`` the headers are the translated labels a reader sees."""
        records = [
            {**{dim: row["name"][dim] for dim in self.group_by}, **{k: row[k] for k in STAT_KEYS}}
            for row in self.rows
        ]
        frame = pd.DataFrame.from_records(records, columns=[*self.group_by, *STAT_KEYS])
        if labels:
            frame = frame.rename(
                columns={
                    **{dim: str(GROUPINGS[dim].label) for dim in self.group_by},
                    **{k: str(v) for k, v in STAT_LABELS.items()},
                }
            )
        return frame


def rate_value(rate: Fraction | None) -> Decimal | None:
    """A rate as the API gives it: a number with four decimals (``None`` without a base)."""
    if rate is None:
        return None
    return (Decimal(rate.numerator) / Decimal(rate.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def with_rates(counts: Mapping[str, int]) -> dict:
    """``counts`` with every rate as an exact fraction (``None`` when its base is zero)."""
    row = {key: int(counts.get(key) or 0) for key in COUNT_KEYS}
    for key, (numerator, denominator) in RATE_DEFINITIONS.items():
        base = sum(row[k] for k in denominator)
        row[key] = Fraction(sum(row[k] for k in numerator), base) if base else None
    return row


def statistics_checks(rows: Sequence[dict], totals: dict, *, additive_keys=COUNT_KEYS) -> list:
    """Every row (and the totals) whose parts do not add up or whose rates do not follow from
    its counts; and, for ``additive_keys``, rows that do not add up to the totals."""
    checks = []

    def check_row(label, row):
        for total, parts in IDENTITIES:
            expected = sum(row[p] for p in parts)
            if row[total] != expected:
                checks.append(
                    {
                        "row": label,
                        "rule": f"{total} = {' + '.join(parts)}",
                        "expected": expected,
                        "actual": row[total],
                    }
                )
        for key, (numerator, denominator) in RATE_DEFINITIONS.items():
            base = sum(row[k] for k in denominator)
            expected = Fraction(sum(row[k] for k in numerator), base) if base else None
            if row[key] != expected or (expected is not None and not 0 <= expected <= 1):
                checks.append(
                    {
                        "row": label,
                        "rule": f"{key} = ({' + '.join(numerator)}) / ({' + '.join(denominator)})",
                        "expected": expected,
                        "actual": row[key],
                    }
                )

    for row in rows:
        check_row(row["key"], row)
    check_row("totals", totals)
    for key in additive_keys:
        summed = sum(row[key] for row in rows)
        if rows and summed != totals[key]:
            checks.append(
                {
                    "row": "totals",
                    "rule": f"sum of rows {key}",
                    "expected": summed,
                    "actual": totals[key],
                }
            )
    return checks


# -- the direct computation ----------------------------------------------------------------------


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


def dossier_statistics(
    *,
    date_from: date,
    date_to: date,
    group_by: Sequence[str] = (),
    filters: Mapping[str, object] | None = None,
    user=None,
    source: str = "auto",
) -> DossierStatistics:
    """Thống kê hồ sơ (form 06/VPCP/KSTT): the statistics of ``[date_from, date_to]`` (whole
    Vietnamese days) grouped by ``group_by`` (at most two names of :data:`GROUPINGS`), for the
    dossiers ``user`` may see (``None``: all) matching ``filters``.

    ``source`` is ``"auto"`` (the daily roll-ups when they cover the period and the groupings,
    else the dossiers), ``"direct"`` or ``"rollups"``.
    """
    group_by = tuple(group_by)
    _validate(date_from=date_from, date_to=date_to, group_by=group_by)
    base = dossiers_for_statistics(user=user, filters=filters)
    time_dims = [g for g in group_by if GROUPINGS[g].is_time]
    other = [GROUPINGS[g] for g in group_by if not GROUPINGS[g].is_time]

    counter, used = _direct_spans, "direct"
    from procedures.selectors import statistics_rollups

    if source != "direct":
        rollup_counter = statistics_rollups.rollup_counter(
            date_from=date_from, date_to=date_to, groupings=other, user=user, filters=filters
        )
        if rollup_counter is not None:
            counter, used = rollup_counter, "rollups"
        elif source == "rollups":
            raise ValidationError(gettext("The roll-ups do not cover this period or grouping."))

    spans = (
        [
            (b.key, b.name, b.first, b.last)
            for b in GROUPINGS[time_dims[0]].buckets(date_from, date_to)
        ]
        if time_dims
        else [(None, None, date_from, date_to)]
    )
    raw = []
    days = [(span[2], span[3]) for span in spans]
    answers = counter(spans=days, groupings=other, base=base)
    for (bucket_key, bucket_name, *_days), answer in zip(spans, answers, strict=True):
        for key, counts in answer.items():
            raw.append((bucket_key, bucket_name, key, counts))
    totals_counts = counter(spans=[(date_from, date_to)], groupings=(), base=base)[0]
    totals = with_rates(totals_counts.get((), {}))

    names = {
        g.name: g.describe(list({key[i] for _, _, key, _ in raw} - {None}), date_from, date_to)
        for i, g in enumerate(other)
    }
    entities = {
        g.name: g.entities(list({key[i] for _, _, key, _ in raw} - {None}))
        for i, g in enumerate(other)
        if g.entities
    }
    rows = []
    for bucket_key, bucket_name, key, counts in raw:
        row_key, row_name, row_entities = {}, {}, {}
        for dim in group_by:
            if GROUPINGS[dim].is_time:
                row_key[dim], row_name[dim] = bucket_key, bucket_name
                continue
            value = key[[g.name for g in other].index(dim)]
            row_key[dim], row_name[dim] = (
                names[dim].get(value, (value, str(value)))
                if value is not None
                else (None, gettext("(none)"))
            )
            if dim in entities and value is not None:
                row_entities[dim] = entities[dim].get(value)
        row = {"key": row_key, "name": row_name, **with_rates(counts)}
        if row_entities:
            row["entities"] = row_entities
        rows.append(row)
    if not group_by:
        rows = [{"key": {}, "name": {}, **totals}]
    rows.sort(key=lambda r: tuple(_sort_value(r, dim) for dim in group_by))
    additive = FLOW_KEYS if time_dims else COUNT_KEYS
    return DossierStatistics(
        date_from=date_from,
        date_to=date_to,
        group_by=group_by,
        rows=rows,
        totals=totals,
        checks=statistics_checks(rows, totals, additive_keys=additive),
        source=used,
    )


def _sort_value(row: dict, dim: str):
    if GROUPINGS[dim].is_time:
        return (row["key"][dim],)
    name = row["name"][dim]
    return (row["key"][dim] is None, str(name).casefold())


def _validate(*, date_from: date, date_to: date, group_by: tuple[str, ...]) -> None:
    errors = {}
    if date_from > date_to:
        errors["date_to"] = [gettext("The end of the period is before its start.")]
    unknown = [g for g in group_by if g not in GROUPINGS]
    if unknown:
        errors["group_by"] = [
            gettext("Unknown grouping %(names)s; choose among %(choices)s.")
            % {"names": ", ".join(unknown), "choices": ", ".join(GROUPINGS)}
        ]
    elif len(group_by) > 2:
        errors["group_by"] = [gettext("At most two groupings at once.")]
    elif len(set(group_by)) != len(group_by):
        errors["group_by"] = [gettext("A grouping is named twice.")]
    elif sum(GROUPINGS[g].is_time for g in group_by) > 1:
        errors["group_by"] = [gettext("At most one time grouping (month, quarter or year).")]
    if "date_to" not in errors:
        for name, messages in period_problems(date_from, date_to, group_by=group_by).items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def month_last_day(year: int, month: int) -> date:
    return date(year, month, pycalendar.monthrange(year, month)[1])
