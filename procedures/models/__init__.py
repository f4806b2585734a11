"""Domain models, one module per sub-domain."""

from procedures.models.system import WorkerHeartbeat

__all__ = ["WorkerHeartbeat"]
