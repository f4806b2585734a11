"""Hồ sơ quá hạn: which dossiers are overdue now or were at any past moment, which were open
then, and the overdue counted by desk for the dashboard.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from procedures.calendar.overdue import overdue_bound
from procedures.choices import DossierStatus
from procedures.dossier_flow import RUNNING_STATUSES, WAITING_STATUSES
from procedures.models import (
    Desk,
    Dossier,
    DossierEvent,
)
from procedures.models.dossiers import OVERDUE_STATES

# The states a dossier waiting for the applicant can end in, other than resuming its clock.
STOPPED_WHILE_WAITING = (DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED)


def dossier_is_overdue_now(dossier: Dossier, *, at: datetime) -> bool:
    """Whether a dossier read from its row is quá hạn at ``at`` (now): the rule of
    :func:`dossiers_overdue` (``OVERDUE_STATES`` and a due date passed) on the row in hand,
    so a page of the work queue marks its overdue rows without asking the database again."""
    if dossier.due_at is None or dossier.due_at >= overdue_bound(at):
        return False
    return dossier.status in RUNNING_STATUSES or (
        dossier.status in WAITING_STATUSES and dossier.clock_ran_out
    )


def dossiers_overdue(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ quá hạn now (``at`` is now, or any moment after the dossiers' last action): open,
    and its due date has passed (date level, as the outcome will be:
    :func:`procedures.calendar.clock.is_overdue`) with the clock running, or waiting for the
    applicant after its time had already run out."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    # The same Q as the partial indexes' condition, so PostgreSQL sees they cover the query.
    return queryset.filter(OVERDUE_STATES, due_at__lt=overdue_bound(at))


def dossiers_open_at(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ đang giải quyết at ``at``: received by then and not yet resolved, rejected,
    withdrawn or stopped (``closed_at``); served by the (closed_at, received_at) index."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(received_at__lte=at).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=at)
    )


class _ExistsPerRow(Exists):
    """EXISTS looked up row by row through the subquery's index. ``OFFSET 0`` keeps PostgreSQL
    from turning it into a hash of every matching row, built up front: for the timeline
    condition of :func:`dossiers_overdue_at` that hash is a scan of every event (20.000.000
    at 10.000.000 dossiers), paid as soon as one row of the page needs it."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def dossiers_overdue_at(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ quá hạn at any moment ``at``, past or present, exactly: open at ``at``, and its due
    date had passed then (date level, as :func:`procedures.calendar.clock.is_overdue`) with the
    clock running, or waiting for the applicant after its time had run out.

    Read from the dossier's row alone, which the clock's rules make exact
    (:mod:`procedures.calendar.clock`): a clock stops with time left only before its due
    moment, and starts again due after the moment it restarts, so a dossier is never overdue
    before a stop that left it time, and its current due moment is the one of every moment it
    was overdue (a clock that ran out keeps its due moment for good, whatever follows). A
    calendar change recomputes the whole clock (``dossier_due_moments_recompute``). Hence the
    exceptions are only the dossiers whose clock never ran: registered online and not received,
    waiting now with time left, or closed (rejected, withdrawn, stopped) while so waiting.
    One range on the row, no per-dossier reading of its timeline (issue 9: that took seconds
    on millions of dossiers).
    """
    closed_while_waiting = _ExistsPerRow(
        DossierEvent.objects.filter(
            dossier=OuterRef("pk"),
            to_status=OuterRef("status"),
            from_status__in=(DossierStatus.REGISTERED_ONLINE, *WAITING_STATUSES),
        )
    )
    return (
        dossiers_open_at(at=at, queryset=queryset)
        .filter(due_at__lt=overdue_bound(at))
        .exclude(status=DossierStatus.REGISTERED_ONLINE)
        .exclude(status__in=WAITING_STATUSES, clock_ran_out=False)
        .exclude(
            # Rejected, withdrawn or stopped: the only ways out of waiting but the resumption.
            Q(status__in=STOPPED_WHILE_WAITING, clock_ran_out=False) & closed_while_waiting
        )
    )


def dossiers_overdue_by_desk(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> list:
    """Hồ sơ quá hạn by desk at ``at`` (now), by the overdue watch's rule: rows of
    ``desk__code``, ``desk__name``, ``desk__centre__name`` and ``overdue``, most first.

    Counted per ``desk_id`` alone, with ``COUNT(*)``: every column the count needs is in the
    partial index ``dossier_desk_overdue_due`` (desk, due_at; overdue states only), so
    PostgreSQL answers it by an index-only scan. Grouping by the desk's name and centre joined
    the desks first and read each overdue dossier's row from the table: 184 ms on every view
    of the dashboard at 10.000.000 dossiers, against about 7 ms (issue 24). The few desks are
    named by a second, small query."""
    from django.db.models import Count

    counts = dict(
        dossiers_overdue(at=at, queryset=queryset)
        .order_by()
        .values("desk_id")
        .annotate(overdue=Count("*"))
        .values_list("desk_id", "overdue")
    )
    desks = Desk.objects.filter(pk__in=counts).values("pk", "code", "name", "centre__name")
    rows = [
        {
            "desk__code": desk["code"],
            "desk__name": desk["name"],
            "desk__centre__name": desk["centre__name"],
            "overdue": counts[desk["pk"]],
        }
        for desk in desks
    ]
    rows.sort(key=lambda row: (-row["overdue"], row["desk__code"]))
    return rows
