"""Sửa thông tin hồ sơ: an administrator corrects what was recorded wrongly at intake (the
channel, the applicant's details), from the Django admin.

A correction is not a step of the dossier's flow: it changes no state, no moment and no clock,
so it writes no :class:`~procedures.models.DossierEvent` (the admin's history keeps who changed
what). What it changes can move the statistics (a dossier recorded as direct that came online),
so the roll-ups of the dossier's cell before and after are refreshed once it commits, as after
every desk action.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.models import Dossier
from procedures.models.trail import DOSSIER_TRAIL_FIELDS, dossier_trail_record
from procedures.roles import Role, has_role
from procedures.services.dossiers.intake import applicant_errors, normalise_phone
from procedures.services.rollups_live import rollups_dossier_follow, rollups_dossier_snapshot

logger = logging.getLogger(__name__)

CORRECTABLE_FIELDS = (
    "channel",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
)


def dossier_correction_errors(
    *, dossier: Dossier, changes: Mapping[str, object]
) -> dict[str, list[str]]:
    """What is wrong with ``changes`` to ``dossier``, by field (the admin form shows them): the
    intake's rules, for the fields changed only (an imported dossier may lack an ID number, and
    correcting its channel must not require one)."""
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        message = _("These fields cannot be corrected: %(fields)s.") % {
            "fields": ", ".join(unknown)
        }
        return {NON_FIELD_ERRORS: [message]}
    values = {field: getattr(dossier, field) or "" for field in CORRECTABLE_FIELDS}
    values |= {field: _clean(field, value) for field, value in changes.items()}
    values.pop("applicant_address")
    errors = applicant_errors(**values)
    for field in changes:
        # Sized columns: a longer text would be a database error, not a message.
        limit, count = Dossier._meta.get_field(field).max_length, len(_clean(field, changes[field]))
        if limit and count > limit:
            errors.setdefault(field, []).append(
                _("At most %(limit)d characters (%(count)d given).")
                % {"limit": limit, "count": count}
            )
    return {field: messages for field, messages in errors.items() if field in changes}


def _clean(field: str, value) -> str:
    value = str(value or "").strip()
    return normalise_phone(value) if field == "applicant_phone" else value


@transaction.atomic
def dossier_correct(*, dossier: Dossier, actor, changes: Mapping[str, object]) -> Dossier:
    """Correct the channel or applicant of a dossier (administrators only), validated as at
    intake; the statistics' roll-ups follow in the same transaction (its rows leave the old
    cell for the new one).
    Returns the dossier as saved; unchanged values write nothing."""
    if not has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator may correct a dossier."))
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    errors = dossier_correction_errors(dossier=dossier, changes=changes)
    if errors:
        raise ValidationError(errors)
    before = rollups_dossier_snapshot([dossier.pk])
    changed = []
    for field, value in changes.items():
        value = _clean(field, value)
        if getattr(dossier, field) != value:
            setattr(dossier, field, value)
            changed.append(field)
    if not changed:
        return dossier
    # The trail (procedures.models.trail) keeps the correction's before and after, in this
    # transaction: the stored state first, unless the last trail row already holds it (a
    # dossier's first correction, or one changed meanwhile by an import, has none).
    stored = Dossier.objects.get(pk=dossier.pk)
    stored._history_user = dossier._history_user = actor
    last = stored.history.first()
    if last is None or any(getattr(last, f) != getattr(stored, f) for f in DOSSIER_TRAIL_FIELDS):
        dossier_trail_record(stored)
    dossier.save(update_fields=changed)
    dossier_trail_record(dossier)
    rollups_dossier_follow(dossier_ids=[dossier.pk], before=before)
    logger.info("dossier %s corrected by %s: %s", dossier.code, actor, ", ".join(changed))
    return dossier
