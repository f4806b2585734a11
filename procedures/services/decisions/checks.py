"""Checking an announcement decision (quyết định công bố) as entered: its number and dates, and
its lines in canonical form, each bad line named, before the catalogue is consulted."""

from datetime import date

from django.utils.translation import gettext as _

from procedures.choices import ChangeKind
from procedures.importers.published import clean_items
from procedures.models import AnnouncementDecision
from procedures.problems import Problem
from procedures.records import clean_record, clean_text
from procedures.services.catalogue import clean_code

STEPS = "interconnected_steps"

LINE_KINDS = (ChangeKind.NEW, ChangeKind.AMENDED, ChangeKind.REPLACED, ChangeKind.ABOLISHED)
RECORD_KINDS = (ChangeKind.NEW, ChangeKind.AMENDED, ChangeKind.REPLACED)


def clean_lines(lines: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Check a decision's lines and return them in canonical form, with a problem per bad line
    (``line`` = its position). Each line is a dict: position (optional, 1.. by default),
    change_kind, procedure_code, replaced_code (replacements), name, legal_basis and record (the
    announced fields of the national record, for new, amended and replacing lines)."""
    cleaned: list[dict] = []
    problems: list[Problem] = []
    seen_positions: set[int] = set()
    uses: dict[str, list[int]] = {}
    for index, raw in enumerate(lines, start=1):
        try:
            position = int(raw.get("position") or index)
        except (TypeError, ValueError):
            position = index
        kind = clean_text(raw.get("change_kind"))
        code, code_problem = clean_code(raw.get("procedure_code", ""))

        def bad(message: str, column: str | None = None, *, at=position, for_code=code) -> None:
            problems.append(Problem(message, line=at, column=column, code=for_code or None))

        if position < 1 or position in seen_positions:
            bad(_("Line numbers must be distinct positive numbers."), "position")
        seen_positions.add(position)
        if kind not in LINE_KINDS:
            bad(
                _("Unknown kind of change “%(value)s”: new, amended, replaced or abolished.")
                % {"value": kind},
                "change_kind",
            )
        if not code:
            bad(_("The procedure code is missing."), "procedure_code")
        elif code_problem:
            bad(code_problem, "procedure_code")
        replaced_code = ""
        if kind == ChangeKind.REPLACED:
            replaced_code, replaced_problem = clean_code(raw.get("replaced_code", ""))
            if not replaced_code:
                bad(_("A replacement names the code it replaces."), "replaced_code")
            elif replaced_problem:
                bad(replaced_problem, "replaced_code")
            elif replaced_code == code:
                bad(_("A procedure cannot replace itself."), "replaced_code")
        elif clean_text(raw.get("replaced_code")):
            bad(_("Only a replacement names a replaced code."), "replaced_code")
        name = clean_text(raw.get("name"))
        legal_basis = clean_text(raw.get("legal_basis"))
        record: dict = {}
        if kind in RECORD_KINDS:
            announced = dict(raw.get("record") or {})
            if name and "name" not in announced:
                announced["name"] = name
            if legal_basis and "legal_basis" not in announced:
                announced["legal_basis"] = legal_basis
            record, record_problems = clean_record(announced, full=kind != ChangeKind.AMENDED)
            for problem in record_problems:
                bad(problem.message, problem.column)
            if kind == ChangeKind.AMENDED and not record and not record_problems:
                bad(_("An amendment announces at least one field of the record."), "record")
            name = name or record.get("name", "")
        # Only a line that announces a record has cells to check: an abolition makes none.
        to_check, to_check_problem = clean_items(
            raw.get("to_check") if kind in RECORD_KINDS else []
        )
        if to_check_problem:
            bad(to_check_problem, "to_check")
        for used in (code, replaced_code):
            if used:
                uses.setdefault(used, []).append(position)
        cleaned.append(
            {
                "position": position,
                "change_kind": kind,
                "procedure_code": code,
                "replaced_code": replaced_code,
                "name": name,
                "legal_basis": legal_basis,
                "record": record,
                "to_check": to_check,
            }
        )
    for code, positions in uses.items():
        if len(positions) > 1:
            listed = ", ".join(map(str, positions))
            for position in positions:
                problems.append(
                    Problem(
                        _(
                            "The code %(code)s appears on several lines (%(lines)s): one change "
                            "per procedure in a decision."
                        )
                        % {"code": code, "lines": listed},
                        line=position,
                        column="procedure_code",
                        code=code,
                    )
                )
    return cleaned, problems


def decision_header_problems(
    *, number: str, signed_on: date | None, effective_on: date | None
) -> list[Problem]:
    """What is wrong with a decision's number and dates (an entered number included)."""
    number = clean_text(number)
    problems = []
    if not number:
        problems.append(Problem(_("The decision number is missing."), column="number"))
    elif len(number) > 80:
        problems.append(Problem(_("A decision number has at most 80 characters."), column="number"))
    elif AnnouncementDecision.objects.filter(number=number).exists():
        problems.append(
            Problem(
                _("Decision %(number)s is already entered.") % {"number": number}, column="number"
            )
        )
    if signed_on is None:
        problems.append(Problem(_("The signing date is missing."), column="signed_on"))
    if effective_on is None:
        problems.append(Problem(_("The effective date is missing."), column="effective_on"))
    if signed_on and effective_on and effective_on < signed_on:
        problems.append(
            Problem(_("The decision takes effect before it is signed."), column="effective_on")
        )
    return problems
