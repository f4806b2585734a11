"""Celery tasks watching the dossier clock: thin wrappers around one service each."""

from celery import shared_task

from procedures.services.dossiers import dossier_digests_send, dossiers_mark_overdue


@shared_task
def mark_overdue_dossiers() -> int:
    """Every few minutes (beat): mark open dossiers past their due moment as overdue."""
    return dossiers_mark_overdue()


@shared_task
def send_dossier_digests() -> int:
    """Each working morning (beat): one e-mail per desk with dossiers due soon and overdue."""
    return dossier_digests_send()
