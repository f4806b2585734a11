"""Importing one catalogue file, all or nothing: national records (nhập danh mục TTHC từ tệp,
import_procedures) and a decision's tables (nhập quyết định công bố từ tệp, import_decision).
The command line, the demo and the import screen's job all call these."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from procedures.importers.catalogue import read_procedure_file
from procedures.importers.decision_file import decision_field_header, read_decision_file
from procedures.importers.lengths import too_long_cells
from procedures.models import AnnouncementDecision
from procedures.problems import Problem, Refused
from procedures.records import clean_text, format_date
from procedures.services.catalogue import ImportSummary, Progress, procedures_import
from procedures.services.decisions import (
    clean_lines,
    decision_apply,
    decision_create,
    decision_lines_contradictions,
    decision_matches,
)
from procedures.services.trail import traced_file_import


def _phase(progress: Progress, start: int, end: int, total_steps: int = 100) -> Progress:
    """Map a phase's own progress (done of total) onto steps start..end of the whole."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        share = done / total if total else 1
        progress(start + round((end - start) * share), total_steps)

    return report


@traced_file_import
def procedure_file_import(
    *,
    content: bytes,
    file_name: str,
    user=None,
    progress: Progress = None,
    effective_date: date | None = None,
) -> ImportSummary:
    """Nhập danh mục TTHC từ tệp: read a CSV/XLSX file of national records and add them to the
    catalogue; every bad row is reported and nothing is written. ``effective_date`` applies to
    records that give none. Times to be completed, records without a time and columns the file
    lacks are imported and listed as warnings."""
    parsed = read_procedure_file(content, file_name, progress=_phase(progress, 0, 50))
    if parsed.problems and not parsed.rows:
        raise Refused(parsed.problems)
    if not parsed.rows:
        raise Refused(
            [Problem(_("The file holds no record under its header row: nothing was imported."))]
        )
    too_long = too_long_cells(parsed.rows)
    if too_long:
        raise Refused([*parsed.problems, *too_long])
    summary = procedures_import(
        rows=parsed.rows,
        user=user,
        progress=_phase(progress, 50, 100),
        known_problems=parsed.problems,
        effective_date=effective_date,
        warnings=parsed.warnings,
    )
    summary.ignored_columns = parsed.ignored_columns
    summary.missing_columns = parsed.missing_columns
    return summary


@dataclass
class DecisionImportResult:
    decision: AnnouncementDecision
    created: bool  # False: the same decision was already entered (the file imported before)
    applied: dict | None  # counts per kind of change when applied now
    lines: int
    ignored_columns: list[str]
    # Cells taken in as written and marked to check, lines listed twice: each names its row,
    # column, code and text (the import screen and the command list them).
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "decision": self.decision.number,
            "decision_id": self.decision.pk,
            "created": self.created,
            "applied": self.applied,
            "lines": self.lines,
            "ignored_columns": self.ignored_columns,
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


HEADER_FIELDS = ("number", "signed_on", "signer", "effective_on", "title")


@transaction.atomic
@traced_file_import
def decision_file_import(
    *,
    content: bytes,
    file_name: str,
    header: dict | None = None,
    apply: bool = False,
    user=None,
    progress: Progress = None,
) -> DecisionImportResult:
    """Nhập quyết định công bố từ tệp: read a decision's tables and enter the decision (and,
    with ``apply``, apply it), all or nothing. ``header`` gives the decision's number and dates
    when the file does not (a CSV), or must agree with it. Importing the same file again
    changes nothing; a different file under an entered number is refused."""
    parsed = read_decision_file(content, file_name, progress=_phase(progress, 0, 60))
    problems = list(parsed.problems)
    values = dict(parsed.header)
    for key, value in (header or {}).items():
        if value in (None, ""):
            continue
        if key in values and values[key] != value:
            problems.append(
                Problem(
                    _("The file says %(file)s but the form says %(form)s.")
                    % {"file": _shown(values[key]), "form": _shown(value)},
                    column=decision_field_header(key),
                )
            )
        values[key] = value
    if problems:
        # Also name what the lines themselves get wrong, so one report lists every bad row.
        problems += [parsed.locate(p) for p in clean_lines(parsed.lines)[1]]
        problems += _contradictions(parsed, values, apply)
        raise Refused(problems)
    number = clean_text(values.get("number"))
    fields = {
        "signed_on": values.get("signed_on"),
        "effective_on": values.get("effective_on"),
        "signer": values.get("signer", ""),
        "title": values.get("title", ""),
    }
    existing = AnnouncementDecision.objects.filter(number=number).first() if number else None
    if existing is not None:
        if not decision_matches(existing, lines=parsed.lines, **fields):
            raise Refused(
                [
                    Problem(
                        _(
                            "Decision %(number)s is already entered with other content: "
                            "correct it there, or give this file another number."
                        )
                        % {"number": number},
                        column=decision_field_header("number"),
                    )
                ],
                conflict=True,
            )
        decision, created = existing, False
    else:
        try:
            decision = decision_create(number=number, lines=parsed.lines, user=user, **fields)
        except Refused as refusal:
            problems = [parsed.locate(p) for p in refusal.problems]
            problems += _contradictions(parsed, values, apply)
            raise Refused(problems) from None
        created = True
    if progress:
        progress(80, 100)
    applied = None
    if apply and decision.applied_at is None:
        try:
            applied = decision_apply(decision=decision, user=user)
        except Refused as refusal:
            raise Refused(
                [parsed.locate(p) for p in refusal.problems], conflict=refusal.conflict
            ) from None
    if progress:
        progress(100, 100)
    return DecisionImportResult(
        decision=decision,
        created=created,
        applied=applied,
        lines=len(parsed.lines),
        ignored_columns=parsed.ignored_columns,
        warnings=parsed.warnings,
    )


def _contradictions(parsed, header: dict, apply: bool) -> list[Problem]:
    """When a file to apply is refused for malformed rows, what its other rows would contradict
    in the catalogue: every problem in one report, not one report per attempt."""
    if not apply or not isinstance(header.get("effective_on"), date):
        return []
    return [
        parsed.locate(problem)
        for problem in decision_lines_contradictions(
            lines=parsed.lines, effective_on=header["effective_on"]
        )
    ]


def _shown(value) -> str:
    return format_date(value) if isinstance(value, date) else str(value)
