"""Celery tasks, one module per sub-domain: thin wrappers that load ids and call one service.

Celery's autodiscovery imports this package, so every task module is imported here.
"""

from procedures.tasks import calendar, catalogue, dossiers, heartbeat, rollups

__all__ = ["calendar", "catalogue", "dossiers", "heartbeat", "rollups"]
