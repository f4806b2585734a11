from datetime import datetime

from procedures.models import WorkerHeartbeat


def heartbeat_record(*, worker: str, requested_at: datetime) -> WorkerHeartbeat:
    """Record that ``worker`` ran a task requested at ``requested_at``."""
    return WorkerHeartbeat.objects.create(worker=worker, requested_at=requested_at)
