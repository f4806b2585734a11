"""Đồng hồ hồ sơ: the clock of a dossier to the letter of the law, pure (no database).

Every rule about a dossier's time lives here and nowhere else; the live actions
(:mod:`procedures.services.dossiers`), the history import's replay
(:mod:`procedures.services.dossier_import`), the recomputation after a calendar change and the
statistics call these functions with plain values (moments, a :class:`ProcessingTime`, a
:class:`WorkingCalendar`, the supplement mode of the rule set in force) and get plain values back.

The rules (Decree 61/2018/NĐ-CP, its successor Decree 118/2025/NĐ-CP and Decision 766/QĐ-TTg):

- The clock **starts** at receipt with the full processing time: ``due_at`` is the processing
  time's due moment, and ``work`` the working time from the start to it, so that
  ``due_at == calendar.add_working_time(started_at, work)`` (a calendar change recomputes the due
  moment from these two).
- A request for supplement or for the financial obligation **stops** it. Zero time left is time
  left: a request on the due day, even after the due moment, stops the clock with nothing left,
  because at date level the dossier is not late yet and asking for papers may not make it late.
  A request from the day after the due date finds the time already run out (``ran_out``):
  nothing is stopped.
- The complete dossier **resumes** it: in ``pause`` mode with the time left, in ``restart`` mode
  with the full processing time again (a financial obligation always pauses). The time left is
  counted in the unit of the processing time: working time for working days and hours; for
  calendar days and months the days waited are calendar days, so the last day moves by them and,
  falling on a day off, ends on the next working day (Civil Code 2015, Art. 147–148). Time that
  has run out cannot be restarted: a dossier whose time ran out before the request keeps its due
  moment, whatever the mode.
- **No time limit** ("Không quy định", or a time "to be completed" in the catalogue): the clock
  has no due moment (``due_at`` and ``work`` are ``None``) through every action; such a
  dossier is never overdue, its outcome is none, and statistics keep it out of the on-time
  counts (it is counted apart).
- The **outcome** of a resolved dossier is by date (early / on time / late against the due date in
  the province's time zone); an open dossier is **overdue** once its due date has passed, at date
  level too, so a dossier is never both "overdue" and "on time".
- An **apology** (phiếu xin lỗi) is in time when issued at least one working day before the due
  date; after that it is late. It never moves the legal due moment. It is refused while the
  clock is stopped with time left: the due date is not known until the complete dossier comes
  back (restart mode gives the full time again), and the wait is the applicant's, not a delay of
  the agency's.
- **Decision 766**: a dossier with more than one supplement request counts as late in the
  progress rate; the time waiting for the applicant is excluded from the time it took.
- **Interconnected procedures**: each agency holds the dossier for spans of working time (the
  waiting time excluded); the agency whose holdings, summed, exceeded its share of the processing
  time is the one that made the dossier late. After a restart only the time since the restart
  counts toward the shares: the processing time, and so each share, began again then.
- **Rule sets by period**: a dossier is counted by the supplement mode and working sessions in
  force on the day it was received (:mod:`procedures.calendar.rule_book`, re-exported here).

The rule as users and auditors read it, with its legal source:
docs/rules/clock.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from procedures.calendar.core import TIME_ZONE, WorkingCalendar
from procedures.calendar.overdue import is_past_due
from procedures.calendar.processing_time import (
    PERIOD_UNITS,
    ProcessingTime,
    end_of_working_day,
)

# The rule sets by period are part of the clock's rule; callers import them from here.
from procedures.calendar.rule_book import RuleBook as RuleBook
from procedures.calendar.rule_book import RuleSet as RuleSet
from procedures.choices import Outcome, SupplementMode

STOP_ACTIONS = frozenset({"request_supplement", "request_financial_obligation"})
RESUME_ACTIONS = frozenset({"resume", "fulfil_financial_obligation"})
CLOSE_ACTIONS = frozenset({"resolve", "reject", "withdraw", "stop"})
ZERO = timedelta(0)


@dataclass(frozen=True)
class Clock:
    """Where a dossier's clock stands: it counts ``work`` of working time from ``started_at`` to
    ``due_at``. ``stopped_at`` is set while it waits for the applicant; ``ran_out`` when it was
    asked to stop after its due moment (then nothing was stopped and the due moment stays)."""

    started_at: datetime
    work: timedelta | None  # None: no time limit
    due_at: datetime | None  # None: no time limit
    stopped_at: datetime | None = None
    ran_out: bool = False

    @property
    def is_waiting(self) -> bool:
        return self.stopped_at is not None

    @property
    def has_due_moment(self) -> bool:
        return self.due_at is not None


def full_work(time_value: ProcessingTime, calendar: WorkingCalendar, start: datetime):
    """The full processing time counted from ``start``: (working time, due moment)."""
    due = time_value.due_at(start, calendar)
    if due is None:
        raise ValueError("This processing time has no due moment.")
    work = time_value.working_duration(calendar)
    if work is None:
        # Calendar days, months, same day: the working time up to the due moment, so that the
        # invariant holds and a calendar change recomputes it like any other clock.
        work = calendar.working_time_between(start, due)
    return work, due


def start(time_value: ProcessingTime, calendar: WorkingCalendar, at: datetime) -> Clock:
    """Start the clock at ``at`` with the full processing time (receipt, online receipt); a
    time with no due moment starts a clock without one."""
    if not time_value.has_due_moment:
        return Clock(started_at=at, work=None, due_at=None)
    work, due = full_work(time_value, calendar, at)
    return Clock(started_at=at, work=work, due_at=due)


def stop(clock: Clock, calendar: WorkingCalendar, at: datetime) -> Clock:
    """Stop the clock at ``at`` (request for supplement or for the financial obligation).

    Zero time left is time left: on the due day, even after the due moment, the clock stops
    with nothing left, by the date rule of :func:`is_overdue` (a dossier not yet late may not be
    made late by asking for papers). From the day after the due date the time has run out: the
    due moment stays and the dossier stays late. While waiting, ``due_at`` is the due moment the
    time left would give if counted from ``at``, which keeps the invariant for the
    recomputation."""
    if not clock.has_due_moment:
        return replace(clock, started_at=at, stopped_at=at)
    if clock.ran_out or is_past_due(clock.due_at, at, calendar.tz):
        return replace(clock, stopped_at=at, ran_out=True)
    elapsed = calendar.working_time_between(clock.started_at, at)
    left = max(clock.work - elapsed, ZERO)
    due = calendar.add_working_time(at, left)
    return Clock(started_at=at, work=left, due_at=due, stopped_at=at)


def restarts(clock: Clock, mode: str) -> bool:
    """Whether resuming ``clock`` by ``mode`` gives the full processing time again: restart mode,
    a clock with a due moment whose time had not run out when it was stopped."""
    return mode == SupplementMode.RESTART and clock.has_due_moment and not clock.ran_out


def resume(
    clock: Clock,
    calendar: WorkingCalendar,
    at: datetime,
    *,
    mode: str,
    time_value: ProcessingTime,
) -> Clock:
    """Resume the clock at ``at`` with the complete dossier (or the fee paid): ``pause`` counts
    the time left, ``restart`` the full processing time again. A clock whose time had run out
    before it was asked to stop keeps its due moment in both modes."""
    if clock.ran_out:
        return replace(clock, stopped_at=None)
    if not clock.has_due_moment:
        return Clock(started_at=at, work=None, due_at=None)
    if restarts(clock, mode):
        return start(time_value, calendar, at)
    if time_value.unit in PERIOD_UNITS:
        return _resume_by_calendar_days(clock, calendar, at)
    # With nothing left the dossier is due at the moment of resumption (within working time).
    return Clock(started_at=at, work=clock.work, due_at=calendar.add_working_time(at, clock.work))


def _resume_by_calendar_days(clock: Clock, calendar: WorkingCalendar, at: datetime) -> Clock:
    """Pause mode for a time in calendar days or months: the days left to the last day when the
    clock stopped count again from the day it resumes (a wait over a weekend or a holiday is as
    long as the calendar says, not zero working hours), the last day moved off a day off
    (Civil Code 2015, Art. 148)."""
    tz = calendar.tz
    stopped_day = (clock.stopped_at or clock.started_at).astimezone(tz).date()
    # Nothing left (stopped on the due day after the due moment): due the day it resumes.
    days_left = clock.due_at.astimezone(tz).date() - stopped_day if clock.work else timedelta(0)
    last = at.astimezone(tz).date() + max(days_left, timedelta(0))
    due = end_of_working_day(calendar, calendar.next_working_day(last))
    # Resumed after the close of its last day: due as a working-time clock with nothing left.
    due = max(due, calendar.add_working_time(at, ZERO))
    return Clock(started_at=at, work=calendar.working_time_between(at, due), due_at=due)


def outcome(
    calendar: WorkingCalendar, resolved_at: datetime, due_at: datetime | None
) -> str | None:
    """Trước hạn / đúng hạn / quá hạn of a resolved dossier, by date in the province's zone;
    none without a due moment (no time limit: neither early, on time nor late)."""
    if due_at is None:
        return None
    return calendar.outcome(resolved_at, due_at)


def day_start(at: datetime, tz: ZoneInfo = TIME_ZONE) -> datetime:
    """Midnight that began the day of ``at`` in the province's zone: a due moment before it is a
    due date already passed (the one bound the database filters on)."""
    return datetime.combine(at.astimezone(tz).date(), time(0), tz)


def is_overdue(clock: Clock, calendar: WorkingCalendar, at: datetime) -> bool:
    """Quá hạn at ``at`` for an open dossier: its due date has passed, with the clock running or
    waiting after its time ran out (a dossier waiting with time left is never overdue)."""
    if not clock.has_due_moment or (clock.is_waiting and not clock.ran_out):
        return False
    return is_past_due(clock.due_at, at, calendar.tz)


def apology_possible(clock: Clock) -> bool:
    """Whether a phiếu xin lỗi may be issued on ``clock`` now: it needs a due date, and none is
    known while the clock is stopped with time left (the complete dossier's return sets it,
    in restart mode a whole processing time later). A clock whose time ran out keeps its due
    date, so a late dossier may be apologised for while waiting too."""
    return clock.has_due_moment and not (clock.is_waiting and not clock.ran_out)


def apology_in_time(
    calendar: WorkingCalendar, at: datetime, due_at: datetime | None
) -> bool | None:
    """Whether a phiếu xin lỗi issued at ``at`` came at least one working day before the due
    date (Decree 61/2018 Art. 19; Decree 118/2025): there is a working day from the day of
    the apology up to the day before the due date. ``None`` without a due date."""
    if due_at is None:
        return None
    day, due_day = at.astimezone(calendar.tz).date(), due_at.astimezone(calendar.tz).date()
    return calendar.working_days_between(day, due_day) >= 1


# Decision 766/QĐ-TTg: more supplement requests than this make a dossier late for 766.
SUPPLEMENT_LIMIT_766 = 1


def late_for_766(outcome_value: str | None, supplement_count: int) -> bool | None:
    """Decision 766/QĐ-TTg, the one definition: late in the progress rate when resolved late,
    or when the applicant was asked for a supplement more than :data:`SUPPLEMENT_LIMIT_766`
    times; ``None`` (no verdict, never counted in time) for a dossier without an outcome (not
    resolved, or a procedure with no due moment). The services store it on each dossier
    (``Dossier.late_766``) and the statistics and roll-ups count that column; an open dossier
    is late for 766 at a moment when overdue then, or past the limit by then
    (:func:`late_for_766_open`)."""
    if supplement_count > SUPPLEMENT_LIMIT_766:
        return True
    if outcome_value is None:
        return None
    return outcome_value == Outcome.LATE


def late_for_766_open(overdue: bool, requests_so_far: int) -> bool:
    """Decision 766 for a dossier still open at a moment: overdue then, or asked for more
    supplements than the limit by then (the statistics' database side counts the same with
    :data:`SUPPLEMENT_LIMIT_766`)."""
    return overdue or requests_so_far > SUPPLEMENT_LIMIT_766


# -- whole histories -------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One action of a dossier's history, as the clock sees it."""

    action: str
    at: datetime
    receiver: int | None = None  # the unit a hand-over gives the dossier to


@dataclass(frozen=True)
class Holding:
    """One line of the phiếu kiểm soát: ``unit`` held the dossier from ``received_at`` to
    ``handed_at`` (``None``: still holds it), ``held`` working time (waiting excluded) against
    its ``share`` (``None``: the procedure gives it none). ``late_by`` is what this holding
    added to the unit's overrun of its share, its holdings summed since the last restart up to
    this line's end (as the line read when it was written); ``counted`` is the part of ``held``
    since the history's last restart, which the attribution of a late dossier sums."""

    unit: int
    received_at: datetime
    handed_at: datetime | None
    held: timedelta
    share: timedelta | None
    late_by: timedelta = ZERO
    counted: timedelta | None = None


def agencies_over_share(lines: Sequence[Holding]) -> list[int]:
    """The units whose holdings since the last restart, summed, exceeded their share, in the
    order they first held the dossier: those that made a late dossier late."""
    totals: dict[int, timedelta] = {}
    shares: dict[int, timedelta | None] = {}
    for line in lines:
        counted = line.held if line.counted is None else line.counted
        totals[line.unit] = totals.get(line.unit, ZERO) + counted
        shares[line.unit] = line.share
    return [
        unit for unit, total in totals.items() if shares[unit] is not None and total > shares[unit]
    ]


def waiting_time(calendar: WorkingCalendar, events: Sequence[Event], until: datetime) -> timedelta:
    """Working time spent waiting for the applicant (supplement, fees): Decision 766 leaves it
    out of the time a dossier took. A wait still open counts up to ``until``."""
    total, since = ZERO, None
    for event in events:
        if event.action in STOP_ACTIONS and since is None:
            since = event.at
        elif event.action in RESUME_ACTIONS | CLOSE_ACTIONS and since is not None:
            total += calendar.working_time_between(since, event.at)
            since = None
    if since is not None:
        total += calendar.working_time_between(since, until)
    return total


def _held(
    calendar: WorkingCalendar,
    began: datetime,
    ended: datetime,
    within: Sequence[Event],
    since: datetime | None = None,
) -> timedelta:
    """Working time a unit held the dossier from ``began`` to ``ended`` with ``within`` the
    events of that span, waiting excluded; only from ``since`` on when given (a restart)."""
    if since is not None and since > began:
        if ended <= since:
            return ZERO
        began, within = since, [event for event in within if event.at >= since]
    gross = calendar.working_time_between(began, ended)
    wait = waiting_time(calendar, within, ended)
    if within and within[0].action in RESUME_ACTIONS:
        # Received while waiting (handed over during a wait): the wait up to the resume.
        wait += calendar.working_time_between(began, within[0].at)
    return max(gross - wait, ZERO)


def holdings(
    calendar: WorkingCalendar,
    events: Sequence[Event],
    *,
    received_at: datetime,
    first_holder: int,
    shares: Mapping[int, timedelta],
    until: datetime,
    restarted: Sequence[datetime] = (),
) -> list[Holding]:
    """Who held the dossier, when and for how long: one :class:`Holding` per span between
    hand-overs, from the receipt by ``first_holder`` to the dossier's close (or ``until`` while
    it is open). Waiting for the applicant counts for no agency; an agency that held the
    dossier more than once is measured by the sum of its holdings; the time before the last of
    the ``restarted`` moments (resumptions that gave the full processing time again) counts
    toward no share."""
    spans: list[tuple[int, datetime, datetime | None, list[Event]]] = []
    holder, since, inside = first_holder, received_at, []
    end = None
    for event in events:
        if event.action == "transfer" and event.receiver is not None:
            spans.append((holder, since, event.at, inside))
            holder, since, inside = event.receiver, event.at, []
        elif event.action in CLOSE_ACTIONS:
            end = event.at
            inside.append(event)
            break
        else:
            inside.append(event)
    spans.append((holder, since, end, inside))
    last_restart = max(restarted, default=None)
    result = []
    for index, (unit, began, ended, within) in enumerate(spans):
        stop_at = ended or until
        share = shares.get(unit)
        late_by = ZERO
        if share is not None:
            # The line as it read at its end: the restarts up to then, this unit's holdings
            # since the last of them summed.
            since = max((moment for moment in restarted if moment <= stop_at), default=None)
            before = sum(
                (
                    _held(calendar, b, e or until, w, since)
                    for u, b, e, w in spans[:index]
                    if u == unit
                ),
                ZERO,
            )
            total = before + _held(calendar, began, stop_at, within, since)
            late_by = max(total - share, ZERO) - max(before - share, ZERO)
        result.append(
            Holding(
                unit=unit,
                received_at=began,
                handed_at=ended,
                held=_held(calendar, began, stop_at, within),
                share=share,
                late_by=late_by,
                counted=_held(calendar, began, stop_at, within, last_restart),
            )
        )
    return result


@dataclass
class Result:
    """What a history comes to: the clock, the outcome and everything statistics count."""

    clock: Clock
    outcome: str | None = None
    resolved_at: datetime | None = None
    supplement_count: int = 0
    waiting: timedelta = ZERO
    late_766: bool | None = None
    apology_in_time: bool | None = None
    holdings: list[Holding] = field(default_factory=list)

    @property
    def late_units(self) -> list[int]:
        """The agencies that made a late dossier late (none for a dossier not late)."""
        if self.outcome != Outcome.LATE:
            return []
        return agencies_over_share(self.holdings)


def run(
    events: Sequence[Event],
    *,
    time_value: ProcessingTime,
    calendar: WorkingCalendar,
    mode: str,
    received_at: datetime,
    first_holder: int = 0,
    shares: Mapping[int, timedelta] | None = None,
    now: datetime | None = None,
) -> Result:
    """Run a whole history (receipt at ``received_at``, then ``events`` in order) through the
    clock under the rule set (``calendar``, ``mode``) in force for the dossier. The live actions
    and the import's replay move the same clock one event at a time with :func:`start`,
    :func:`stop` and :func:`resume`; this is the same walk at once."""
    clock = start(time_value, calendar, received_at)
    result = Result(clock=clock)
    restarted: list[datetime] = []
    for event in events:
        if event.action == "receive_online":
            clock = start(time_value, calendar, event.at)
        elif event.action in STOP_ACTIONS:
            clock = stop(clock, calendar, event.at)
            if event.action == "request_supplement":
                result.supplement_count += 1
        elif event.action in RESUME_ACTIONS:
            clock_mode = mode if event.action == "resume" else SupplementMode.PAUSE
            if restarts(clock, clock_mode):
                restarted.append(event.at)
            clock = resume(clock, calendar, event.at, mode=clock_mode, time_value=time_value)
        elif event.action == "apologize_reschedule" and result.apology_in_time is None:
            # An apology while the clock waited with time left (refused since, recorded before)
            # has no due date to be judged against.
            if apology_possible(clock):
                result.apology_in_time = apology_in_time(calendar, event.at, clock.due_at)
        elif event.action == "resolve":
            result.outcome = outcome(calendar, event.at, clock.due_at)
            result.resolved_at = event.at
    result.clock = clock
    until = now or (events[-1].at if events else received_at)
    result.waiting = waiting_time(calendar, events, until)
    result.late_766 = late_for_766(result.outcome, result.supplement_count)
    result.holdings = holdings(
        calendar,
        events,
        received_at=received_at,
        first_holder=first_holder,
        shares=shares or {},
        until=until,
        restarted=restarted,
    )
    return result
