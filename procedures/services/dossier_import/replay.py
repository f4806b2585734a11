"""Replaying the events of new dossiers (diễn biến hồ sơ): batch by batch, each dossier's events
from the events file, with its receipt and ending, run through the state table and the clock of
:mod:`procedures.services.dossiers` as the services would have run them live, so each event gets
its real from and to states and the due moment after it; an event the state forbids, or a
sequence that contradicts the dossier's status, is reported with its row."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import clock as rules
from procedures.calendar.row_clock import clock_of
from procedures.choices import DossierStatus, Outcome, SupplementMode
from procedures.dossier_flow import (
    RECEIVE,
    RUNNING_STATUSES,
    TRANSITIONS,
    WAITING_STATUSES,
    target_status,
)
from procedures.importers.dossiers import RowError
from procedures.models import Dossier, DossierEvent
from procedures.selectors.calendar import clock_rule_book_get
from procedures.services.dossier_import.bulk_write import CLOSING_ACTIONS
from procedures.services.dossier_import.replay_write import _ReplayWriter
from procedures.services.dossier_import.report import MAX_REPORTED_ERRORS, ImportReport
from procedures.services.dossier_import.staging import (
    EVENT_STAGE,
    STAGE,
    _db_moment,
    _moment_sql,
)
from procedures.services.dossiers import status_label
from procedures.services.dossiers.clock import (
    clock_resume,
    clock_start,
    clock_stop,
    dossier_history,
    version_shares,
)

REPLAY_BATCH = 2_000


@dataclass
class _Step:
    action: str
    at: datetime
    row: int | None = None  # the events file's row; None for the dossier's own ending
    note: str = ""
    giver_id: int | None = None
    receiver_id: int | None = None
    new_due_at: datetime | None = None


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _replay(
    cursor,
    report: ImportReport,
    *,
    calendar,
    now,
    dossiers_file: str,
    events_file: str,
) -> list[RowError]:
    """Replay, batch by batch of new dossiers, their events from the events file together with
    their receipt and ending; write every event with its states and due moment, and the
    dossier's clock, agency, supplement count, apology and outcome."""
    # Each dossier is replayed under the rule set in force on the day it was received.
    book = clock_rule_book_get()
    shares: dict[tuple, dict] = {}
    writer = _ReplayWriter(cursor)
    errors: list[RowError] = []
    last = ""
    while len(errors) < MAX_REPORTED_ERRORS:
        cursor.execute(
            f"SELECT code, row_number FROM {STAGE} "  # noqa: S608
            "WHERE has_events AND NOT existing AND code > %s ORDER BY code LIMIT %s",
            [last, REPLAY_BATCH],
        )
        batch = dict(cursor.fetchall())
        if not batch:
            break
        last = max(batch)
        steps: dict[str, list[_Step]] = {code: [] for code in batch}
        placeholders = ", ".join(["%s"] * len(batch))
        cursor.execute(
            f"SELECT dossier_code, row_number, action, {_moment_sql('at')}, note, giver_id, "  # noqa: S608
            f"receiver_id, {_moment_sql('new_due_at')} FROM {EVENT_STAGE} "
            f"WHERE dossier_code IN ({placeholders})",
            list(batch),
        )
        for code, row, action, at, note, giver, receiver, new_due in cursor.fetchall():
            steps[code].append(
                _Step(
                    action=action,
                    at=_db_moment(at),
                    row=int(row),
                    note=note or "",
                    giver_id=giver,
                    receiver_id=receiver,
                    new_due_at=_db_moment(new_due),
                )
            )
        dossiers = list(
            Dossier.objects.filter(code__in=list(batch)).select_related(
                "procedure_version", "procedure", "desk"
            )
        )
        events: list[DossierEvent] = []
        for dossier in dossiers:
            calendar_then, mode = book.for_moment(dossier.received_at)
            key = (dossier.procedure_version_id, calendar_then.sessions)
            if key not in shares:
                shares[key] = version_shares(dossier.procedure_version_id, calendar_then)
            replay = _DossierReplay(
                dossier, calendar=calendar_then, mode=mode, now=now, shares=shares[key]
            )
            problems = replay.run(
                steps[dossier.code],
                dossier_row=batch[dossier.code],
                dossiers_file=dossiers_file,
                events_file=events_file,
            )
            errors.extend(problems)
            events.extend(replay.events)
            report.events_created += len(steps[dossier.code])
        if errors:
            continue  # keep checking the other dossiers; nothing will be kept
        writer.add(dossiers, events)
    if not errors:
        writer.finish()
    return errors


class _DossierReplay:
    """One new dossier's history run through the state table and the clock, as the services
    would have run it live."""

    def __init__(self, dossier: Dossier, *, calendar, mode: str, now: datetime, shares=None):
        self.dossier, self.calendar, self.mode, self.now = dossier, calendar, mode, now
        self.shares = shares or {}
        self.events: list[DossierEvent] = []

    def run(
        self, steps: list[_Step], *, dossier_row: int, dossiers_file: str, events_file: str
    ) -> list[RowError]:
        d = self.dossier
        final = d.status
        clock_start(d, self.calendar, d.received_at)
        d.current_agency_id = None
        d.supplement_count, d.supplement_requested_at, d.apology_due_at = 0, None, None
        d.outcome, d.is_overdue, d.apology_in_time, d.late_agency_id = None, False, None, None
        # Registered online, not yet received: still so, or received later by an event.
        registered = final == DossierStatus.REGISTERED_ONLINE or any(
            step.action == "receive_online" for step in steps
        )
        status = DossierStatus.REGISTERED_ONLINE if registered else DossierStatus.RECEIVED
        self._record(RECEIVE, None, status, d.received_at)

        def on_row(step: _Step, column: str, message: str) -> list[RowError]:
            if step.row is None:
                return [RowError(dossier_row, "status", message, dossiers_file)]
            return [RowError(step.row, column, message, events_file)]

        # In time order; the file's events before the dossier's own ending at the same moment.
        ordered = sorted([*steps, *self._ending()], key=lambda s: (s.at, s.row is None, s.row or 0))
        for step in ordered:
            if step.at < d.received_at:
                return on_row(step, "at", _("before the dossier was received"))
            if status not in TRANSITIONS[step.action].from_statuses:
                if step.row is None:
                    message = _(
                        "the dossier cannot end as “%(state)s” on %(at)s: by its events it is "
                        "then in the state “%(then)s”"
                    ) % {
                        "state": status_label(final),
                        "at": _when(step.at),
                        "then": status_label(status),
                    }
                else:
                    message = _(
                        "“%(action)s” is not possible here: on %(at)s the dossier is in the "
                        "state “%(state)s”"
                    ) % {
                        "action": TRANSITIONS[step.action].label,
                        "at": _when(step.at),
                        "state": status_label(status),
                    }
                return on_row(step, "action", message)
            problem = self._apply(step, status)
            if problem:
                return on_row(step, *problem)
            to = target_status(
                step.action, from_status=status, handed_over=d.current_agency_id is not None
            )
            self._record(step.action, status, to, step.at, step)
            status = to
        # A hand-over the history did not record may explain "in process"; nothing else may
        # differ from the status the file gives.
        if status != final and not (
            final == DossierStatus.IN_PROCESS and status == DossierStatus.RECEIVED
        ):
            return [
                RowError(
                    dossier_row,
                    "status",
                    _("by its events the dossier is in the state “%(events)s”, not “%(file)s”")
                    % {"events": status_label(status), "file": status_label(final)},
                    dossiers_file,
                )
            ]
        if status in RUNNING_STATUSES or status in WAITING_STATUSES:
            d.is_overdue = rules.is_overdue(clock_of(d), self.calendar, self.now)
        else:
            d.is_overdue = False
        self._slip(ordered)
        return []

    def _slip(self, ordered: list[_Step]) -> None:
        """What the live services record at hand-overs and the resolution: the slip's lines,
        the waiting time, lateness for Decision 766 and the agency that made it late."""
        d = self.dossier
        history = dossier_history(
            d,
            self.calendar,
            self.mode,
            events=[
                rules.Event(s.action, s.at, s.receiver_id and int(s.receiver_id)) for s in ordered
            ],
            shares=self.shares,
        )
        if d.outcome is not None:
            d.waiting_work = history.waiting
            d.late_766 = rules.late_for_766(d.outcome, d.supplement_count)
            late = rules.agencies_over_share(history.holdings)
            d.late_agency_id = late[0] if d.outcome == Outcome.LATE and late else None
        ends = [e for e in self.events if e.action in ("transfer", "resolve")]
        for event, line in zip(ends, history.holdings, strict=False):
            event.held_work, event.share_work = line.held, line.share
            event.late_work = line.late_by if line.share is not None else None
            if event.action == "resolve":
                event.giver_id = line.unit

    def _ending(self) -> list[_Step]:
        d = self.dossier
        action = CLOSING_ACTIONS.get(d.status)
        if action is None:
            return []
        steps = [_Step(action, d.closed_at)]
        if d.status == DossierStatus.RESULT_RETURNED:
            steps.append(_Step("return_result", d.returned_at))
        return steps

    def _apply(self, step: _Step, status: int) -> tuple[str, str] | None:
        """Run ``step`` on the dossier's clock and agency; a (column, message) when the step
        contradicts what the dossier was then."""
        d, calendar = self.dossier, self.calendar
        if step.action == "receive_online":
            clock_start(d, calendar, step.at)
        elif step.action == "transfer":
            holder = d.current_agency_id or d.desk.unit_id
            if step.giver_id is not None and int(step.giver_id) != holder:
                return "giver_code", _("the dossier was then with another agency")
            if int(step.receiver_id) == holder:
                return "receiver_code", _("The dossier is already with this agency.")
            if (
                d.current_agency_id is not None
                and int(step.receiver_id) != d.desk.unit_id
                and not d.procedure_version.is_interconnected
            ):
                return "receiver_code", _(
                    "Procedure %(code)s is not interconnected: the dossier goes back to the "
                    "desk, not to another agency."
                ) % {"code": d.procedure.code}
            step.giver_id = holder
            d.current_agency_id = int(step.receiver_id)
        elif step.action in ("request_supplement", "request_financial_obligation"):
            clock_stop(d, calendar, step.at)
            if step.action == "request_supplement":
                d.supplement_count += 1
                d.supplement_requested_at = step.at
        elif step.action in ("resume", "fulfil_financial_obligation"):
            mode = self.mode if step.action == "resume" else SupplementMode.PAUSE
            clock_resume(d, calendar, step.at, mode=mode)
        elif step.action == "apologize_reschedule":
            if d.apology_due_at is not None:
                return "action", _("a second apology: one at most is allowed")
            if d.due_at is None:
                return "action", _("the dossier has no time limit: it cannot be late, no apology")
            # As live (dossier_apology_refusal): open, its lateness foreseen, or resolved late.
            late = status == DossierStatus.RESOLVED and d.outcome == Outcome.LATE
            foreseen = status in RUNNING_STATUSES or status in WAITING_STATUSES
            if not (late or foreseen):
                return "action", _("the dossier was neither late nor overdue then: no apology")
            stopped = d.clock_started_at if status in WAITING_STATUSES else None
            if not rules.apology_possible(replace(clock_of(d), stopped_at=stopped)):
                return "action", _(
                    "the dossier was then waiting for the applicant with time left: no apology "
                    "until its clock runs again"
                )
            if step.new_due_at is None or step.new_due_at <= step.at:
                return "new_due_at", _("the new date must be later than the apology")
            d.apology_due_at = step.new_due_at
            d.apology_in_time = rules.apology_in_time(calendar, step.at, d.due_at)
        elif step.action == "resolve":
            d.outcome = rules.outcome(calendar, step.at, d.due_at)
        return None

    def _record(self, action: str, from_status, to_status, at: datetime, step=None) -> None:
        self.events.append(
            DossierEvent(
                dossier_id=self.dossier.pk,
                action=action,
                from_status=from_status,
                to_status=to_status,
                at=at,
                note=step.note if step else "",
                giver_id=step.giver_id if step else None,
                receiver_id=int(step.receiver_id) if step and step.receiver_id else None,
                due_at=self.dossier.due_at,
                new_due_at=step.new_due_at if step else None,
            )
        )
