"""Thủ tục liên thông: the agencies of an interconnected procedure, in order, each with its share
of the processing time (from the announcing decision). The dossier services refuse a hand-over
out of this order and attribute lateness by these shares (procedures.calendar.clock).

Every writer of versions goes through here: the decision's application (the line's "steps"),
the catalogue import (the column "Các bước liên thông"), a time review's application and an
administrator's correction (both copy the steps of the version they follow)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.models import InterconnectedStep, ProcedureVersion, Unit
from procedures.records import format_date, format_number
from procedures.services.trail import bulk_create_traced

# "UBND cấp xã 3 ngày làm việc → Công an cấp huyện 5 ngày làm việc": steps split on arrows or
# semicolons; each is an agency name followed by its time.
STEP_SPLIT = re.compile(r"\s*(?:→|->|;|\n)\s*")
TIME_RE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:\([^)]*\)\s*)?(?:ngày|giờ|tháng)", re.IGNORECASE)
STEP_ARROW = " → "


class StepsError(ValueError):
    """Steps that cannot be read or do not fit the procedure; ``messages`` name each step."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def _unit_by_name(name: str, on: date, units: dict | None) -> Unit | None:
    """The one unit valid on ``on`` with this name (or, failing that, this code)."""
    key = name.strip().casefold()
    if units is not None and key in units:
        return units[key]
    valid = Unit.objects.valid_on(on)
    found = list(valid.filter(name__iexact=name.strip())[:2])
    if len(found) != 1:
        found = list(valid.filter(code__iexact=name.strip())[:2])
    unit = found[0] if len(found) == 1 else None
    if units is not None:
        units[key] = unit
    return unit


def steps_read(*, text: str, on: date, units: dict | None = None) -> list[tuple]:
    """Read the steps as decisions write them into ``(unit, ProcessingTime)`` pairs; the agencies
    are the units valid on ``on``. Raises :class:`StepsError` naming every step that cannot be
    read (its number and its text). ``units`` caches names already looked up."""
    steps, errors = [], []
    for number, part in enumerate((p for p in STEP_SPLIT.split(text.strip()) if p), start=1):
        # The time is the last "<number> ngày|giờ|tháng" (an agency may be "Phường 3").
        times = list(TIME_RE.finditer(part))
        agency = part[: times[-1].start()].strip(" :,-(") if times else ""
        if not agency:
            errors.append(
                _("Step %(n)s “%(text)s”: write the agency, then its time.")
                % {"n": number, "text": part}
            )
            continue
        try:
            share = ProcessingTime.parse(part[times[-1].start() :].strip(" )"))
        except ProcessingTimeError as error:
            errors.append(
                _("Step %(n)s “%(text)s”: %(error)s") % {"n": number, "text": part, "error": error}
            )
            continue
        unit = _unit_by_name(agency, on, units)
        if unit is None:
            errors.append(
                _("Step %(n)s: no single unit is named “%(name)s” on %(day)s.")
                % {"n": number, "name": agency, "day": format_date(on)}
            )
            continue
        steps.append((unit, share))
    if errors:
        raise StepsError(errors)
    return steps


def steps_problems(*, steps: list[tuple], version: ProcedureVersion) -> list[str]:
    """What keeps ``steps`` from being the agencies of ``version``: it must be interconnected,
    each share in working days or hours, the shares in the procedure's unit adding up to no
    more than its processing time (the applied one when reduced), each agency once."""
    errors = []
    if steps and not version.is_interconnected:
        errors.append(_("The procedure is not interconnected: it has no agencies in order."))
    seen = set()
    total = Decimal(0)
    for number, (unit, share) in enumerate(steps, start=1):
        if unit.pk in seen:
            errors.append(
                _("Step %(n)s: %(unit)s appears twice.") % {"n": number, "unit": unit.name}
            )
        seen.add(unit.pk)
        if not share.is_working_time:
            errors.append(
                _("Step %(n)s: the share of %(unit)s must be in working days or hours.")
                % {"n": number, "unit": unit.name}
            )
        elif share.unit == version.processing_time_unit:
            total += share.amount
    if total > Decimal(version.effective_time_value or 0):
        errors.append(
            _("The shares add up to %(total)s, more than the processing time %(time)s.")
            % {"total": format_number(total), "time": format_number(version.effective_time_value)}
        )
    return errors


def interconnected_steps_parse(
    *, text: str, version: ProcedureVersion | None = None, on: date | None = None
) -> list[tuple]:
    """Read the steps of ``version`` (agencies valid on its first day, or on ``on``) as a
    :class:`ValidationError` on ``steps`` naming each step that cannot be read."""
    try:
        return steps_read(text=text, on=on or version.valid_from)
    except StepsError as error:
        raise ValidationError({"steps": error.messages}) from None


def _rows(version: ProcedureVersion, steps: Iterable[tuple]) -> list[InterconnectedStep]:
    return [
        InterconnectedStep(
            version=version,
            position=position,
            agency=unit,
            share_value=share.amount,
            share_unit=share.unit,
        )
        for position, (unit, share) in enumerate(steps, start=1)
    ]


@transaction.atomic
def interconnected_steps_set(*, version: ProcedureVersion, steps: list[tuple]) -> list:
    """Đặt các bước liên thông: the agencies of ``version`` in order with their shares
    (replacing any before), checked by :func:`steps_problems`."""
    errors = steps_problems(steps=steps, version=version)
    if errors:
        raise ValidationError({"steps": errors})
    InterconnectedStep.objects.filter(version=version).delete()
    return InterconnectedStep.objects.bulk_create(_rows(version, steps))


def interconnected_steps_set_many(*, texts: Iterable[tuple[ProcedureVersion, str]]) -> dict:
    """Set the steps of many new versions from their texts (a decision, an import), each read
    on its version's first day. Returns ``{index in texts: [messages]}`` for those that cannot
    take them, having written nothing then; the caller names where each came from and refuses."""
    units: dict = {}
    problems: dict[int, list[str]] = {}
    rows: list[InterconnectedStep] = []
    for index, (version, text) in enumerate(texts):
        try:
            steps = steps_read(text=text, on=version.valid_from, units=units)
        except StepsError as error:
            problems[index] = error.messages
            continue
        errors = steps_problems(steps=steps, version=version)
        if errors:
            problems[index] = errors
        else:
            rows.extend(_rows(version, steps))
    if not problems:
        InterconnectedStep.objects.filter(version__in={r.version_id for r in rows}).delete()
        bulk_create_traced(InterconnectedStep, rows)
    return problems


def interconnected_steps_copy(*, pairs: Iterable[tuple[ProcedureVersion, ProcedureVersion]]) -> int:
    """Copy the steps of each previous version onto the version that follows it (a time review,
    a correction, an amendment that does not restate them), when the new one is still
    interconnected. The shares are copied as announced, not scaled to a reduced time: the
    announcing decision gives each agency its share, a review cuts the total only, and
    attribution then names the agency that held the dossier past its announced share. Returns
    how many steps were written."""
    pairs = [(old, new) for old, new in pairs if new.is_interconnected]
    if not pairs:
        return 0
    by_old: dict[int, list[InterconnectedStep]] = {}
    for step in InterconnectedStep.objects.filter(
        version_id__in=[old.pk for old, _new in pairs]
    ).order_by("version_id", "position"):
        by_old.setdefault(step.version_id, []).append(step)
    rows = [
        InterconnectedStep(
            version=new,
            position=step.position,
            agency_id=step.agency_id,
            share_value=step.share_value,
            share_unit=step.share_unit,
        )
        for old, new in pairs
        for step in by_old.get(old.pk, [])
    ]
    bulk_create_traced(InterconnectedStep, rows)
    return len(rows)
