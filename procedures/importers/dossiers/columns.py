"""The layout of a dossier history's files: the columns a dossiers file and an events file must
and may have, the actions an events file may carry, the status codes grouped by how a dossier
stands (trạng thái hồ sơ), and the database's column sizes a value must fit."""

from __future__ import annotations

from procedures.models import Dossier

DOSSIER_COLUMNS = (
    "code",
    "procedure_code",
    "desk_code",
    "channel",
    "received_at",
    "resolved_at",
    "returned_at",
    "status",
)
# Read when present: the moment a rejected, withdrawn or stopped dossier ended, the applicant.
DOSSIER_OPTIONAL_COLUMNS = ("closed_at", "applicant_name")
EVENT_COLUMNS = ("dossier_code", "action", "at", "note")
EVENT_OPTIONAL_COLUMNS = ("giver_code", "receiver_code", "new_due_at")
# Events the history may carry; receipt, resolution and return are columns of the dossier row.
IMPORTED_ACTIONS = (
    "receive_online",
    "transfer",
    "request_supplement",
    "resume",
    "request_financial_obligation",
    "fulfil_financial_obligation",
    "apologize_reschedule",
)
OPEN_STATUSES = {1, 2, 4, 5, 6}
RESOLVED_STATUSES = {9, 10}
# Ended without a result: rejected, withdrawn, stopped.
ENDED_STATUSES = {3, 7, 8}
US = 1_000_000
# The columns' sizes in the database: a longer value is reported, never cut or left to fail.
CODE_LENGTH = Dossier._meta.get_field("code").max_length
APPLICANT_NAME_LENGTH = Dossier._meta.get_field("applicant_name").max_length
