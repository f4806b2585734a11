"""What an import tells its caller (báo cáo nhập hồ sơ): the counts of what it wrote and
skipped, and the error that lists the bad rows when it wrote nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from procedures.importers.dossiers import RowError

MAX_REPORTED_ERRORS = 1000


class DossierImportError(Exception):
    """The files have bad rows: nothing was written. ``errors`` lists every one (up to 1,000)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    events_created: int = 0
    events_skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
