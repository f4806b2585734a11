"""Celery tasks keeping the statistics' roll-ups: thin wrappers around the roll-up services."""

from celery import shared_task

from procedures.services.rollups import rollups_extend, rollups_refresh_cells


@shared_task(bind=True, max_retries=5, default_retry_delay=10)
def refresh_rollup_cells(self, cells: list[list]) -> int:
    """After dossiers changed: recompute their (desk, procedure, channel) cells. Recomputing,
    not incrementing, so a retry or a duplicate message counts nothing twice."""
    try:
        return rollups_refresh_cells(cells=[tuple(cell) for cell in cells])
    except Exception as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def extend_rollups() -> bool:
    """Each night (beat): roll the monthly levels into a new month once it begins."""
    return rollups_extend()
