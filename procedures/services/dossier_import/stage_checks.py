"""Checks that need the whole file, run as SQL over the stage tables: a dossier code twice, the
same event twice, events of dossiers this import does not create, and a dossier waiting for the
applicant (chờ bổ sung) without the request that stopped its clock. Each returns row errors."""

from __future__ import annotations

from django.utils.translation import gettext as _

from procedures.dossier_flow import WAITING_STATUSES
from procedures.importers.dossiers import RowError
from procedures.models import Dossier, DossierEvent
from procedures.services.dossier_import.report import MAX_REPORTED_ERRORS, ImportReport
from procedures.services.dossier_import.staging import EVENT_STAGE, STAGE, _moment_sql


def _stage_duplicates(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"SELECT code, row_number FROM {STAGE} WHERE code IN "  # noqa: S608
        f"(SELECT code FROM {STAGE} GROUP BY code HAVING COUNT(*) > 1) ORDER BY code, row_number"
    )
    errors, first = [], {}
    for code, row in cursor.fetchall():
        if code in first:
            errors.append(
                RowError(
                    int(row),
                    "code",
                    _("duplicate dossier code %(code)s (also on row %(row)s)")
                    % {"code": code, "row": first[code]},
                    file,
                )
            )
        else:
            first[code] = row
    return errors


def _event_duplicates(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"""
        SELECT row_number, first_row FROM (
            SELECT row_number, MIN(row_number) OVER (PARTITION BY dossier_code, action, at)
                AS first_row
            FROM {EVENT_STAGE}
        ) AS numbered WHERE row_number <> first_row ORDER BY row_number LIMIT %s
        """,  # noqa: S608
        [MAX_REPORTED_ERRORS],
    )
    return [
        RowError(int(row), "at", _("the same event is also on row %(row)s") % {"row": first}, file)
        for row, first in cursor.fetchall()
    ]


def _events_of_other_dossiers(cursor, report: ImportReport, file: str) -> list[RowError]:
    """Events of dossiers not created by this import: unknown codes are refused; for a dossier
    already in the database an event already recorded is skipped (idempotence), any other is
    refused, since its timeline and clock are already settled."""
    dossier, event = Dossier._meta.db_table, DossierEvent._meta.db_table
    # Table names and SQL of our own only; no value of the file is pasted into SQL.
    recorded = (
        f"EXISTS (SELECT 1 FROM {event} x WHERE x.dossier_id = d.id AND x.action = e.action "  # noqa: S608
        f"AND x.at = {_moment_sql('e.at')})"
    )
    others = (
        f"FROM {EVENT_STAGE} e LEFT JOIN {STAGE} s ON s.code = e.dossier_code "
        f"LEFT JOIN {dossier} d ON d.code = e.dossier_code WHERE (s.code IS NULL OR s.existing)"
    )
    cursor.execute(f"SELECT COUNT(*) {others} AND d.id IS NOT NULL AND {recorded}")
    report.events_skipped = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT e.row_number, e.dossier_code, d.id IS NULL {others} "
        f"AND (d.id IS NULL OR NOT {recorded}) ORDER BY e.row_number LIMIT %s",
        [MAX_REPORTED_ERRORS],
    )
    return [
        RowError(
            int(row),
            "dossier_code",
            _("unknown dossier code")
            if unknown
            else _(
                "dossier %(code)s is already in the database: its events can only be imported "
                "together with it, and this one is not among those recorded"
            )
            % {"code": code},
            file,
        )
        for row, code, unknown in cursor.fetchall()
    ]


def _waiting_without_events(cursor, file: str) -> list[RowError]:
    cursor.execute(
        f"SELECT row_number FROM {STAGE} WHERE NOT existing AND NOT has_events "  # noqa: S608
        f"AND status IN (%s, %s) ORDER BY row_number LIMIT %s",
        [*(int(s) for s in WAITING_STATUSES), MAX_REPORTED_ERRORS],
    )
    return [
        RowError(
            int(row),
            "status",
            _(
                "a dossier waiting for the applicant (status 5 or 6) needs, in the events file, "
                "the request that stopped its clock"
            ),
            file,
        )
        for (row,) in cursor.fetchall()
    ]
