"""Theo dõi hạn: the periodic pass that flags open dossiers whose due moment has passed."""

from __future__ import annotations

from datetime import datetime

from procedures.models import Dossier
from procedures.models.dossiers import OPEN_STATUSES
from procedures.selectors.dossiers import dossiers_overdue
from procedures.services.dossiers.common import _now


def dossiers_mark_overdue(*, at: datetime | None = None) -> int:
    """Đánh dấu hồ sơ quá hạn: open dossiers whose due date has passed, with the clock running
    or waiting after its time ran out (:func:`procedures.selectors.dossiers.dossiers_overdue`,
    date level as the outcome). One UPDATE; a second run finds nothing left to mark. A flag a
    calendar change made untrue (the due date moved later) is cleared in the same pass.
    Returns how many were marked."""
    at = _now(at)
    overdue = dossiers_overdue(at=at)
    marked = overdue.filter(is_overdue=False).update(is_overdue=True)
    Dossier.objects.filter(status__in=OPEN_STATUSES, is_overdue=True).exclude(
        pk__in=overdue.values("pk")
    ).update(is_overdue=False)
    return marked
