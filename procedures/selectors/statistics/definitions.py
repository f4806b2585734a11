"""The statistics' shared definitions (định nghĩa các chỉ tiêu thống kê): the keys of form
06/VPCP/KSTT and the others with their labels, each rate and each identity a row must satisfy,
what "without a time limit" and Decision 766's rule mean in the database, and the Vietnamese day.

One definition that the direct computation, the roll-ups (their answer here and their writing in
``procedures.services.rollups``) and the checks all read; it imports neither of them.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from procedures.calendar import clock as rules
from procedures.choices import Channel, DossierStatus
from procedures.models import DossierEvent

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


def month_last_day(year: int, month: int) -> date:
    return date(year, month, pycalendar.monthrange(year, month)[1])
