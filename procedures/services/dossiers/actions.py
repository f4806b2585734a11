"""Xử lý hồ sơ: the state changes of a dossier after intake (transfer, supplement, financial
obligation, resolve, return, reject, withdraw, stop, apology) and the one entry point
:func:`dossier_act` of the screens and the API.

Every action locks the dossier row (``select_for_update``), checks the actor and the state table
of :mod:`procedures.dossier_flow`, writes the dossier and exactly one immutable
:class:`~procedures.models.DossierEvent`.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.calendar import clock as rules
from procedures.choices import Outcome, SupplementMode
from procedures.dossier_flow import TRANSITIONS, target_status
from procedures.models import Dossier, InterconnectedStep, Unit
from procedures.roles import Role, has_role
from procedures.selectors.dossiers import dossier_apology_refusal, dossier_user_can_act
from procedures.services.dossiers.clock import (
    CLOCK_FIELDS,
    clock_resume,
    clock_start,
    clock_stop,
    dossier_history,
    dossier_rules,
)
from procedures.services.dossiers.common import (
    DossierActionNotAllowed,
    _now,
    _record,
    status_label,
)


def _begin(dossier: Dossier, *, action: str, actor, at: datetime | None) -> tuple[Dossier, int]:
    """Lock the dossier, check the actor and the state table; return it and its state."""
    # Re-read under the lock: the caller's copy may be stale when two staff act at once.
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not dossier_user_can_act(user=actor, dossier=locked):
        raise PermissionDenied(
            gettext("You may not act on dossier %(code)s: it is not at your desk.")
            % {"code": locked.code}
        )
    if locked.status not in TRANSITIONS[action].from_statuses:
        raise DossierActionNotAllowed(
            gettext("“%(action)s” is not allowed: dossier %(code)s is in the state “%(state)s”.")
            % {
                "action": TRANSITIONS[action].label,
                "code": locked.code,
                "state": status_label(locked.status),
            },
            dossier=locked,
        )
    moment = _now(at)
    last = locked.events.order_by("-at", "-id").values_list("at", flat=True).first()
    if moment < (last or locked.received_at):
        raise ValidationError({"at": [_("An action cannot precede the dossier's last event.")]})
    return locked, locked.status


def _move(dossier: Dossier, action: str, from_status: int) -> None:
    dossier.status = target_status(
        action, from_status=from_status, handed_over=dossier.current_agency_id is not None
    )


def _save(dossier: Dossier, *fields: str) -> None:
    dossier.save(update_fields=["status", *fields])


@transaction.atomic
def dossier_receive_online(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Tiếp nhận hồ sơ nộp trực tuyến: the desk accepts a dossier registered online; the full
    processing time counts from now (it did not run while the dossier was only registered)."""
    dossier, from_status = _begin(dossier, action="receive_online", actor=actor, at=at)
    at = _now(at)
    calendar, _mode = dossier_rules(dossier)
    clock_start(dossier, calendar, at)
    _move(dossier, "receive_online", from_status)
    _save(dossier, *CLOCK_FIELDS)
    _record(
        dossier, action="receive_online", from_status=from_status, actor=actor, at=at, note=note
    )
    return dossier


@transaction.atomic
def dossier_transfer(
    *,
    dossier: Dossier,
    actor,
    receiver: Unit,
    note: str = "",
    at: datetime | None = None,
    out_of_order_reason: str = "",
) -> Dossier:
    """Chuyển xử lý: hand the dossier over to the processing agency, or from agency to agency
    for an interconnected procedure. The event records giver, receiver and time, and the
    giver's line of the slip (phiếu kiểm soát): working time held against its share.

    For an interconnected procedure with its agencies in order, a hand-over to a unit that is
    not next is refused (:class:`DossierActionNotAllowed`, naming the expected unit) unless an
    administrator gives ``out_of_order_reason``."""
    dossier, from_status = _begin(dossier, action="transfer", actor=actor, at=at)
    at = _now(at)
    giver_id = dossier.current_agency_id or dossier.desk.unit_id
    if receiver.pk == giver_id:
        raise ValidationError({"receiver": [_("The dossier is already with this agency.")]})
    # As the screen offers: only units in operation on the day (not merged away or dissolved).
    day = timezone.localdate(at)
    if not Unit.objects.valid_on(day).filter(pk=receiver.pk).exists():
        raise ValidationError(
            {
                "receiver": [
                    _("Unit %(code)s is not in operation on %(day)s.")
                    % {"code": receiver.code, "day": day.strftime("%d/%m/%Y")}
                ]
            }
        )
    to_another_agency = (
        dossier.current_agency_id is not None and receiver.pk != dossier.desk.unit_id
    )
    if to_another_agency and not dossier.procedure_version.is_interconnected:
        raise ValidationError(
            {
                "receiver": [
                    _(
                        "Procedure %(code)s is not interconnected: the dossier goes back to the "
                        "desk, not to another agency."
                    )
                    % {"code": dossier.procedure.code}
                ]
            }
        )
    out_of_order_reason = (out_of_order_reason or "").strip()
    expected = expected_receiver(dossier=dossier, giver_id=giver_id)
    if expected is not None and receiver.pk not in expected:
        if not (out_of_order_reason and has_role(actor, Role.ADMINISTRATOR)):
            names = ", ".join(str(u) for u in Unit.objects.filter(pk__in=expected).order_by("pk"))
            raise DossierActionNotAllowed(
                gettext(
                    "Dossier %(code)s goes next to %(expected)s, not to %(receiver)s: the "
                    "agencies of procedure %(procedure)s follow their order. Only an "
                    "administrator may hand it over out of order, giving the reason."
                )
                % {
                    "code": dossier.code,
                    "expected": names,
                    "receiver": receiver,
                    "procedure": dossier.procedure.code,
                },
                dossier=dossier,
            )
    else:
        out_of_order_reason = ""
    calendar, mode = dossier_rules(dossier)
    history = dossier_history(
        dossier, calendar, mode, extra=[rules.Event("transfer", at, receiver.pk)]
    )
    line = history.holdings[-2]  # the giver's span, which this hand-over ends
    dossier.current_agency = receiver
    _move(dossier, "transfer", from_status)
    _save(dossier, "current_agency")
    _record(
        dossier,
        action="transfer",
        from_status=from_status,
        actor=actor,
        at=at,
        note=note,
        giver=Unit.objects.get(pk=giver_id),
        receiver=receiver,
        held_work=line.held,
        share_work=line.share,
        late_work=line.late_by if line.share is not None else None,
        out_of_order_reason=out_of_order_reason,
    )
    return dossier


def expected_receiver(*, dossier: Dossier, giver_id: int) -> set[int] | None:
    """The units a hand-over from ``giver_id`` may go to by the procedure's order of agencies
    (``None``: the procedure sets no order). After the last agency the dossier goes back to the
    desk's unit, which returns the result."""
    order = list(
        InterconnectedStep.objects.filter(version_id=dossier.procedure_version_id)
        .order_by("position")
        .values_list("agency_id", flat=True)
    )
    if not order:
        return None
    if giver_id in order:
        index = order.index(giver_id) + 1
        return {order[index]} if index < len(order) else {dossier.desk.unit_id}
    return {order[0]}


def _wait(dossier: Dossier, action: str, *, actor, note: str, at: datetime | None) -> Dossier:
    dossier, from_status = _begin(dossier, action=action, actor=actor, at=at)
    at = _now(at)
    calendar, _mode = dossier_rules(dossier)
    clock_stop(dossier, calendar, at)
    _move(dossier, action, from_status)
    fields = list(CLOCK_FIELDS)
    if action == "request_supplement":
        dossier.supplement_requested_at = at
        dossier.supplement_count += 1
        fields += ["supplement_requested_at", "supplement_count"]
    _save(dossier, *fields)
    _record(dossier, action=action, from_status=from_status, actor=actor, at=at, note=note)
    return dossier


def _continue(dossier: Dossier, action: str, *, actor, note: str, at: datetime | None):
    dossier, from_status = _begin(dossier, action=action, actor=actor, at=at)
    at = _now(at)
    calendar, mode = dossier_rules(dossier)
    # The fee paid never restarts the clock: the dossier was complete.
    mode = mode if action == "resume" else SupplementMode.PAUSE
    clock_resume(dossier, calendar, at, mode=mode)
    _move(dossier, action, from_status)
    _save(dossier, *CLOCK_FIELDS)
    _record(dossier, action=action, from_status=from_status, actor=actor, at=at, note=note)
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *, dossier: Dossier, actor, note: str, at: datetime | None = None
) -> Dossier:
    """Yêu cầu bổ sung, hoàn thiện hồ sơ: the clock stops until the complete dossier arrives."""
    if not note.strip():
        raise ValidationError({"note": [_("Say which papers are missing.")]})
    return _wait(dossier, "request_supplement", actor=actor, note=note, at=at)


@transaction.atomic
def dossier_resume(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Nhận hồ sơ bổ sung đầy đủ: the clock starts again by the mode of the rule set in force
    when the dossier was received (pause: the time left; restart: the full processing time);
    time that had run out before the request is not given back."""
    return _continue(dossier, "resume", actor=actor, note=note, at=at)


@transaction.atomic
def dossier_request_financial_obligation(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Thông báo thực hiện nghĩa vụ tài chính: the time the applicant takes to pay is not
    counted, so the clock stops."""
    return _wait(dossier, "request_financial_obligation", actor=actor, note=note, at=at)


@transaction.atomic
def dossier_fulfil_financial_obligation(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Đã thực hiện nghĩa vụ tài chính: the clock continues with the time left (the dossier was
    complete, so it never restarts)."""
    return _continue(dossier, "fulfil_financial_obligation", actor=actor, note=note, at=at)


def _close(dossier: Dossier, action: str, *, actor, note: str, at, fields=()) -> Dossier:
    dossier, from_status = _begin(dossier, action=action, actor=actor, at=at)
    at = _now(at)
    _move(dossier, action, from_status)
    if action == "reject":
        dossier.rejection_reason = note
    dossier.closed_at = at
    _save(dossier, "closed_at", *fields)
    _record(dossier, action=action, from_status=from_status, actor=actor, at=at, note=note)
    return dossier


@transaction.atomic
def dossier_reject(*, dossier: Dossier, actor, reason: str, at: datetime | None = None) -> Dossier:
    """Từ chối tiếp nhận / giải quyết, with the reason given to the applicant."""
    if not reason.strip():
        raise ValidationError({"reason": [_("A rejection needs its reason.")]})
    return _close(
        dossier, "reject", actor=actor, note=reason.strip(), at=at, fields=("rejection_reason",)
    )


@transaction.atomic
def dossier_withdraw(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Rút hồ sơ theo yêu cầu của người nộp."""
    return _close(dossier, "withdraw", actor=actor, note=note, at=at)


@transaction.atomic
def dossier_stop(*, dossier: Dossier, actor, note: str = "", at: datetime | None = None) -> Dossier:
    """Dừng xử lý hồ sơ."""
    return _close(dossier, "stop", actor=actor, note=note, at=at)


@transaction.atomic
def dossier_resolve(
    *,
    dossier: Dossier,
    actor,
    note: str = "",
    at: datetime | None = None,
    electronic_result: bool | None = None,
    result_digitised: bool | None = None,
) -> Dossier:
    """Giải quyết xong: the outcome is early, on time or late against the due date (by date, so a
    dossier resolved on its due day is on time and no longer overdue). Records what statistics
    count: the waiting time, lateness for Decision 766 and, for a late interconnected dossier,
    the agency whose holding exceeded its share; the resolution closes the holder's slip line.
    ``electronic_result`` (kết quả điện tử) and ``result_digitised`` are what Decision 766
    counts of the result; None when the caller does not say (not known)."""
    dossier, from_status = _begin(dossier, action="resolve", actor=actor, at=at)
    at = _now(at)
    calendar, mode = dossier_rules(dossier)
    dossier.resolved_at = dossier.closed_at = at
    dossier.outcome = rules.outcome(calendar, at, dossier.due_at)
    dossier.is_overdue = False
    history = dossier_history(dossier, calendar, mode, extra=[rules.Event("resolve", at)])
    dossier.waiting_work = history.waiting
    # Without a time limit the dossier is outside the on-time counts, 766's included (as the
    # history import leaves it).
    dossier.late_766 = (
        rules.late_for_766(dossier.outcome, dossier.supplement_count)
        if dossier.due_at is not None
        else None
    )
    late_units = (
        rules.agencies_over_share(history.holdings) if dossier.outcome == Outcome.LATE else []
    )
    dossier.late_agency_id = late_units[0] if late_units else None
    dossier.electronic_result = electronic_result
    # An electronic result is digital by nature; a paper one is digitised or not.
    dossier.result_digitised = True if electronic_result else result_digitised
    line = history.holdings[-1]
    _move(dossier, "resolve", from_status)
    _save(
        dossier,
        "resolved_at",
        "closed_at",
        "outcome",
        "is_overdue",
        "waiting_work",
        "late_766",
        "late_agency",
        "electronic_result",
        "result_digitised",
    )
    holder = dossier.current_agency if dossier.current_agency_id else dossier.desk.unit
    _record(
        dossier,
        action="resolve",
        from_status=from_status,
        actor=actor,
        at=at,
        note=note,
        giver=holder,
        held_work=line.held,
        share_work=line.share,
        late_work=line.late_by if line.share is not None else None,
    )
    return dossier


@transaction.atomic
def dossier_return_result(
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Trả kết quả: the result is handed to the applicant."""
    dossier, from_status = _begin(dossier, action="return_result", actor=actor, at=at)
    at = _now(at)
    dossier.returned_at = at
    _move(dossier, "return_result", from_status)
    _save(dossier, "returned_at")
    _record(dossier, action="return_result", from_status=from_status, actor=actor, at=at, note=note)
    return dossier


@transaction.atomic
def dossier_apologize_reschedule(
    *, dossier: Dossier, actor, new_due_at: datetime, note: str = "", at: datetime | None = None
) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: once at most, from the moment lateness is
    foreseen (also while waiting for the applicant) or for a dossier resolved late. Records
    whether it came in time (at least one working day before the due date). The legal due moment
    stays, so the dossier still counts as late if resolved after it."""
    dossier, from_status = _begin(dossier, action="apologize_reschedule", actor=actor, at=at)
    at = _now(at)
    refusal = dossier_apology_refusal(dossier=dossier, at=at)
    if refusal:
        raise DossierActionNotAllowed(refusal, dossier=dossier)
    if new_due_at is None or timezone.is_naive(new_due_at) or new_due_at <= at:
        raise ValidationError({"new_due_at": [_("The new date must be later than now.")]})
    if new_due_at <= dossier.due_at:
        raise ValidationError(
            {"new_due_at": [_("The new date must be later than the due date of the dossier.")]}
        )
    calendar, _mode = dossier_rules(dossier)
    dossier.apology_due_at = new_due_at
    dossier.apology_in_time = rules.apology_in_time(calendar, at, dossier.due_at)
    _move(dossier, "apologize_reschedule", from_status)
    _save(dossier, "apology_due_at", "apology_in_time")
    _record(
        dossier,
        action="apologize_reschedule",
        from_status=from_status,
        actor=actor,
        at=at,
        note=note,
        new_due_at=new_due_at,
    )
    return dossier


def dossier_act(
    *,
    dossier: Dossier,
    actor,
    action: str,
    note: str = "",
    receiver: Unit | None = None,
    new_due_at: datetime | None = None,
    at: datetime | None = None,
    out_of_order_reason: str = "",
    electronic_result: bool | None = None,
    result_digitised: bool | None = None,
) -> Dossier:
    """Run the service of ``action`` (a name of the state table) with the inputs it takes: the
    one entry point of the screens and the API, so both behave alike."""
    if action not in TRANSITIONS:
        raise ValueError(f"Unknown dossier action {action!r}.")
    if action == "transfer":
        if receiver is None:
            raise ValidationError({"receiver": [_("Choose the agency that receives it.")]})
        return dossier_transfer(
            dossier=dossier,
            actor=actor,
            receiver=receiver,
            note=note,
            at=at,
            out_of_order_reason=out_of_order_reason,
        )
    if action == "reject":
        return dossier_reject(dossier=dossier, actor=actor, reason=note, at=at)
    if action == "resolve":
        return dossier_resolve(
            dossier=dossier,
            actor=actor,
            note=note,
            at=at,
            electronic_result=electronic_result,
            result_digitised=result_digitised,
        )
    if action == "apologize_reschedule":
        return dossier_apologize_reschedule(
            dossier=dossier, actor=actor, new_due_at=new_due_at, note=note, at=at
        )
    service = {
        "receive_online": dossier_receive_online,
        "request_supplement": dossier_request_supplement,
        "resume": dossier_resume,
        "request_financial_obligation": dossier_request_financial_obligation,
        "fulfil_financial_obligation": dossier_fulfil_financial_obligation,
        "withdraw": dossier_withdraw,
        "stop": dossier_stop,
        "return_result": dossier_return_result,
    }[action]
    return service(dossier=dossier, actor=actor, note=note, at=at)
