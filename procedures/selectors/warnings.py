"""Sắp đến hạn: the warnings while there is still time. Open dossiers due within one working
day, and those whose current agency has already held them longer than its share of the
processing time (một cửa liên thông), with the working time each has left.

Reads only. The arithmetic is the calendar's and the clock's (:mod:`procedures.calendar`):
the horizon is one working day counted along the sessions, the time left is
:func:`procedures.calendar.time_left.time_left`, the agency's time held is
:func:`procedures.calendar.clock.holdings`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from procedures.calendar import WorkingCalendar
from procedures.calendar import clock as rules
from procedures.calendar.processing_time import ProcessingTime
from procedures.calendar.row_clock import clock_of
from procedures.calendar.time_left import TimeLeft, time_left, time_left_text, working_time_text
from procedures.choices import DossierStatus, SupplementMode, TimeUnit
from procedures.dossier_flow import RUNNING_STATUSES, WAITING_STATUSES
from procedures.models import Dossier, DossierEvent, InterconnectedStep
from procedures.selectors.calendar import clock_rule_book_get
from procedures.selectors.lateness_risk import dossiers_risk_mark

# What a warning row shows and what its time left is computed from.
WARNING_ROW_RELATED = ("procedure_version", "desk", "desk__unit", "current_agency")


def due_soon_horizon(calendar: WorkingCalendar, at: datetime) -> datetime:
    """The end of "within one working day" from ``at``: one working day of the sessions later
    (at 10:00 on a working day, 10:00 the next one)."""
    return calendar.add_working_time(at, calendar.duration(1, TimeUnit.DAYS))


def dossiers_due_soon(
    *, at: datetime, calendar: WorkingCalendar, queryset: QuerySet[Dossier] | None = None
) -> QuerySet[Dossier]:
    """Hồ sơ sắp đến hạn: the clock running, due within one working day of ``at`` and not yet
    overdue (due today, even earlier today, is not overdue before its date has passed: the
    clock's date rule), due soonest first."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(
        status__in=RUNNING_STATUSES,
        due_at__gte=rules.day_start(at, calendar.tz),
        due_at__lte=due_soon_horizon(calendar, at),
    ).order_by("due_at", "code")


@dataclass(frozen=True)
class ShareOverrun:
    """The current agency held the dossier ``held`` (waiting excluded) against ``share``."""

    held: timedelta
    share: timedelta

    @property
    def over_by(self) -> timedelta:
        return self.held - self.share


def _shares(version_ids: Iterable[int], calendar: WorkingCalendar) -> dict[int, dict]:
    """Each version's agencies and their shares in working time, one query (the shares the
    services attribute lateness by: ``ProcessingTime.working_duration``)."""
    shares: dict[int, dict] = defaultdict(dict)
    for version_id, agency_id, value, unit in InterconnectedStep.objects.filter(
        version_id__in=set(version_ids)
    ).values_list("version_id", "agency_id", "share_value", "share_unit"):
        work = ProcessingTime(value, unit).working_duration(calendar)
        if work is not None:
            shares[version_id][agency_id] = work
    return shares


def dossiers_over_share(
    *, at: datetime, queryset: QuerySet[Dossier] | None = None, book=None
) -> list[tuple[Dossier, ShareOverrun]]:
    """Hồ sơ liên thông mà cơ quan đang giữ đã dùng quá phần thời gian của mình: open dossiers
    handed to an agency that has a share of the procedure's time, held by it (since the last
    hand-over, waiting for the applicant excluded) longer than that share. Most over first."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    step = InterconnectedStep.objects.filter(
        version_id=OuterRef("procedure_version_id"), agency_id=OuterRef("current_agency_id")
    )
    candidates = list(
        queryset.filter(status__in=(*RUNNING_STATUSES, *WAITING_STATUSES))
        .filter(Exists(step))
        .select_related(*WARNING_ROW_RELATED)
    )
    if not candidates:
        return []
    events: dict[int, list[rules.Event]] = defaultdict(list)
    for dossier_id, action, moment, receiver in (
        DossierEvent.objects.filter(dossier_id__in=[d.pk for d in candidates])
        .exclude(action="receive")
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "action", "at", "receiver_id")
    ):
        events[dossier_id].append(rules.Event(action, moment, receiver))
    book = book or clock_rule_book_get()
    found = []
    shares_by_calendar: dict[WorkingCalendar, dict] = {}
    for dossier in candidates:
        calendar = book.for_moment(dossier.received_at)[0]
        if calendar not in shares_by_calendar:
            shares_by_calendar[calendar] = _shares(
                {d.procedure_version_id for d in candidates}, calendar
            )
        holding = rules.holdings(
            calendar,
            events[dossier.pk],
            received_at=dossier.received_at,
            first_holder=dossier.desk.unit_id,
            shares=shares_by_calendar[calendar].get(dossier.procedure_version_id, {}),
            until=at,
        )[-1]
        if holding.unit == dossier.current_agency_id and holding.late_by > timedelta(0):
            found.append((dossier, ShareOverrun(held=holding.held, share=holding.share)))
    found.sort(key=lambda pair: (-pair[1].over_by, pair[0].code))
    return found


def waiting_mode(status: int, mode: str) -> str:
    """The mode a waiting dossier resumes by: its rule set's after a supplement request; the
    time left (pause) after a financial obligation, whatever the rule set (the clock's own
    reading, :func:`procedures.calendar.clock.run`)."""
    if status == DossierStatus.SUPPLEMENT_REQUESTED:
        return mode
    return SupplementMode.PAUSE


def dossiers_time_left_mark(
    dossiers: Iterable[Dossier], *, at: datetime, book: rules.RuleBook | None = None
) -> None:
    """Give each open dossier read from its row ``time_left`` (:class:`TimeLeft` or ``None``)
    and ``time_left_text`` ("còn 3 giờ làm việc"), counted along the sessions of the rule set
    it was received under. Needs the clock's columns (``due_at``, ``status``,
    ``clock_started_at``, ``clock_work``, ``clock_ran_out``, ``received_at``). ``book``: the
    rule book the caller read already (one query fewer)."""
    book = book or clock_rule_book_get()
    for dossier in dossiers:
        left: TimeLeft | None = None
        calendar, mode = book.for_moment(dossier.received_at)
        if dossier.status in (*RUNNING_STATUSES, *WAITING_STATUSES):
            left = time_left(
                clock_of(dossier), calendar, at, mode=waiting_mode(dossier.status, mode)
            )
        dossier.time_left = left
        dossier.time_left_text = time_left_text(left, calendar)


@dataclass
class Warnings:
    """The two lists of "Sắp đến hạn" for one reader."""

    due_soon: list[Dossier]
    over_share: list[tuple[Dossier, ShareOverrun]]

    def __bool__(self) -> bool:
        return bool(self.due_soon or self.over_share)


def warnings_for(*, queryset: QuerySet[Dossier], at: datetime, limit: int = 200) -> Warnings:
    """Sắp đến hạn among ``queryset`` (a reader's dossiers: a desk's, an agency's, all for a
    leader): due within one working day, and agencies past their share; each row of both marked
    with its time left and its risk of lateness (and an overrun with its words, ``over_text``).
    The due-soon list stops at ``limit`` rows."""
    book = clock_rule_book_get()
    calendar = book.calendar_on(at.astimezone(rules.TIME_ZONE).date())
    due_soon = list(
        dossiers_due_soon(at=at, calendar=calendar, queryset=queryset).select_related(
            *WARNING_ROW_RELATED
        )[:limit]
    )
    over_share = dossiers_over_share(at=at, queryset=queryset, book=book)
    marked = [*due_soon, *(d for d, _ in over_share)]
    dossiers_time_left_mark(marked, at=at, book=book)
    # Both lists at once: the histories are read in one query whatever the rows.
    dossiers_risk_mark(marked, at=at, book=book)
    for dossier, overrun in over_share:
        dossier.over_text = working_time_text(overrun.over_by, calendar)
        dossier.share_text = working_time_text(overrun.share, calendar)
    return Warnings(due_soon=due_soon, over_share=over_share)
