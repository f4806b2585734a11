"""Hàng đợi việc tiếp theo (outbox): follow-up work that must not be lost when the broker is down.

A service that needs a task after its change calls :func:`outbox_enqueue` inside its
transaction. The message row commits with the change; after the commit one attempt is made to
send it. If the broker is unreachable the attempt is logged, the user's action has already
succeeded, and the row waits. :func:`outbox_drain` sends every unsent message in order: the
worker runs it at start and every minute (``drain_outbox`` in CELERY_BEAT_SCHEDULE), so the work
runs once the broker is back. Under the embedded default (no broker) tasks run eagerly at send.
"""

import importlib
import logging

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onestop.background import task_send
from procedures.models import OutboxMessage

logger = logging.getLogger(__name__)
DRAIN_BATCH = 500


def outbox_enqueue(task: str, *args, **kwargs) -> OutboxMessage:
    """Record ``task(*args, **kwargs)`` with the current transaction; send it after commit."""
    message = OutboxMessage.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: outbox_send(message_ids=[message.pk]))
    return message


def outbox_send_or_keep(task, *args) -> None:
    """Send ``task(*args)`` now (call it after commit); if the broker is unreachable, keep it as
    an outbox message for the drain instead of losing it. For frequent follow-up work (the
    roll-ups after every desk action) that must cost no extra write while the broker is up."""
    try:
        task.delay(*args)
    except Exception as error:  # noqa: BLE001 - any broker failure: kept for the drain
        OutboxMessage.objects.create(
            task=task.name,
            args=list(args),
            attempts=1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("outbox: %s not sent (%s); kept for the drain", task.name, error)


def registered_task(name: str):
    """The Celery task registered as ``name`` (its dotted path). Services name the task they
    queue instead of importing it: tasks import services, never the other way round."""
    if name not in current_app.tasks:
        # Tasks are discovered lazily; a web process may not have imported this one yet.
        importlib.import_module(name.rsplit(".", 1)[0])
    return current_app.tasks[name]


def _publish(message: OutboxMessage) -> None:
    # The task object rather than send_task: under the embedded default it runs here (a long
    # one in the web process's background thread, onestop.background).
    task_send(registered_task(message.task), *message.args, **message.kwargs)


def outbox_send(*, message_ids=None, limit: int = DRAIN_BATCH) -> int:
    """Send unsent messages (those given, else the oldest ``limit``), oldest first; stop at the
    first broker failure, which is recorded on the message. Returns how many were sent. Rows
    are locked while sending (SKIP LOCKED), so two drains never send the same message."""
    if current_app.conf.task_always_eager:
        return _send_eagerly(message_ids)
    sent = 0
    while True:
        with transaction.atomic():
            queryset = OutboxMessage.objects.filter(sent_at__isnull=True)
            if message_ids is not None:
                queryset = queryset.filter(pk__in=message_ids)
            batch = list(queryset.order_by("id").select_for_update(skip_locked=True)[:limit])
            if not batch:
                return sent
            for message in batch:
                message.attempts += 1
                try:
                    _publish(message)
                except Exception as error:  # noqa: BLE001 - any broker failure leaves it queued
                    message.last_error = f"{type(error).__name__}: {error}"[:2000]
                    message.save(update_fields=["attempts", "last_error"])
                    logger.warning("outbox: %s not sent (%s); kept for the drain", message, error)
                    return sent
                message.sent_at = timezone.now()
                message.last_error = ""
                message.save(update_fields=["attempts", "sent_at", "last_error"])
                sent += 1
        if message_ids is not None or len(batch) < limit:
            return sent


def _send_eagerly(message_ids) -> int:
    """The embedded default: each task runs here and now (a long one in the web process's
    background thread), outside any transaction of ours (as a worker would run it), after its
    message is marked sent; its errors propagate as before."""
    queryset = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("id")
    if message_ids is not None:
        queryset = queryset.filter(pk__in=message_ids)
    sent = 0
    for message in queryset:
        claimed = OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        if claimed:
            _publish(message)
            sent += 1
    return sent


def outbox_drain() -> int:
    """Send everything still waiting (the worker's periodic job)."""
    return outbox_send()
