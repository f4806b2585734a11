"""Celery side of the outbox: drain it every minute and whenever a worker starts."""

import logging

from celery import shared_task
from celery.signals import worker_ready

from procedures.services.outbox import outbox_drain

logger = logging.getLogger(__name__)


@shared_task
def drain_outbox() -> int:
    """Send the follow-up work that waited for the broker; returns how many were sent."""
    return outbox_drain()


@worker_ready.connect
def drain_when_a_worker_starts(sender=None, **_kwargs):
    """A worker coming back after an outage sends what waited, without waiting for beat."""
    try:
        sent = outbox_drain()
    except Exception:
        logger.exception("outbox drain at worker start failed")
        return
    if sent:
        logger.info("outbox: %s waiting messages sent at worker start", sent)
