"""Celery tasks: thin wrappers that parse their arguments and call one service."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from procedures.services.heartbeat import heartbeat_record


@shared_task(bind=True)
def heartbeat(self, requested_at: str) -> int:
    return heartbeat_record(
        worker=self.request.hostname or "eager", requested_at=parse_datetime(requested_at)
    ).pk
