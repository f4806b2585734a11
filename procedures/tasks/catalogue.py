"""Celery tasks of the catalogue: thin wrappers calling one service."""

import logging

from celery import shared_task
from celery.signals import task_failure
from django.conf import settings
from django.utils import translation

from onestop.own_process import ProcessLost
from procedures.importers.memory import import_memory_limit_mb
from procedures.services.catalogue_imports import catalogue_import_fail, catalogue_import_run

logger = logging.getLogger(__name__)


# own_process: under the embedded default its memory cap would otherwise cap the web process.
@shared_task(long_running=True, own_process=True)
def run_catalogue_import(
    import_id: int, language: str | None = None, memory_limit_mb: int | None = None
) -> str:
    """Import an uploaded catalogue file (the import screen); returns the outcome's status.
    ``memory_limit_mb`` overrides IMPORT_MEMORY_LIMIT_MB for this run (a test lowers it)."""
    return catalogue_import_run(
        import_id=import_id, language=language, memory_limit_mb=memory_limit_mb
    ).status


@task_failure.connect
def catalogue_import_failed(sender=None, exception=None, args=None, kwargs=None, **_extra):
    """The import task failed outside the import's own error handling: the worker's pool process
    was killed (WorkerLostError, reported by the main worker process), its own process under
    the embedded default died (ProcessLost, onestop.own_process), a time limit, the database
    lost. Mark the import failed so that its page stops showing it as running."""
    if getattr(sender, "name", None) != run_catalogue_import.name:
        return
    values = dict(zip(("import_id", "language"), args or (), strict=False)) | (kwargs or {})
    if values.get("import_id") is None:
        return
    try:
        with translation.override(values.get("language") or settings.LANGUAGE_CODE):
            catalogue_import_fail(
                import_id=int(values["import_id"]),
                error=exception or "",
                # The import's own process died: under its cap, most likely past it.
                memory_limit_mb=(
                    values.get("memory_limit_mb") or import_memory_limit_mb()
                    if isinstance(exception, ProcessLost)
                    else None
                ),
            )
    except Exception:
        # A failure handler must not fail the worker; the page's staleness check remains.
        logger.exception("could not mark catalogue import %s failed", values["import_id"])
