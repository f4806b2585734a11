"""Announcement decisions (quyết định công bố): entering one with its lines, and applying it to
the catalogue in one transaction."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.importers.published import clean_items, items_merged
from procedures.models import AnnouncementDecision, DecisionLine, Procedure, ProcedureVersion
from procedures.problems import Problem, Refused
from procedures.records import clean_record, clean_text, format_date
from procedures.search import search_key
from procedures.selectors.catalogue import procedure_versions_on
from procedures.services.catalogue import (
    Lookups,
    clean_code,
    version_base,
    version_values,
)
from procedures.services.interconnected import (
    StepsError,
    interconnected_steps_copy,
    interconnected_steps_set_many,
    steps_problems,
    steps_read,
)
from procedures.services.trail import bulk_create_traced, bulk_update_traced

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


def _since(version: ProcedureVersion) -> str:
    return _("since %(date)s (decision %(decision)s)") % {
        "date": format_date(version.valid_from),
        "decision": version.decision_number or "-",
    }


@transaction.atomic
def decision_apply(*, decision: AnnouncementDecision, user=None) -> dict:
    """Áp dụng quyết định công bố: move the catalogue as the decision says, from its effective
    date, in one transaction.

    - new: the procedure and its first version;
    - amended: the current version ends the day before; a new one holds the announced fields,
      the others kept from the previous version;
    - replaced: the replaced code is abolished and the new code announced;
    - abolished: a version with status abolished.

    A decision that contradicts the catalogue on its effective date (abolishing or amending a
    code that is unknown or not in force, announcing a code in force, touching a procedure that
    already has a later version, or applied twice) is refused with every offending line named,
    and nothing changes."""
    decision = AnnouncementDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.applied_at:
        raise Refused(
            [
                Problem(
                    _("Decision %(number)s was already applied on %(date)s.")
                    % {
                        "number": decision.number,
                        "date": format_date(timezone.localtime(decision.applied_at)),
                    }
                )
            ],
            conflict=True,
        )
    lines = list(decision.lines.order_by("position"))
    cleaned, problems = clean_lines(decision_lines_input(decision))
    if not lines:
        problems.append(Problem(_("A decision has at least one line."), column="lines"))
    if problems:
        raise Refused(problems)

    day = decision.effective_on
    codes = _codes_of(cleaned)
    problems, on_day = _against_catalogue(cleaned, day)
    if problems:
        raise Refused(problems, conflict=True)

    records = [line["record"] for line in cleaned if line["record"]]
    lookups = Lookups.load(records, day)
    new_codes = [
        line["procedure_code"]
        for line in cleaned
        if line["change_kind"] in (ChangeKind.NEW, ChangeKind.REPLACED)
        and line["procedure_code"] not in on_day
    ]
    known = set(Procedure.objects.filter(code__in=new_codes).values_list("code", flat=True))
    bulk_create_traced(
        Procedure, [Procedure(code=code) for code in new_codes if code not in known], user=user
    )
    procedures = Procedure.objects.in_bulk(list(codes), field_name="code")
    line_objects = {line.position: line for line in lines}

    closing: list[int] = []
    created: list[ProcedureVersion] = []
    counts = dict.fromkeys(LINE_KINDS, 0)
    # The steps each new version takes: its line's text, or (an amendment that does not
    # announce them) the previous version's.
    steps_texts: list[tuple[ProcedureVersion, str, dict]] = []
    steps_copies: list[tuple[ProcedureVersion, ProcedureVersion]] = []

    def add(code: str, values: dict, *, kind: str, status: str, line: DecisionLine, cleaned=None):
        previous = on_day.get(code)
        if previous is not None:
            closing.append(previous.pk)
        values = {**values, "decision_number": decision.number, "published_on": None}
        if cleaned is not None:
            # The previous version's open items, less those the record now settles (see
            # version_values), and the cells of this line that went in as written.
            values["to_check"] = items_merged(values.get("to_check", []), cleaned["to_check"])
        version = ProcedureVersion(
            procedure=procedures[code],
            valid_from=day,
            status=status,
            change_kind=kind,
            decision_line=line,
            created_by=user,
            **values,
        )
        created.append(version)
        if cleaned is None:
            return
        if cleaned["record"].get(STEPS):
            steps_texts.append((version, cleaned["record"][STEPS], cleaned))
        elif kind == ChangeKind.AMENDED and STEPS not in cleaned["record"]:
            steps_copies.append((previous, version))

    for line in cleaned:
        kind, code = line["change_kind"], line["procedure_code"]
        line_object = line_objects[line["position"]]
        counts[kind] += 1
        if kind == ChangeKind.NEW:
            values = version_values(line["record"], lookups)
            add(
                code,
                values,
                kind=kind,
                status=ProcedureStatus.IN_FORCE,
                line=line_object,
                cleaned=line,
            )
        elif kind == ChangeKind.AMENDED:
            values = version_values(line["record"], lookups, base=version_base(on_day[code]))
            add(
                code,
                values,
                kind=kind,
                status=ProcedureStatus.IN_FORCE,
                line=line_object,
                cleaned=line,
            )
        elif kind == ChangeKind.ABOLISHED:
            values = _abolished_values(on_day[code])
            add(code, values, kind=kind, status=ProcedureStatus.ABOLISHED, line=line_object)
        else:
            replaced = line["replaced_code"]
            values = _abolished_values(on_day[replaced])
            add(replaced, values, kind=kind, status=ProcedureStatus.ABOLISHED, line=line_object)
            values = version_values(line["record"], lookups)
            add(
                code,
                values,
                kind=kind,
                status=ProcedureStatus.IN_FORCE,
                line=line_object,
                cleaned=line,
            )

    # Close first: at most one open version per procedure, checked by the database.
    closed = list(ProcedureVersion.objects.filter(pk__in=closing))
    for version in closed:
        version.superseded_on = day
    bulk_update_traced(ProcedureVersion, closed, ["superseded_on"], user=user)
    bulk_create_traced(ProcedureVersion, created, user=user)
    _steps_write(steps_texts, steps_copies)
    decision.applied_at = timezone.now()
    decision.applied_by = user
    decision.save(update_fields=["applied_at", "applied_by"])
    return {str(kind): count for kind, count in counts.items()}


def _steps_write(texts: list[tuple], copies: list[tuple]) -> None:
    """Write the new versions' steps, or refuse naming each line whose steps do not fit the
    version it makes (the transaction then leaves the catalogue as it was)."""
    interconnected_steps_copy(pairs=copies)
    refused = interconnected_steps_set_many(texts=[(version, text) for version, text, _l in texts])
    if refused:
        raise Refused(
            [
                Problem(
                    message,
                    line=texts[index][2]["position"],
                    column=STEPS,
                    code=texts[index][0].procedure.code,
                )
                for index, messages in sorted(refused.items())
                for message in messages
            ]
        )


def _codes_of(cleaned: list[dict]) -> set[str]:
    return {line["procedure_code"] for line in cleaned} | {
        line["replaced_code"] for line in cleaned if line["replaced_code"]
    }


def _against_catalogue(
    cleaned: list[dict], day: date
) -> tuple[list[Problem], dict[str, ProcedureVersion]]:
    """Every contradiction between well-formed lines and the catalogue on ``day``, and the
    version each code they touch has that day."""
    codes = _codes_of(cleaned)
    on_day = {
        version.procedure.code: version
        for version in procedure_versions_on(as_of=day).filter(procedure__code__in=codes)
    }
    later = dict(
        ProcedureVersion.objects.filter(procedure__code__in=codes, valid_from__gt=day)
        .values("procedure__code")
        .annotate(first=Min("valid_from"))
        .values_list("procedure__code", "first")
    )
    problems: list[Problem] = []
    for line in cleaned:
        problems += _contradictions(line, on_day, later, day)
    return problems, on_day


def decision_lines_contradictions(*, lines: list[dict], effective_on: date) -> list[Problem]:
    """What applying these lines on ``effective_on`` would contradict in the catalogue, for the
    lines that are well formed (the others have their own problems): lets a refused file name
    its contradictions in the same report as its malformed rows."""
    cleaned, problems = clean_lines(lines)
    bad = {problem.line for problem in problems}
    return _against_catalogue(
        [line for line in cleaned if line["position"] not in bad], effective_on
    )[0]


def _abolished_values(version: ProcedureVersion) -> dict:
    values = version_base(version)
    values["search_text"] = search_key(values["name"])
    return values


def _contradictions(
    line: dict, on_day: dict[str, ProcedureVersion], later: dict[str, date], day: date
) -> list[Problem]:
    kind, code = line["change_kind"], line["procedure_code"]
    problems: list[Problem] = []

    def bad(message: str, column: str = "procedure_code", for_code: str = code) -> None:
        problems.append(Problem(message, line=line["position"], column=column, code=for_code))

    touched = [(code, "procedure_code")]
    if line["replaced_code"]:
        touched.append((line["replaced_code"], "replaced_code"))
    for touched_code, column in touched:
        if touched_code in later:
            bad(
                _(
                    "%(code)s already has a later version from %(date)s: apply decisions in the "
                    "order of their effective dates."
                )
                % {"code": touched_code, "date": format_date(later[touched_code])},
                column,
                touched_code,
            )
            return problems

    def must_be_in_force(target: str, column: str) -> bool:
        version = on_day.get(target)
        if version is None:
            bad(
                _("%(code)s is not in the catalogue on %(date)s.")
                % {"code": target, "date": format_date(day)},
                column,
                target,
            )
            return False
        if version.status == ProcedureStatus.ABOLISHED:
            bad(
                _("%(code)s has been abolished %(since)s.")
                % {"code": target, "since": _since(version)},
                column,
                target,
            )
            return False
        if version.valid_from == day:
            bad(
                _("%(code)s already changed on %(date)s (decision %(decision)s).")
                % {
                    "code": target,
                    "date": format_date(day),
                    "decision": version.decision_number or "-",
                },
                column,
                target,
            )
            return False
        return True

    def must_not_be_in_force(target: str) -> None:
        version = on_day.get(target)
        if version is None:
            return
        if version.status == ProcedureStatus.IN_FORCE:
            bad(
                _("%(code)s is already in force %(since)s: announce it as amended, not new.")
                % {"code": target, "since": _since(version)}
            )
        elif version.valid_from == day:
            bad(
                _("%(code)s is abolished on that same day (decision %(decision)s).")
                % {"code": target, "decision": version.decision_number or "-"}
            )

    if kind == ChangeKind.NEW:
        must_not_be_in_force(code)
    elif kind in (ChangeKind.AMENDED, ChangeKind.ABOLISHED):
        if must_be_in_force(code, "procedure_code") and kind == ChangeKind.AMENDED:
            record = line["record"]
            applied = record.get("applied_time_value")
            if (
                applied is not None
                and "processing_time_value" not in record
                and Decimal(applied) > on_day[code].processing_time_value
            ):
                bad(_("The applied time is longer than the legal time."), "applied_time_value")
    else:
        must_be_in_force(line["replaced_code"], "replaced_code")
        must_not_be_in_force(code)
    return problems
