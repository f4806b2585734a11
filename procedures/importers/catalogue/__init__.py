"""Readers of catalogue files (CSV and XLSX, Vietnamese headers of the national records), with
pandas; the decision's tables are read by ``procedures.importers.decision_file``. They write
nothing: they return the rows read and a problem for every bad cell, located by sheet, row (as
the spreadsheet numbers it) and column (as the file writes it).

- ``tables``: a file's tables and each table's header row;
- ``cells``: one row's cells read into a record, with the defaults and the cells to check;
- ``procedure_file``: a file of national records, one procedure per row.
"""

from procedures.importers.catalogue.cells import (
    DECISION_KEYS,
    DEFAULT_SECTOR_NAME,
    RECORD_KEYS,
    UNREADABLE_DEFAULTS,
    missing_column_defaults,
)
from procedures.importers.catalogue.procedure_file import (
    REQUIRED_PROCEDURE_CELLS,
    REQUIRED_PROCEDURE_COLUMNS,
    WARNED_DEFAULTS,
    ProcedureFile,
    read_procedure_file,
)
from procedures.importers.catalogue.tables import (
    HEADER_SEARCH_ROWS,
    MAX_FILE_BYTES,
    Header,
    Progress,
    Table,
    is_spreadsheet,
    read_tables,
)

__all__ = [
    "DECISION_KEYS",
    "DEFAULT_SECTOR_NAME",
    "HEADER_SEARCH_ROWS",
    "MAX_FILE_BYTES",
    "RECORD_KEYS",
    "REQUIRED_PROCEDURE_CELLS",
    "REQUIRED_PROCEDURE_COLUMNS",
    "UNREADABLE_DEFAULTS",
    "WARNED_DEFAULTS",
    "Header",
    "ProcedureFile",
    "Progress",
    "Table",
    "is_spreadsheet",
    "missing_column_defaults",
    "read_procedure_file",
    "read_tables",
]
