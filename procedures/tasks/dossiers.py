"""Celery tasks of this sub-domain."""
