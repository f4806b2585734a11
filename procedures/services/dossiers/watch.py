"""Theo dõi hạn: the periodic pass that flags open dossiers whose due moment has passed."""

from __future__ import annotations

from datetime import datetime

from procedures.dossier_flow import RUNNING_STATUSES
from procedures.models import Dossier
from procedures.services.dossiers.common import _now


def dossiers_mark_overdue(*, at: datetime | None = None) -> int:
    """Đánh dấu hồ sơ quá hạn: open dossiers whose clock runs and whose due moment has passed
    (one UPDATE; a second run finds nothing left to mark). A flag a calendar change made untrue
    (the due moment moved later) is cleared in the same pass. Returns how many were marked."""
    at = _now(at)
    running = Dossier.objects.filter(status__in=RUNNING_STATUSES)
    marked = running.filter(is_overdue=False, due_at__lt=at).update(is_overdue=True)
    running.filter(is_overdue=True, due_at__gte=at).update(is_overdue=False)
    return marked
