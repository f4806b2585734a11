"""Services of the dossier flow (hồ sơ): intake, the state machine with its clock, the watch.

Every action locks the dossier row (``select_for_update``), checks the actor and the state table
of :mod:`procedures.dossier_flow`, writes the dossier and exactly one immutable
:class:`~procedures.models.DossierEvent`. The clock invariant
``due_at == working_calendar.add_working_time(clock_started_at, clock_work)`` holds after every
action, so a calendar change can recompute every open dossier's due moment from two columns.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.calendar import WorkingCalendar
from procedures.choices import Channel, DossierStatus, SupplementMode, TimeUnit
from procedures.dossier_flow import (
    RECEIVE,
    RUNNING_STATUSES,
    TRANSITIONS,
    WAITING_STATUSES,
    target_status,
)
from procedures.models import (
    Desk,
    Dossier,
    DossierDigest,
    DossierEvent,
    DossierSequence,
    Procedure,
    ProcedureVersion,
    Unit,
)
from procedures.selectors.calendar import calendar_settings_get, working_calendar_get
from procedures.selectors.dossiers import (
    dossier_apology_refusal,
    dossier_user_can_act,
    dossier_user_can_receive,
    dossiers_overdue,
    version_paper_names,
)
from procedures.selectors.units import desk_procedure_versions

ID_NUMBER_RE = re.compile(r"^(\d{12}|\d{9})$")
IDEMPOTENCY_KEY_MAX = 200
PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")


class DossierActionNotAllowed(Exception):
    """The action is not allowed in the dossier's current state (the API answers 409)."""

    def __init__(self, message: str, *, dossier: Dossier | None = None):
        super().__init__(message)
        self.message = message
        self.dossier = dossier


class IdempotencyKeyReused(Exception):
    """An ``Idempotency-Key`` already used for a different request (the API answers 422)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def status_label(status: int) -> str:
    return str(DossierStatus(status).label)


def _now(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("Naive datetime: dossier moments must be aware.")
    return at


# -- intake ----------------------------------------------------------------------------------


def _normalise_phone(phone: str) -> str:
    return re.sub(r"[\s.\-()]", "", phone or "")


def _fingerprint(**fields) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def dossier_code_next(*, desk: Desk, day) -> str:
    """Mã hồ sơ ``{desk code}-{yyMMdd}-{NNNN}``: the next number of the desk's daily sequence.

    Must run inside the transaction that creates the dossier: the sequence row stays locked
    until it commits, so concurrent intakes queue and a rolled-back intake gives its number back
    (codes are unique and gap-free).
    """
    # The savepoint lets a concurrent first insert of the day's row win; we then lock that row.
    DossierSequence.objects.get_or_create(desk=desk, day=day)
    sequence = DossierSequence.objects.select_for_update().get(desk=desk, day=day)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{desk.code}-{day:%y%m%d}-{sequence.last_number:04d}"


def _validate_intake(
    *,
    desk: Desk,
    procedure: Procedure,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str,
    applicant_email: str,
    papers: list[str],
    received_at: datetime,
) -> ProcedureVersion:
    errors: dict[str, list] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose direct, postal or online.")]
    if not applicant_name.strip():
        errors["applicant_name"] = [_("The applicant's name is required.")]
    if not ID_NUMBER_RE.match(applicant_id_number):
        errors["applicant_id_number"] = [
            _("The ID number must be a 12-digit citizen ID or an older 9-digit ID.")
        ]
    if applicant_phone and not PHONE_RE.match(applicant_phone):
        errors["applicant_phone"] = [
            _("The phone number must have 10 or 11 digits starting with 0 (or +84).")
        ]
    if applicant_email:
        try:
            validate_email(applicant_email)
        except ValidationError:
            errors["applicant_email"] = [_("Enter a valid e-mail address.")]
    version = (
        desk_procedure_versions(desk=desk, as_of=timezone.localdate(received_at))
        .filter(procedure=procedure)
        .first()
    )
    if version is None:
        errors["procedure"] = [
            _("The desk %(desk)s does not receive procedure %(code)s on %(day)s.")
            % {
                "desk": desk.code,
                "code": procedure.code,
                "day": formats.date_format(timezone.localdate(received_at), "SHORT_DATE_FORMAT"),
            }
        ]
    else:
        known = set(version_paper_names(version))
        unknown = [paper for paper in papers if paper not in known]
        if unknown:
            errors["papers"] = [
                _("Not among the papers of this procedure: %(papers)s.")
                % {"papers": "; ".join(unknown)}
            ]
    if errors:
        raise ValidationError(errors)
    return version


@transaction.atomic
def dossier_receive(
    *,
    actor,
    desk: Desk,
    procedure: Procedure,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str = "",
    applicant_address: str = "",
    applicant_email: str = "",
    papers: Iterable[str] = (),
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> tuple[Dossier, bool]:
    """Tiếp nhận hồ sơ: log a dossier at ``desk`` and give it its code and due moment.

    The due moment counts the processing time of the catalogue version in force at the moment
    of receipt along the working calendar. With ``idempotency_key`` a retried request returns the
    first dossier (``created`` is False); the same key with another request is refused.
    Returns ``(dossier, created)``.
    """
    if not dossier_user_can_receive(user=actor, desk=desk):
        raise PermissionDenied(gettext("You are not staff of the desk %(desk)s.") % {"desk": desk})
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key and len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise ValidationError(
            {
                "idempotency_key": [
                    _("The Idempotency-Key may have at most %(max)s characters.")
                    % {"max": IDEMPOTENCY_KEY_MAX}
                ]
            }
        )
    applicant_id_number = (applicant_id_number or "").strip()
    applicant_phone = _normalise_phone(applicant_phone)
    papers = [str(p).strip() for p in papers if str(p).strip()]
    fingerprint = _fingerprint(
        actor=actor.pk,
        desk=desk.code,
        procedure=procedure.code,
        channel=channel,
        name=applicant_name.strip(),
        id=applicant_id_number,
        phone=applicant_phone,
        address=applicant_address.strip(),
        email=applicant_email.strip(),
        papers=sorted(papers),
    )
    # Keys belong to the client that sent them: the same key from another user is another
    # request, and never answers with (or names) someone else's dossier.
    same_key = Dossier.objects.filter(created_by=actor, idempotency_key=idempotency_key)
    if idempotency_key:
        existing = same_key.first()
        if existing is not None:
            return _idempotent_replay(existing, fingerprint), False

    received_at = _now(received_at)
    version = _validate_intake(
        desk=desk,
        procedure=procedure,
        channel=channel,
        applicant_name=applicant_name,
        applicant_id_number=applicant_id_number,
        applicant_phone=applicant_phone,
        applicant_email=applicant_email.strip(),
        papers=papers,
        received_at=received_at,
    )
    calendar = working_calendar_get()
    work = calendar.duration(version.effective_time_value, version.processing_time_unit)
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                code=dossier_code_next(desk=desk, day=timezone.localdate(received_at)),
                desk=desk,
                procedure=procedure,
                procedure_version=version,
                sector_id=version.sector_id,
                channel=channel,
                applicant_name=applicant_name.strip(),
                applicant_id_number=applicant_id_number,
                applicant_phone=applicant_phone,
                applicant_address=applicant_address.strip(),
                applicant_email=applicant_email.strip(),
                papers=papers,
                status=DossierStatus.RECEIVED,
                received_at=received_at,
                clock_started_at=received_at,
                clock_work=work,
                due_at=calendar.add_working_time(received_at, work),
                created_by=actor,
                idempotency_key=idempotency_key,
                idempotency_fingerprint=fingerprint if idempotency_key else "",
            )
    except IntegrityError:
        # A concurrent retry with the same key committed first: answer with its dossier.
        existing = same_key.first() if idempotency_key else None
        if existing is None:
            raise
        return _idempotent_replay(existing, fingerprint), False
    _record(dossier, action=RECEIVE, from_status=None, actor=actor, at=received_at)
    return dossier, True


def _idempotent_replay(existing: Dossier, fingerprint: str) -> Dossier:
    if existing.idempotency_fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            gettext(
                "This Idempotency-Key was already used for dossier %(code)s with a different "
                "request. Use a new key for a new dossier."
            )
            % {"code": existing.code}
        )
    return existing


# -- the state machine -----------------------------------------------------------------------


def _record(
    dossier: Dossier,
    *,
    action: str,
    from_status: int | None,
    actor,
    at: datetime,
    note: str = "",
    giver: Unit | None = None,
    receiver: Unit | None = None,
    new_due_at: datetime | None = None,
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        actor=actor,
        at=at,
        note=note,
        giver=giver,
        receiver=receiver,
        due_at=dossier.due_at,
        new_due_at=new_due_at,
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


def full_work(dossier: Dossier, calendar: WorkingCalendar) -> timedelta:
    version = dossier.procedure_version
    return calendar.duration(version.effective_time_value, version.processing_time_unit)


def clock_start(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Start the clock at ``at`` with the full processing time."""
    dossier.clock_work = full_work(dossier, calendar)
    dossier.clock_started_at = at
    dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
    dossier.is_overdue = False


def clock_stop(dossier: Dossier, calendar: WorkingCalendar, at: datetime) -> None:
    """Stop the clock at ``at``: the clock restarts from ``at`` with the working time left, so the
    invariant still gives today's due moment while the dossier waits. A dossier already overdue
    keeps its clock (nothing is left to stop) and stays overdue while it waits."""
    if at < dossier.due_at:
        elapsed = calendar.working_time_between(dossier.clock_started_at, at)
        dossier.clock_work = max(dossier.clock_work - elapsed, timedelta(0))
        dossier.clock_started_at = at
        dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
        dossier.is_overdue = False
    else:
        # Its time had run out: the waiting does not make it timely (overdue strictly after).
        dossier.is_overdue = at > dossier.due_at


def clock_resume(
    dossier: Dossier, calendar: WorkingCalendar, at: datetime, *, stopped_at: datetime, mode: str
) -> None:
    """Restart the clock at ``at`` with the complete dossier: ``pause`` counts the working time
    left when it stopped, ``restart`` the full processing time again."""
    if mode == SupplementMode.RESTART:
        dossier.clock_work = full_work(dossier, calendar)
    elif dossier.due_at <= stopped_at:
        # Already overdue when it stopped: the waiting time does not make it timely again.
        return
    dossier.clock_started_at = at
    dossier.due_at = calendar.add_working_time(at, dossier.clock_work)
    dossier.is_overdue = dossier.due_at < at


def _stopped_at(dossier: Dossier) -> datetime:
    last = dossier.events.filter(to_status=dossier.status).order_by("-at", "-id").first()
    return last.at if last else dossier.clock_started_at


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
    clock_start(dossier, working_calendar_get(), at)
    _move(dossier, "receive_online", from_status)
    _save(dossier, "clock_work", "clock_started_at", "due_at", "is_overdue")
    _record(
        dossier, action="receive_online", from_status=from_status, actor=actor, at=at, note=note
    )
    return dossier


@transaction.atomic
def dossier_transfer(
    *, dossier: Dossier, actor, receiver: Unit, note: str = "", at: datetime | None = None
) -> Dossier:
    """Chuyển xử lý: hand the dossier over to the processing agency, or from agency to agency
    for an interconnected procedure. The event records giver, receiver and time."""
    dossier, from_status = _begin(dossier, action="transfer", actor=actor, at=at)
    at = _now(at)
    giver_id = dossier.current_agency_id or dossier.desk.unit_id
    if receiver.pk == giver_id:
        raise ValidationError({"receiver": [_("The dossier is already with this agency.")]})
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
    )
    return dossier


def _wait(dossier: Dossier, action: str, *, actor, note: str, at: datetime | None) -> Dossier:
    dossier, from_status = _begin(dossier, action=action, actor=actor, at=at)
    at = _now(at)
    clock_stop(dossier, working_calendar_get(), at)
    _move(dossier, action, from_status)
    fields = ["clock_work", "clock_started_at", "due_at", "is_overdue"]
    if action == "request_supplement":
        dossier.supplement_requested_at = at
        dossier.supplement_count += 1
        fields += ["supplement_requested_at", "supplement_count"]
    _save(dossier, *fields)
    _record(dossier, action=action, from_status=from_status, actor=actor, at=at, note=note)
    return dossier


def _continue(dossier: Dossier, action: str, *, actor, note: str, at: datetime | None, mode: str):
    dossier, from_status = _begin(dossier, action=action, actor=actor, at=at)
    at = _now(at)
    stopped_at = _stopped_at(dossier)
    clock_resume(dossier, working_calendar_get(), at, stopped_at=stopped_at, mode=mode)
    _move(dossier, action, from_status)
    _save(dossier, "clock_work", "clock_started_at", "due_at", "is_overdue")
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
    """Nhận hồ sơ bổ sung đầy đủ: the clock starts again by the province's mode (pause: the time
    left; restart: the full processing time)."""
    mode = calendar_settings_get().supplement_mode
    return _continue(dossier, "resume", actor=actor, note=note, at=at, mode=mode)


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
    return _continue(
        dossier,
        "fulfil_financial_obligation",
        actor=actor,
        note=note,
        at=at,
        mode=SupplementMode.PAUSE,
    )


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
    *, dossier: Dossier, actor, note: str = "", at: datetime | None = None
) -> Dossier:
    """Giải quyết xong: the outcome is early, on time or late against the due moment, compared
    at date level."""
    dossier, from_status = _begin(dossier, action="resolve", actor=actor, at=at)
    at = _now(at)
    dossier.resolved_at = dossier.closed_at = at
    dossier.outcome = working_calendar_get().outcome(at, dossier.due_at)
    _move(dossier, "resolve", from_status)
    _save(dossier, "resolved_at", "closed_at", "outcome")
    _record(dossier, action="resolve", from_status=from_status, actor=actor, at=at, note=note)
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
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: once at most, for a late or overdue dossier.
    The legal due moment stays, so the dossier still counts as late."""
    dossier, from_status = _begin(dossier, action="apologize_reschedule", actor=actor, at=at)
    at = _now(at)
    refusal = dossier_apology_refusal(dossier=dossier, at=at)
    if refusal:
        raise DossierActionNotAllowed(refusal, dossier=dossier)
    if new_due_at is None or timezone.is_naive(new_due_at) or new_due_at <= at:
        raise ValidationError({"new_due_at": [_("The new date must be later than now.")]})
    dossier.apology_due_at = new_due_at
    _move(dossier, "apologize_reschedule", from_status)
    _save(dossier, "apology_due_at")
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
) -> Dossier:
    """Run the service of ``action`` (a name of the state table) with the inputs it takes: the
    one entry point of the screens and the API, so both behave alike."""
    if action not in TRANSITIONS:
        raise ValueError(f"Unknown dossier action {action!r}.")
    if action == "transfer":
        if receiver is None:
            raise ValidationError({"receiver": [_("Choose the agency that receives it.")]})
        return dossier_transfer(dossier=dossier, actor=actor, receiver=receiver, note=note, at=at)
    if action == "reject":
        return dossier_reject(dossier=dossier, actor=actor, reason=note, at=at)
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
        "resolve": dossier_resolve,
        "return_result": dossier_return_result,
    }[action]
    return service(dossier=dossier, actor=actor, note=note, at=at)


# -- watching the clock ----------------------------------------------------------------------


def dossiers_mark_overdue(*, at: datetime | None = None) -> int:
    """Đánh dấu hồ sơ quá hạn: open dossiers whose clock runs and whose due moment has passed
    (one UPDATE; a second run finds nothing left to mark). A flag a calendar change made untrue
    (the due moment moved later) is cleared in the same pass. Returns how many were marked."""
    at = _now(at)
    running = Dossier.objects.filter(status__in=RUNNING_STATUSES)
    marked = running.filter(is_overdue=False, due_at__lt=at).update(is_overdue=True)
    running.filter(is_overdue=True, due_at__gte=at).update(is_overdue=False)
    return marked


def dossier_digests_send(*, at: datetime | None = None) -> int:
    """Bản tin nhắc hạn: one e-mail per desk and day to its staff, listing the dossiers due
    within one working day and those overdue. Returns how many e-mails went out; a second run
    the same day sends none again (the digest row records each e-mail sent)."""
    at = _now(at)
    day = timezone.localdate(at)
    calendar = working_calendar_get()
    horizon = calendar.add_working_time(at, calendar.duration(1, TimeUnit.DAYS))
    sent = 0
    already = set(DossierDigest.objects.filter(day=day).values_list("desk_id", flat=True))
    for desk in Desk.objects.valid_on(day).exclude(pk__in=already).order_by("code"):
        if dossier_digest_send(desk=desk, at=at, horizon=horizon):
            sent += 1
    return sent


@transaction.atomic
def dossier_digest_send(*, desk: Desk, at: datetime, horizon: datetime) -> bool:
    """The digest of one desk for the day of ``at``. Returns False, recording nothing, when the
    desk has nothing to report or no staff with an e-mail address, or when today's e-mail was
    already sent (then the day's row exists)."""
    day = timezone.localdate(at)
    recipients = sorted(
        set(desk.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )
    if not recipients:
        return False
    dossiers = Dossier.objects.filter(desk=desk).select_related("procedure_version")
    due_soon = list(
        dossiers.filter(status__in=RUNNING_STATUSES, due_at__gte=at, due_at__lte=horizon).order_by(
            "due_at", "code"
        )
    )
    overdue = list(dossiers_overdue(at=at, queryset=dossiers).order_by("due_at", "code"))
    if not (due_soon or overdue):
        return False
    try:
        with transaction.atomic():
            # The unique (desk, day) row is the lock: a concurrent run waits here, then fails.
            DossierDigest.objects.create(
                desk=desk,
                day=day,
                sent_at=at,
                recipients=recipients,
                due_soon_count=len(due_soon),
                overdue_count=len(overdue),
            )
    except IntegrityError:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"desk": desk, "day": day, "due_soon": due_soon, "overdue": overdue}
        subject = gettext("Dossiers due soon and overdue at %(desk)s, %(day)s") % {
            "desk": desk.name,
            "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        }
        body = render_to_string("dossiers/email/digest.txt", context)
    # Sent inside the transaction: if the mail server refuses, the digest row is not kept and
    # the next run tries again.
    send_mail(subject, body, None, recipients)
    return True


__all__ = [
    "WAITING_STATUSES",
    "DossierActionNotAllowed",
    "IdempotencyKeyReused",
    "dossier_act",
    "dossier_apologize_reschedule",
    "dossier_code_next",
    "dossier_digest_send",
    "dossier_digests_send",
    "dossier_fulfil_financial_obligation",
    "dossier_receive",
    "dossier_receive_online",
    "dossier_reject",
    "dossier_request_financial_obligation",
    "dossier_request_supplement",
    "dossier_resolve",
    "dossier_resume",
    "dossier_return_result",
    "dossier_stop",
    "dossier_transfer",
    "dossier_withdraw",
    "dossiers_mark_overdue",
]
