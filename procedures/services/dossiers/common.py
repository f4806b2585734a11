"""What every dossier service shares: the errors the API maps to 409/422, the state label, the
moment of an action and the one immutable event each action writes (nhật ký hồ sơ)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from procedures.choices import DossierStatus
from procedures.models import Dossier, DossierEvent, Unit
from procedures.services.rollups_live import rollups_dossier_follow, rollups_dossier_snapshot


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


def _event(
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
    **slip,
) -> DossierEvent:
    """The event (nhật ký hồ sơ) of an action on ``dossier``, not yet written."""
    return DossierEvent(
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
        **slip,
    )


def _track(dossier: Dossier) -> None:
    """Note what ``dossier`` (locked, not yet changed) contributes to the statistics'
    roll-ups, for :func:`_record` to move them by the change."""
    dossier._rollups_before = rollups_dossier_snapshot([dossier.pk])


def _record(dossier: Dossier, **event) -> DossierEvent:
    """Write the event of an action on ``dossier`` (arguments as :func:`_event`), tracked by
    :func:`_track` before it changed."""
    written = _event(dossier, **event)
    written.save(force_insert=True)
    # Every change of a dossier after intake writes its event here: the statistics' roll-ups
    # follow in the same transaction, by this dossier's own rows only.
    rollups_dossier_follow(dossier_ids=[dossier.pk], before=dossier.__dict__.pop("_rollups_before"))
    return written
