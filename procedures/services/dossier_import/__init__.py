"""Nhập lịch sử hồ sơ: dossiers handled in another system, with their hand-overs, supplement
requests and apologies. All or nothing, idempotent, streamed in chunks.

Dossier rows are validated chunk by chunk and written to a temporary stage table (``COPY`` on
PostgreSQL, batched inserts elsewhere); duplicate codes across the whole file are then found by
SQL on the stage, and one ``INSERT ... SELECT ... ON CONFLICT (code) DO NOTHING`` moves them into
place, so codes already present are skipped and a second import changes nothing.

Every imported dossier gets its timeline: the receipt and, when it ended, its resolution, return,
rejection, withdrawal or stop, written by ``INSERT ... SELECT`` for dossiers without events in the
events file. The events file is staged alike; the events of each new dossier are replayed in
order through the state table and the clock of :mod:`procedures.services.dossiers`, so each event
gets its real from and to states and the due moment after it, and an event the state forbids, or
a sequence that contradicts the dossier's status, is reported with its row. Events can only come
with their dossier: for a dossier already in the database, an event already recorded is skipped
and any other is refused.

The import lives in one module per idea: :mod:`.job` (the service, one transaction),
:mod:`.staging` (the stage tables), :mod:`.stage_checks` (checks over the whole file),
:mod:`.bulk_write` (the move into place, the timelines, the roll-ups), :mod:`.replay` and
:mod:`.replay_write` (the events of new dossiers) and :mod:`.report`. Tuning constants are read
where they are defined: patch them there (e.g. ``bulk_write.BULK_FOREIGN_KEYS_MIN_ROWS``).
"""

from procedures.services.dossier_import.bulk_write import (
    BULK_FOREIGN_KEYS_MIN_ROWS,
    BULK_FOREIGN_KEYS_MIN_SHARE,
)
from procedures.services.dossier_import.job import dossiers_import
from procedures.services.dossier_import.report import (
    MAX_REPORTED_ERRORS,
    DossierImportError,
    ImportReport,
)

__all__ = [
    "BULK_FOREIGN_KEYS_MIN_ROWS",
    "BULK_FOREIGN_KEYS_MIN_SHARE",
    "MAX_REPORTED_ERRORS",
    "DossierImportError",
    "ImportReport",
    "dossiers_import",
]
