"""Cells longer than their column in the database: named with their row and column before
anything is written, instead of the database's "value too long for type character varying(80)"
at the end of the import (a 200-character decision number)."""

from django.db.models import CharField
from django.utils.translation import gettext as _

from procedures.models import Procedure, ProcedureVersion, Sector
from procedures.problems import Problem
from procedures.records import column_header


def field_lengths() -> dict[str, int]:
    """The longest text each record field may hold in the database."""
    lengths = {
        f.name: f.max_length
        for f in ProcedureVersion._meta.get_fields()
        if isinstance(f, CharField) and f.max_length
    }
    lengths["code"] = Procedure._meta.get_field("code").max_length
    lengths["sector_code"] = Sector._meta.get_field("code").max_length
    lengths["sector_name"] = Sector._meta.get_field("name").max_length
    lengths.pop("processing_time_text", None)  # kept in part: the time itself is parsed
    return lengths


def too_long_cells(rows) -> list[Problem]:
    """A cell longer than its column in the database, named with its row and column, instead
    of the database's error at the end of the import."""
    lengths, problems = field_lengths(), []
    for row in rows:
        values = {**row.record, "code": row.code, "decision_number": row.decision_number}
        for key, value in values.items():
            limit = lengths.get(key)
            if limit and isinstance(value, str) and len(value) > limit:
                problems.append(
                    Problem(
                        _("%(length)s characters, more than the %(limit)s this column holds.")
                        % {"length": len(value), "limit": limit},
                        row=row.row,
                        sheet=row.sheet,
                        column=row.headers.get(key) or column_header(key),
                        code=row.code,
                    )
                )
    return problems
