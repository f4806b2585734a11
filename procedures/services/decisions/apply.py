"""Applying an announcement decision (áp dụng quyết định công bố): moving the catalogue as the
decision says, from its effective date, in one transaction, with the versions' interconnected
steps (các bước liên thông)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.importers.published import items_merged
from procedures.models import AnnouncementDecision, DecisionLine, Procedure, ProcedureVersion
from procedures.problems import Problem, Refused
from procedures.records import format_date
from procedures.search import search_key
from procedures.services.catalogue import Lookups, version_base, version_values
from procedures.services.decisions.checks import LINE_KINDS, STEPS, clean_lines
from procedures.services.decisions.contradictions import _against_catalogue, _codes_of
from procedures.services.decisions.entry import decision_lines_input
from procedures.services.interconnected import (
    interconnected_steps_copy,
    interconnected_steps_set_many,
)
from procedures.services.trail import bulk_create_traced, bulk_update_traced


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


def _abolished_values(version: ProcedureVersion) -> dict:
    values = version_base(version)
    values["search_text"] = search_key(values["name"])
    return values
