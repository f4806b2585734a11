"""Writes to the TTHC catalogue, one module per idea: the catalogue history's rule for making a
procedure's next version, which every writer of versions (decisions and time reviews included)
uses (``history``); loading national records (``national_records``); an administrator's
correction (đính chính, ``correction``); publication in the national database
(``publication``). Callers outside this package import from here."""

from procedures.services.catalogue.correction import procedure_version_correct
from procedures.services.catalogue.history import (
    BATCH,
    STEPS,
    Lookups,
    clean_code,
    record_of_version,
    version_base,
    version_values,
)
from procedures.services.catalogue.national_records import (
    ImportSummary,
    Progress,
    procedures_import,
)
from procedures.services.catalogue.publication import procedure_versions_publish

__all__ = [
    "BATCH",
    "STEPS",
    "ImportSummary",
    "Lookups",
    "Progress",
    "clean_code",
    "procedure_version_correct",
    "procedure_versions_publish",
    "procedures_import",
    "record_of_version",
    "version_base",
    "version_values",
]
