"""Nhật ký thay đổi (the audit trail): who changed which domain row, when, from which address,
and what it held before and after (django-simple-history).

A dossier's own life is in its events (DossierEvent); everything else an administrator or an
officer changes by hand lands here: the catalogue, units, centres, desks, the calendar, roles
(a user's groups, and desk staff) and an administrator's corrections of a dossier. Each change
writes its history row in the same transaction as the change itself (simple-history's
post_save, within the service's atomic block). Bulk writes (the catalogue and unit imports, a
publication) send no post_save: they write their rows in bulk themselves
(:mod:`procedures.services.trail`), each naming the job that made the change
(:func:`trail_reason`).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import signals
from django.utils.translation import gettext_lazy as _
from simple_history import signals as signals_history
from simple_history.models import HistoricalRecords

from onestop.clients import client_ip
from procedures.models.calendar import CalendarOverride, CalendarSettings, ClockRuleSet
from procedures.models.catalogue import (
    AnnouncementDecision,
    DecisionLine,
    InterconnectedStep,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeReview,
    TimeReviewItem,
)
from procedures.models.dossiers import Dossier
from procedures.models.units import Centre, Desk, DeskProcedureRule, Unit


class TrailEntry(models.Model):
    """What every trail row carries beside simple-history's who, when and what: the address the
    change came from (onestop.clients.client_ip; empty for commands and the worker)."""

    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        abstract = True


class TrailRecords(HistoricalRecords):
    """simple-history's records, with two differences: a save of excluded fields only (a login's
    ``last_login``) writes no row, and a membership changed from the other side
    (``group.user_set.add(user)``, ``user.desks.add(desk)``) is recorded on the tracked rows
    rather than failing on the untracked one; an add or remove that changes nothing writes no
    row."""

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if action in ("post_add", "post_remove") and not pk_set:
            # Django signals an add of members already there (or a remove of absent ones) with
            # an empty set: nothing changed, so no trail row (setup_demo re-adds its roles).
            return None
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        for tracked in self.cls._default_manager.filter(pk__in=pk_set or ()):
            super().m2m_changed(tracked, action, attr, pk_set, False, **kwargs)
        return None


# Each tracked model's records (its many-to-many trail is written through them).
TRAIL_RECORDS: dict[type[models.Model], TrailRecords] = {}


def _track(model, **config) -> TrailRecords:
    """simple-history's ``register``, keeping the records object (a dossier's correction
    writes its rows through it)."""
    records = TrailRecords(bases=[TrailEntry], app="procedures", **config)
    records.manager_name = "history"
    records.table_name = None
    records.module = "procedures.models"
    records.cls = model
    records.add_extra_methods(model)
    records.finalize(model)
    TRAIL_RECORDS[model] = records
    return records


for model in (
    Sector,
    Procedure,
    AnnouncementDecision,
    DecisionLine,
    TimeReview,
    TimeReviewItem,
    ProcedureVersion,
    InterconnectedStep,
    Centre,
    DeskProcedureRule,
    CalendarSettings,
    ClockRuleSet,
    CalendarOverride,
):
    _track(model)
_track(Unit, m2m_fields=["successors"])
_track(Desk, m2m_fields=["staff"])
# Roles are a user's groups. The password hash and the last login stay out of the trail.
_track(get_user_model(), m2m_fields=["groups"], excluded_fields=["password", "last_login"])

# A dossier: only the fields an administrator corrects (procedures.services.dossiers
# .corrections), and only when they do: the actions' own saves are its events, and a million
# intakes must not write a trail row each. So no signal writes them; dossier_trail_record does.
DOSSIER_TRAIL_FIELDS = (
    "channel",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
)
_DOSSIER_RECORDS = _track(
    Dossier,
    excluded_fields=[
        field.name
        for field in Dossier._meta.concrete_fields
        if field.name not in {"id", "code", *DOSSIER_TRAIL_FIELDS}
    ],
)
signals.post_save.disconnect(_DOSSIER_RECORDS.post_save, sender=Dossier)
signals.pre_delete.disconnect(_DOSSIER_RECORDS.pre_delete, sender=Dossier)
signals.post_delete.disconnect(_DOSSIER_RECORDS.post_delete, sender=Dossier)


def dossier_trail_record(dossier: Dossier) -> None:
    """Write a trail row of ``dossier`` as it stands (a correction's before, then its after)."""
    _DOSSIER_RECORDS.create_historical_record(dossier, "~")


# simple-history's change reason column (history_change_reason) holds 100 characters.
REASON_LENGTH = 100
_context: ContextVar[tuple[str | None, object]] = ContextVar("trail", default=(None, None))


@contextmanager
def trail_reason(text, *, user=None):
    """Lý do thay đổi: every trail row written in the block says why (the import job, the
    publication) unless its change says otherwise; bulk writes take ``user`` as their author
    (an import runs in a worker, with no request to name one)."""
    outer_text, outer_user = _context.get()
    token = _context.set(
        (str(text)[:REASON_LENGTH] if text else outer_text, user if user else outer_user)
    )
    try:
        yield
    finally:
        _context.reset(token)


def current_trail_reason() -> str | None:
    return _context.get()[0]


def current_trail_user():
    return _context.get()[1]


def _from_address(sender, history_instance, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and isinstance(history_instance, TrailEntry):
        history_instance.ip_address = client_ip(request) or None
    if not history_instance.history_change_reason and current_trail_reason():
        history_instance.history_change_reason = current_trail_reason()


signals_history.pre_create_historical_record.connect(_from_address, weak=False)
