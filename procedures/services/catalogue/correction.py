"""Đính chính: an administrator's correction of a procedure's record outside any decision."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind
from procedures.models import Procedure, ProcedureVersion
from procedures.problems import Problem, Refused
from procedures.records import clean_record, clean_text, format_date
from procedures.services.catalogue.history import STEPS, Lookups, version_base, version_values
from procedures.services.interconnected import (
    interconnected_steps_copy,
    interconnected_steps_set_many,
)


@transaction.atomic
def procedure_version_correct(
    *, procedure: Procedure, changes: dict, note: str, valid_from: date | None = None, user=None
) -> ProcedureVersion:
    """Đính chính: an administrator corrects a procedure's record outside any decision. The
    current version is kept as history; the corrected one, recorded as a correction with its
    note, applies from ``valid_from`` (today by default)."""
    valid_from = valid_from or timezone.localdate()
    problems: list[Problem] = []
    if not clean_text(note):
        problems.append(Problem(_("Say what the correction fixes and why."), column="note"))
    record, record_problems = clean_record(changes, full=False)
    problems += record_problems
    if not record and not record_problems:
        problems.append(Problem(_("The correction changes no field."), column="changes"))
    current = (
        ProcedureVersion.objects.select_for_update(of=("self",))
        .select_related("sector", "agency")
        .filter(procedure=procedure, superseded_on__isnull=True)
        .first()
    )
    if current is None:
        problems.append(
            Problem(_("This procedure has no version to correct."), code=procedure.code)
        )
    elif valid_from <= current.valid_from:
        problems.append(
            Problem(
                _(
                    "A correction must apply after the current version's start (%(date)s): the "
                    "corrected version follows it in the history."
                )
                % {"date": format_date(current.valid_from)},
                column="valid_from",
                code=procedure.code,
            )
        )
    if problems:
        raise Refused(problems)
    lookups = Lookups.load([record], valid_from)
    values = version_values(record, lookups, base=version_base(current))
    if values["applied_time_value"] is not None and (
        values["applied_time_value"] > values["processing_time_value"]
    ):
        raise Refused(
            [Problem(_("The applied time is longer than the legal time."), column="applied_time")]
        )
    values["decision_number"] = current.decision_number
    current.superseded_on = valid_from
    current.save(update_fields=["superseded_on"])
    corrected = ProcedureVersion.objects.create(
        procedure=procedure,
        valid_from=valid_from,
        status=current.status,
        change_kind=ChangeKind.CORRECTION,
        correction_note=clean_text(note),
        created_by=user,
        **values,
    )
    # The steps as corrected, else those of the version it follows.
    if record.get(STEPS):
        refused = interconnected_steps_set_many(texts=[(corrected, record[STEPS])])
        if refused:
            raise Refused([Problem(m, column=STEPS, code=procedure.code) for m in refused[0]])
    elif STEPS not in record:
        interconnected_steps_copy(pairs=[(current, corrected)])
    return corrected
