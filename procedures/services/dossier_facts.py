"""What the province's integration platform and the citizen tell onestop about a dossier: the
national portal's confirmation that a status reached it (xác nhận đồng bộ Cổng DVC quốc gia),
and the citizen's rating of the service (đánh giá mức độ hài lòng)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus, RatingChannel, RatingLevel, ReturnsCount
from procedures.models import Dossier, DossierEvent, DossierRating, NationalSyncConfirmation

# A citizen rates the service once its result exists.
RATEABLE_STATUSES = (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED)


class AlreadyRated(Exception):
    """The dossier has its rating already: one per dossier (the API answers 409)."""

    def __init__(self):
        super().__init__(gettext("This dossier has already been rated. Thank you."))
        self.message = str(self.args[0])


@transaction.atomic
def dossier_national_sync_confirm(
    *, dossier: Dossier, status: int, confirmed_at: datetime
) -> tuple[NationalSyncConfirmation, bool]:
    """Xác nhận đồng bộ: the integration platform says that ``dossier`` reached the national
    portal in ``status`` at ``confirmed_at``. Idempotent per status: the same status again
    changes nothing and returns the first confirmation (``created`` False). A status the dossier
    never had is refused, naming it. The dossier keeps the latest confirmation, by its moment.
    Returns ``(confirmation, created)``."""
    if timezone.is_naive(confirmed_at):
        raise ValidationError({"confirmed_at": [_("Give the moment with its time zone.")]})
    if status not in DossierStatus.values:
        raise ValidationError({"status": [_("Unknown status %(status)s.") % {"status": status}]})
    had = (
        status == dossier.status
        or DossierEvent.objects.filter(dossier=dossier, to_status=status).exists()
    )
    if not had:
        raise ValidationError(
            {
                "status": [
                    _("Dossier %(code)s never had the status %(status)s (%(label)s).")
                    % {
                        "code": dossier.code,
                        "status": status,
                        "label": DossierStatus(status).label,
                    }
                ]
            }
        )
    existing = NationalSyncConfirmation.objects.filter(dossier=dossier, status=status).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = NationalSyncConfirmation.objects.create(
                dossier=dossier, status=status, confirmed_at=confirmed_at
            )
    except IntegrityError:  # the same confirmation, sent twice at once
        return NationalSyncConfirmation.objects.get(dossier=dossier, status=status), False
    # The latest confirmation by the platform's moment, whatever order they arrive in.
    Dossier.objects.filter(pk=dossier.pk).filter(
        Q(national_synced_at__isnull=True) | Q(national_synced_at__lte=confirmed_at)
    ).update(national_synced_at=confirmed_at, national_synced_status=status)
    dossier.refresh_from_db(fields=["national_synced_at", "national_synced_status"])
    return row, True


def rating_errors(*, overall, on_time, attitude, returns_count) -> dict[str, list]:
    """What is wrong with a rating, by field: each answer on the portal's scale."""
    errors: dict[str, list] = {}
    for field, value in (("overall", overall), ("on_time", on_time), ("attitude", attitude)):
        if value not in RatingLevel.values:
            errors[field] = [_("Choose one of the five answers, from 1 to 5.")]
    if returns_count not in ReturnsCount.values:
        errors["returns_count"] = [_("Choose 0, 1, or 2 (twice or more).")]
    return errors


@transaction.atomic
def dossier_rate(
    *,
    dossier: Dossier,
    overall: int,
    on_time: int,
    attitude: int,
    returns_count: int,
    channel: str,
    at: datetime | None = None,
) -> DossierRating:
    """Đánh giá mức độ hài lòng: the holder of the receipt rates the service of ``dossier`` once
    its result exists, once per dossier (a second time raises :class:`AlreadyRated`).
    Anonymous: nothing about who rated is kept."""
    if dossier.status not in RATEABLE_STATUSES:
        raise ValidationError(
            {"dossier": [_("The service can be rated once the dossier's result is ready.")]}
        )
    if channel not in RatingChannel.values:
        raise ValueError(f"Unknown rating channel {channel!r}.")
    errors = rating_errors(
        overall=overall, on_time=on_time, attitude=attitude, returns_count=returns_count
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return DossierRating.objects.create(
                dossier=dossier,
                overall=overall,
                on_time=on_time,
                attitude=attitude,
                returns_count=returns_count,
                channel=channel,
                rated_at=at or timezone.now(),
            )
    except IntegrityError:
        raise AlreadyRated from None
