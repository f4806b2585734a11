"""Readers of dossier history files (CSV or XLSX) from another system, chunk by chunk.

Each chunk is a pandas frame validated column-wise: unknown procedure and desk codes, bad dates,
a procedure not in force on the day of receipt, resolution before receipt, states that disagree
with the dates. Valid rows get the project's own due moment (the vectorised calendar,
``due_at_many``), clock and outcome; the file's opinion on those is never read. Memory is bounded
by the chunk size, not by the file: lookups hold only the catalogue and the desks.

One module per idea: :mod:`.columns` (the files' layout), :mod:`.reading` (streaming a file),
:mod:`.values` (parsing a row's values), :mod:`.dossier_rows` and :mod:`.event_rows` (validating
each file's rows) and :mod:`.errors`.
"""

from procedures.importers.dossiers.columns import (
    APPLICANT_NAME_LENGTH,
    CODE_LENGTH,
    DOSSIER_COLUMNS,
    DOSSIER_OPTIONAL_COLUMNS,
    ENDED_STATUSES,
    EVENT_COLUMNS,
    EVENT_OPTIONAL_COLUMNS,
    IMPORTED_ACTIONS,
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    US,
)
from procedures.importers.dossiers.dossier_rows import DossierRowValidator
from procedures.importers.dossiers.errors import FileError, RowError
from procedures.importers.dossiers.event_rows import EventRowValidator
from procedures.importers.dossiers.reading import read_chunks
from procedures.importers.dossiers.values import parse_moments

__all__ = [
    "APPLICANT_NAME_LENGTH",
    "CODE_LENGTH",
    "DOSSIER_COLUMNS",
    "DOSSIER_OPTIONAL_COLUMNS",
    "ENDED_STATUSES",
    "EVENT_COLUMNS",
    "EVENT_OPTIONAL_COLUMNS",
    "IMPORTED_ACTIONS",
    "OPEN_STATUSES",
    "RESOLVED_STATUSES",
    "US",
    "DossierRowValidator",
    "EventRowValidator",
    "FileError",
    "RowError",
    "parse_moments",
    "read_chunks",
]
