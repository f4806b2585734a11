"""Celery tasks of the reports: thin wrappers calling one service."""

import logging

from celery import shared_task
from celery.signals import task_failure

from procedures.services.reports import generated_report_fail, generated_report_run

logger = logging.getLogger(__name__)


@shared_task(long_running=True)
def generate_report(report_id: int) -> str:
    """Generate a report asked for on the report screen; returns the outcome's status."""
    return generated_report_run(report_id=report_id).status


@task_failure.connect
def generate_report_failed(sender=None, exception=None, args=None, kwargs=None, **_extra):
    """The task died outside the run's own error handling: mark the report failed."""
    if getattr(sender, "name", None) != generate_report.name:
        return
    values = dict(zip(("report_id",), args or (), strict=False)) | (kwargs or {})
    if values.get("report_id") is None:
        return
    try:
        generated_report_fail(report_id=int(values["report_id"]), error=exception or "")
    except Exception:
        logger.exception("could not mark report %s failed", values["report_id"])
