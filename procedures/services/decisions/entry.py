"""Entering an announcement decision (nhập quyết định công bố) with its lines, not yet applied:
creating one, reading its lines back, telling a file imported twice, deleting one entered by
mistake."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind
from procedures.models import AnnouncementDecision, DecisionLine, ProcedureVersion
from procedures.problems import Problem, Refused
from procedures.records import clean_text
from procedures.services.decisions.checks import STEPS, clean_lines, decision_header_problems
from procedures.services.interconnected import StepsError, steps_problems, steps_read
from procedures.services.trail import bulk_create_traced


@transaction.atomic
def decision_create(
    *,
    number: str,
    signed_on: date | None,
    effective_on: date | None,
    lines: list[dict],
    signer: str = "",
    title: str = "",
    user=None,
) -> AnnouncementDecision:
    """Nhập quyết định công bố: enter an announcement decision with its lines (not yet applied).
    Refuses, naming every bad line, lines that cannot be applied whatever the catalogue holds."""
    number = clean_text(number)
    problems = decision_header_problems(
        number=number, signed_on=signed_on, effective_on=effective_on
    )
    if not lines:
        problems.append(Problem(_("A decision has at least one line."), column="lines"))
    cleaned, line_problems = clean_lines(lines)
    problems += line_problems
    if not problems:
        problems += _steps_problems(cleaned, effective_on)
    if problems:
        raise Refused(problems)
    decision = AnnouncementDecision.objects.create(
        number=number,
        signed_on=signed_on,
        effective_on=effective_on,
        signer=clean_text(signer),
        title=clean_text(title),
        created_by=user,
    )
    bulk_create_traced(
        DecisionLine, [DecisionLine(decision=decision, **line) for line in cleaned], user=user
    )
    return decision


def _steps_problems(cleaned: list[dict], effective_on: date) -> list[Problem]:
    """The lines whose steps (các bước liên thông) cannot be read on the effective date, or do
    not fit the time the line announces: each problem names the line and the step. An
    amendment that does not announce its time is checked against the catalogue on applying."""
    problems, units = [], {}
    for line in cleaned:
        text = line["record"].get(STEPS)
        if not text:
            continue
        where = {"line": line["position"], "column": STEPS, "code": line["procedure_code"]}
        try:
            steps = steps_read(text=text, on=effective_on, units=units)
        except StepsError as error:
            problems += [Problem(message, **where) for message in error.messages]
            continue
        record = line["record"]
        full = line["change_kind"] in (ChangeKind.NEW, ChangeKind.REPLACED)
        if "processing_time_unit" in record and (full or "is_interconnected" in record):
            # A full record that does not say it is interconnected is not (the model's default).
            announced = ProcedureVersion(
                is_interconnected=record.get("is_interconnected", False),
                processing_time_unit=record["processing_time_unit"],
                processing_time_value=record.get("processing_time_value"),
                applied_time_value=record.get("applied_time_value"),
            )
            problems += [
                Problem(message, **where)
                for message in steps_problems(steps=steps, version=announced)
            ]
    return problems


def decision_lines_input(decision: AnnouncementDecision) -> list[dict]:
    """A decision's lines in the form ``decision_create`` takes."""
    return [
        {
            "position": line.position,
            "change_kind": line.change_kind,
            "procedure_code": line.procedure_code,
            "replaced_code": line.replaced_code,
            "name": line.name,
            "legal_basis": line.legal_basis,
            "record": line.record,
            "to_check": line.to_check,
        }
        for line in decision.lines.order_by("position")
    ]


def decision_matches(
    decision: AnnouncementDecision,
    *,
    signed_on: date | None,
    effective_on: date | None,
    lines: list[dict],
    signer: str = "",
    title: str = "",
) -> bool:
    """Whether entering this decision again would change nothing (importing a file twice)."""
    cleaned, _problems = clean_lines(lines)
    return (
        decision.signed_on == signed_on
        and decision.effective_on == effective_on
        and decision.signer == clean_text(signer)
        and (decision.title == clean_text(title) or not clean_text(title))
        and cleaned == decision_lines_input(decision)
    )


@transaction.atomic
def decision_delete(*, decision: AnnouncementDecision) -> None:
    """Delete a decision entered by mistake; an applied decision is part of the history."""
    decision = AnnouncementDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.applied_at:
        raise Refused(
            [Problem(_("An applied decision cannot be deleted: it is part of the history."))],
            conflict=True,
        )
    decision.delete()
