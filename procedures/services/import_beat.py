"""Nhịp sống của lượt nhập: while an import runs, the process running it writes the time in the
import's row every few seconds, from a thread of its own.

The progress in the cache is no proof of life: a phase may write no progress for minutes (one
large transaction), and the cache may be down. When the whole worker is killed (SIGKILL, the
machine restarted), nobody reports the task's failure; the row's heartbeat simply stops, and
:func:`procedures.services.catalogue_imports.catalogue_imports_expire` marks the import failed
after ``CATALOGUE_IMPORT_LOST_SECONDS`` without one, so that it can be retried.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def beat_every() -> float:
    """Seconds between two heartbeats (``CATALOGUE_IMPORT_BEAT_SECONDS``)."""
    return float(getattr(settings, "CATALOGUE_IMPORT_BEAT_SECONDS", 15))


def lost_after() -> timedelta:
    """How long without a heartbeat a running import is taken as lost with its worker
    (``CATALOGUE_IMPORT_LOST_SECONDS``): several beats, so a busy database is not a death."""
    return timedelta(seconds=float(getattr(settings, "CATALOGUE_IMPORT_LOST_SECONDS", 90)))


@contextmanager
def import_heartbeat(import_id: int, *, every: float | None = None, enabled: bool = True):
    """Write ``beat_at`` of the running import ``import_id`` every ``every`` seconds while the
    block runs. The thread has its own database connection (Django's are per thread), outside
    the import's transaction, so its writes are seen at once and never wait for the import."""
    from procedures.choices import ImportStatus
    from procedures.models import CatalogueImport

    if not enabled:
        yield
        return
    every = beat_every() if every is None else every
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    CatalogueImport.objects.filter(
                        pk=import_id, status=ImportStatus.RUNNING
                    ).update(beat_at=timezone.now())
                except Exception:  # noqa: BLE001 - a lost database: the next beat tries again
                    logger.warning("catalogue import %s: heartbeat not written", import_id)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"import-beat-{import_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        # A beat waiting on the database is harmless once the import has ended (it only
        # touches a running row): the import does not wait for it.
        thread.join(timeout=1)
