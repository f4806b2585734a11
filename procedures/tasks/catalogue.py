"""Celery tasks of the catalogue: thin wrappers calling one service."""

from celery import shared_task

from procedures.services.catalogue_imports import catalogue_import_run


@shared_task
def run_catalogue_import(import_id: int, language: str | None = None) -> str:
    """Import an uploaded catalogue file (the import screen); returns the outcome's status."""
    return catalogue_import_run(import_id=import_id, language=language).status
