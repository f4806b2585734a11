"""Thủ tục liên thông: the agencies of an interconnected procedure, in order, each with its share
of the processing time (from the announcing decision). The dossier services refuse a hand-over
out of this order and attribute lateness by these shares (procedures.calendar.clock)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.models import InterconnectedStep, ProcedureVersion, Unit

# "UBND cấp xã 3 ngày làm việc → Công an cấp huyện 5 ngày làm việc": steps split on arrows or
# semicolons; each is an agency name followed by its time.
STEP_SPLIT = re.compile(r"\s*(?:→|->|;)\s*")
TIME_RE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:\([^)]*\)\s*)?(?:ngày|giờ|tháng)", re.IGNORECASE)


def _unit_by_name(name: str, version: ProcedureVersion) -> Unit:
    name = name.strip()
    units = list(Unit.objects.valid_on(version.valid_from).filter(name__iexact=name)[:2])
    if len(units) != 1:
        units = list(Unit.objects.valid_on(version.valid_from).filter(code__iexact=name)[:2])
    if len(units) != 1:
        raise ValidationError(
            {
                "steps": [
                    _("No single unit is named “%(name)s” on %(day)s.")
                    % {"name": name, "day": f"{version.valid_from:%d/%m/%Y}"}
                ]
            }
        )
    return units[0]


def interconnected_steps_parse(*, version: ProcedureVersion, text: str) -> list[tuple]:
    """Read the steps as decisions write them into ``(unit, ProcessingTime)`` pairs, naming the
    step that cannot be read."""
    steps = []
    for number, part in enumerate(p for p in STEP_SPLIT.split(text.strip()) if p):
        # The time is the last "<number> ngày|giờ|tháng" (an agency may be "Phường 3").
        times = list(TIME_RE.finditer(part))
        agency = part[: times[-1].start()].strip(" :,-(") if times else ""
        if not agency:
            raise ValidationError(
                {
                    "steps": [
                        _("Step %(n)s “%(text)s”: write the agency, then its time.")
                        % {"n": number + 1, "text": part}
                    ]
                }
            )
        try:
            share = ProcessingTime.parse(part[times[-1].start() :].strip(" )"))
        except ProcessingTimeError as error:
            raise ValidationError(
                {
                    "steps": [
                        _("Step %(n)s “%(text)s”: %(error)s")
                        % {"n": number + 1, "text": part, "error": error}
                    ]
                }
            ) from None
        steps.append((_unit_by_name(agency, version), share))
    return steps


@transaction.atomic
def interconnected_steps_set(*, version: ProcedureVersion, steps: list[tuple]) -> list:
    """Set the agencies of ``version`` in order with their shares (replacing any before).
    Each share is in working time; the shares may not add up to more than the processing time
    when both are in the same unit; an agency appears once."""
    errors = []
    if steps and not version.is_interconnected:
        errors.append(_("The procedure is not interconnected: it has no agencies in order."))
    seen = set()
    total = Decimal(0)
    for unit, share in steps:
        if unit.pk in seen:
            errors.append(_("%(unit)s appears twice.") % {"unit": unit.name})
        seen.add(unit.pk)
        if not share.is_working_time:
            errors.append(
                _("The share of %(unit)s must be in working days or hours.") % {"unit": unit.name}
            )
        elif share.unit == version.processing_time_unit:
            total += share.amount
    if total > Decimal(version.effective_time_value or 0):
        errors.append(
            _("The shares add up to %(total)s, more than the processing time %(time)s.")
            % {"total": total, "time": version.effective_time_value}
        )
    if errors:
        raise ValidationError({"steps": errors})
    InterconnectedStep.objects.filter(version=version).delete()
    return InterconnectedStep.objects.bulk_create(
        InterconnectedStep(
            version=version,
            position=position,
            agency=unit,
            share_value=share.amount,
            share_unit=share.unit,
        )
        for position, (unit, share) in enumerate(steps, start=1)
    )
