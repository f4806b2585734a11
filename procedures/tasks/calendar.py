"""Celery tasks of the working calendar."""

from celery import shared_task

from procedures.models import CalendarChange
from procedures.services.calendar import (
    calendar_recomputations_resume,
    dossier_due_moments_recompute,
)


# A worker process killed mid-run gives the message back to the queue (acks late, rejected on
# worker loss): the recomputation is idempotent, so running it again has its effect once.
@shared_task(
    bind=True,
    max_retries=3,
    default_retry_delay=30,
    acks_late=True,
    reject_on_worker_lost=True,
    long_running=True,
)
def recompute_due_moments(self, change_id: int | None = None) -> dict:
    """After a calendar change: recompute open dossiers' due moments and record it."""
    change = CalendarChange.objects.filter(pk=change_id).first() if change_id else None
    try:
        recomputed, moved = dossier_due_moments_recompute(change=change)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
    return {"change": change_id, "recomputed": recomputed, "moved": moved}


@shared_task
def resume_lost_recomputations() -> int | None:
    """Every quarter of an hour (beat): queue again a recomputation whose message was lost."""
    return calendar_recomputations_resume()
