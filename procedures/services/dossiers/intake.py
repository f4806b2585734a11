"""Tiếp nhận hồ sơ: intake at a desk, the validation of what the applicant brings and the
idempotent retry (the code it gets: :mod:`.numbering`)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.calendar import clock as rules
from procedures.choices import Channel, DossierStatus
from procedures.dossier_flow import RECEIVE
from procedures.dossier_papers import paper_items_clean, papers_facts
from procedures.models import Desk, Dossier, Procedure, ProcedureVersion
from procedures.selectors.calendar import clock_rule_book_get
from procedures.selectors.dossiers import dossier_user_can_receive, version_paper_names
from procedures.selectors.units import desk_procedure_version_by_code, desk_procedure_versions
from procedures.services.dossiers.clock import version_time
from procedures.services.dossiers.common import IdempotencyKeyReused, _event, _now
from procedures.services.dossiers.numbering import dossier_insert_numbered
from procedures.services.rollups import rollups_refresh_dossier_on_commit
from procedures.validators import ASCII_ID_NUMBER, is_visible_text

IDEMPOTENCY_KEY_MAX = 200
PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s.\-()]", "", phone or "")


def _fingerprint(**fields) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def applicant_errors(
    *,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str,
    applicant_email: str,
) -> dict[str, list]:
    """What is wrong with a dossier's channel and applicant, by field: the rules of intake, also
    applied when an administrator corrects a dossier."""
    errors: dict[str, list] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose direct, postal or online.")]
    if not applicant_name.strip():
        errors["applicant_name"] = [_("The applicant's name is required.")]
    elif not is_visible_text(applicant_name):
        errors["applicant_name"] = [
            _("Write a name with visible letters (not only spaces or invisible characters).")
        ]
    # ASCII digits only: full-width and Arabic-Indic digits look alike and match \d.
    if not ASCII_ID_NUMBER.match(applicant_id_number):
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
    return errors


def _validate_intake(
    *,
    desk: Desk,
    procedure: Procedure | str,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str,
    applicant_email: str,
    papers: list[dict],
    fee_amount: int | None,
    paid_online: bool | None,
    received_at: datetime,
) -> ProcedureVersion:
    errors = applicant_errors(
        channel=channel,
        applicant_name=applicant_name,
        applicant_id_number=applicant_id_number,
        applicant_phone=applicant_phone,
        applicant_email=applicant_email,
    )
    # By code when only the code is known (the API): the version query finds the procedure
    # too, and only a code that matches nothing costs a second look.
    day = timezone.localdate(received_at)
    if isinstance(procedure, str):
        version = desk_procedure_version_by_code(desk=desk, code=procedure, as_of=day)
        if version is None and not Procedure.objects.filter(code=procedure).exists():
            raise ValidationError({"procedure": [_("Unknown procedure code.")]})
        code = procedure
    else:
        version = desk_procedure_versions(desk=desk, as_of=day).filter(procedure=procedure).first()
        code = procedure.code
    if version is None:
        errors["procedure"] = [
            _("The desk %(desk)s does not receive procedure %(code)s on %(day)s.")
            % {
                "desk": desk.code,
                "code": code,
                "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
            }
        ]
    else:
        # A procedure with no time limit, or with its time still to be completed, is received
        # too: its dossier gets no due date (the receipt says why) and stays outside the on-time
        # statistics (procedures.calendar.clock).
        known = set(version_paper_names(version))
        unknown = [paper["name"] for paper in papers if paper["name"] not in known]
        if unknown:
            errors["papers"] = [
                _("Not among the papers of this procedure: %(papers)s.")
                % {"papers": "; ".join(unknown)}
            ]
    # Against the fee that will be stored: the catalogue's when the desk gives none.
    if fee_amount is None and version is not None:
        fee_amount = version.fee_amount
    errors.update(payment_errors(fee_amount=fee_amount, paid_online=paid_online))
    if errors:
        raise ValidationError(errors)
    return version


def payment_errors(*, fee_amount, paid_online) -> dict[str, list]:
    """The fee (whole đồng, 0 when nothing is to pay) and its online payment, by field."""
    errors: dict[str, list] = {}
    if fee_amount is not None and (
        isinstance(fee_amount, bool) or not isinstance(fee_amount, int) or fee_amount < 0
    ):
        errors["fee_amount"] = [_("The fee is a whole number of đồng, 0 or more.")]
    elif paid_online and not fee_amount:
        errors["paid_online"] = [_("Nothing is to pay: it cannot have been paid online.")]
    return errors


def intake_payment(*, version, fee_amount, paid_online) -> tuple[int | None, bool | None]:
    """The fee and online payment a dossier is stored with: the fee the desk gave, else the
    procedure version's single amount (null when the catalogue gives none); paid online only
    when there is something to pay (a fee not paid online was paid at the desk: False)."""
    if fee_amount is None and version is not None:
        fee_amount = version.fee_amount
    if not fee_amount:
        return fee_amount, None
    return fee_amount, bool(paid_online)


def dossier_receive(
    *,
    actor,
    desk: Desk,
    procedure: Procedure | str,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str = "",
    applicant_address: str = "",
    applicant_email: str = "",
    papers: Iterable[str | dict] = (),
    fee_amount: int | None = None,
    paid_online: bool | None = None,
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> tuple[Dossier, bool]:
    """Tiếp nhận hồ sơ: log a dossier at ``desk`` and give it its code and due moment.

    The due moment counts the processing time of the catalogue version in force at the moment
    of receipt along the working calendar; a procedure without a time limit ("Không quy định",
    or a time to be completed) gives none. With ``idempotency_key`` a retried request returns the
    first dossier (``created`` is False); the same key with another request is refused.
    ``procedure`` is the procedure or its code (an unknown code is a field error).
    ``papers`` are names or ``{"name", "digitised", "reused"}`` (procedures.dossier_papers);
    ``fee_amount`` defaults to the version's single amount (see :func:`intake_payment`).
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
    applicant_phone = normalise_phone(applicant_phone)
    papers = paper_items_clean(list(papers))
    fingerprint = _fingerprint(
        actor=actor.pk,
        desk=desk.code,
        procedure=getattr(procedure, "code", procedure),
        channel=channel,
        name=applicant_name.strip(),
        id=applicant_id_number,
        phone=applicant_phone,
        address=applicant_address.strip(),
        email=applicant_email.strip(),
        papers=sorted((p["name"], p["digitised"], p["reused"]) for p in papers),
        fee=fee_amount,
        paid_online=paid_online,
    )
    # Keys belong to the client that sent them: the same key from another user is another
    # request, and never answers with (or names) someone else's dossier. A key already used
    # is found by the unique constraint when the dossier is written (no query up front for
    # every intake, issue 9): that write is refused whole, its number given back, and the first
    # dossier answers. A retry answers so even if the request would no longer pass.
    try:
        dossier = _receive_new(
            actor=actor,
            desk=desk,
            procedure=procedure,
            channel=channel,
            applicant_name=applicant_name,
            applicant_id_number=applicant_id_number,
            applicant_phone=applicant_phone,
            applicant_address=applicant_address,
            applicant_email=applicant_email,
            papers=papers,
            fee_amount=fee_amount,
            paid_online=paid_online,
            received_at=received_at,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
    except (IntegrityError, ValidationError) as error:
        existing = (
            Dossier.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if existing is not None:
            return _idempotent_replay(existing, fingerprint), False
        if isinstance(error, ValidationError):
            raise
        # Never a 500: the user is told to try again, nothing was written.
        raise ValidationError(
            {
                "code": [
                    _(
                        "The dossier could not be given a code (another intake took it at the "
                        "same moment). Nothing was saved: please try again."
                    )
                ]
            }
        ) from None
    return dossier, True


def _receive_new(
    *,
    actor,
    desk: Desk,
    procedure: Procedure | str,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str,
    applicant_address: str,
    applicant_email: str,
    papers: list[dict],
    fee_amount: int | None,
    paid_online: bool | None,
    received_at: datetime | None,
    idempotency_key: str | None,
    fingerprint: str,
) -> Dossier:
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
        fee_amount=fee_amount,
        paid_online=paid_online,
        received_at=received_at,
    )
    fee_amount, paid_online = intake_payment(
        version=version, fee_amount=fee_amount, paid_online=paid_online
    )
    papers_digitised, data_reused = papers_facts(papers)
    # The rule set in force on the day of receipt (its sessions) counts the processing time.
    book = clock_rule_book_get(stamp=getattr(version, "calendar_stamp", None))
    calendar = book.calendar_on(timezone.localdate(received_at))
    clock = rules.start(version_time(version, channel), calendar, received_at)
    dossier = Dossier(
        desk=desk,
        procedure=version.procedure,
        procedure_version=version,
        sector=version.sector,
        channel=channel,
        applicant_name=applicant_name.strip(),
        applicant_id_number=applicant_id_number,
        applicant_phone=applicant_phone,
        applicant_address=applicant_address.strip(),
        applicant_email=applicant_email.strip(),
        papers=papers,
        papers_digitised=papers_digitised,
        data_reused=data_reused,
        fee_amount=fee_amount,
        paid_online=paid_online,
        status=DossierStatus.RECEIVED,
        received_at=received_at,
        clock_started_at=clock.started_at,
        clock_work=clock.work,
        due_at=clock.due_at,
        created_by=actor,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
    )
    receipt = _event(dossier, action=RECEIVE, from_status=None, actor=actor, at=received_at)
    # The code, the dossier and its receipt in one write: nothing else is written, so the
    # reads above need no transaction, and the desk's sequence is held for that write only.
    dossier_insert_numbered(dossier, receipt)
    rollups_refresh_dossier_on_commit(dossier)
    # Its whole timeline so far: the API answers with it without reading it back.
    dossier.receipt_event = receipt
    return dossier


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
