"""Importing catalogue files: national records (import_procedures) and a decision's tables
(import_decision), from the command line or the import screen (through a Celery task).

- ``files``: importing one file, all or nothing;
- ``progress``: a long job's progress and heartbeat in the cache;
- ``jobs``: the import screen's jobs (queue, run, fail, expire, retry).
"""

from procedures.services.catalogue_imports.files import (
    HEADER_FIELDS,
    DecisionImportResult,
    decision_file_import,
    procedure_file_import,
)
from procedures.services.catalogue_imports.jobs import (
    OPEN,
    catalogue_import_create,
    catalogue_import_fail,
    catalogue_import_retry,
    catalogue_import_run,
    catalogue_imports_expire,
    problems_kept,
)
from procedures.services.catalogue_imports.progress import STALE_AFTER, CacheProgress, progress_key

__all__ = [
    "HEADER_FIELDS",
    "OPEN",
    "STALE_AFTER",
    "CacheProgress",
    "DecisionImportResult",
    "catalogue_import_create",
    "catalogue_import_fail",
    "catalogue_import_retry",
    "catalogue_import_run",
    "catalogue_imports_expire",
    "decision_file_import",
    "problems_kept",
    "procedure_file_import",
    "progress_key",
]
