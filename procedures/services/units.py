"""Writes of administrative units (đơn vị hành chính), public administration centres (Trung
tâm Hành chính công) and one-stop desks (Bộ phận tiếp nhận và trả kết quả), and the import of a
units file; the rules they check are in ``procedures.unit_rules``.

Units, centres and desks are never deleted: they end (``valid_to``), so reports on past periods
still find them; an ended unit names its successors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.importers.units import units_file_read
from procedures.models import Centre, Desk, Unit
from procedures.services.trail import traced_file_import, trail_rows
from procedures.unit_rules import (
    SINCE_EVER,
    Errors,
    _add,
    centre_errors,
    desk_errors,
    unit_errors,
)

UNIT_FIELDS = ("code", "name", "kind", "parent", "valid_from", "valid_to")
CENTRE_FIELDS = ("code", "name", "level", "unit", "valid_from", "valid_to")
DESK_FIELDS = ("code", "name", "unit", "centre", "valid_from", "valid_to")


def _code_taken(model, obj) -> bool:
    return model.objects.exclude(pk=obj.pk).filter(code=obj.code).exists()


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def _assign(obj, data: dict[str, Any], *, fields, related=()) -> None:
    """Set the plain fields named in ``data`` on ``obj``; ``related`` names the many-to-many
    ones the caller saves itself. Any other key is a programming error."""
    unknown = set(data) - {*fields, *related}
    if unknown:
        raise ValueError(f"Unknown {obj._meta.model_name} fields: {sorted(unknown)}")
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    successors: Iterable[Unit] = (),
    leaders: Iterable = (),
) -> Unit:
    """Create an administrative unit (đơn vị hành chính), validated as a whole; ``leaders``
    are the leaders who answer for it alone."""
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from or SINCE_EVER,
        valid_to=valid_to,
    )
    return _unit_save(unit=unit, successors=list(successors), leaders=list(leaders))


@transaction.atomic
def unit_update(*, unit: Unit, data: dict[str, Any]) -> Unit:
    """Change a unit's fields (any of code, name, kind, parent, valid_from, valid_to,
    successors, leaders); ending a unit is setting ``valid_to`` and naming its successors."""
    _assign(unit, data, fields=UNIT_FIELDS, related=("successors", "leaders"))
    successors = list(data["successors"]) if "successors" in data else list(unit.successors.all())
    leaders = list(data["leaders"]) if "leaders" in data else None
    return _unit_save(unit=unit, successors=successors, leaders=leaders)


def _unit_save(*, unit: Unit, successors: list[Unit], leaders: list | None = None) -> Unit:
    errors = unit_errors(unit=unit, parent=unit.parent, successors=successors)
    if unit.code and "code" not in errors and _code_taken(Unit, unit):
        _add(errors, "code", _("A unit with code %(code)s exists.") % {"code": unit.code})
    _raise(errors)
    unit.full_clean(validate_unique=False)
    unit.save()
    unit.successors.set(successors)
    if leaders is not None:
        unit.leaders.set(leaders)
    return unit


@transaction.atomic
def centre_create(
    *,
    code: str,
    name: str,
    level: int,
    unit: Unit,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Centre:
    """Create a public administration centre (Trung tâm Hành chính công)."""
    centre = Centre(
        code=code,
        name=name,
        level=level,
        unit=unit,
        valid_from=valid_from or SINCE_EVER,
        valid_to=valid_to,
    )
    return _centre_save(centre)


@transaction.atomic
def centre_update(*, centre: Centre, data: dict[str, Any]) -> Centre:
    """Change a public administration centre's fields."""
    _assign(centre, data, fields=CENTRE_FIELDS)
    return _centre_save(centre)


def _centre_save(centre: Centre) -> Centre:
    errors = centre_errors(centre=centre)
    if centre.code and "code" not in errors and _code_taken(Centre, centre):
        _add(errors, "code", _("A centre with code %(code)s exists.") % {"code": centre.code})
    _raise(errors)
    centre.full_clean(validate_unique=False)
    centre.save()
    return centre


@transaction.atomic
def desk_create(
    *,
    code: str,
    name: str,
    unit: Unit,
    centre: Centre | None = None,
    staff: Iterable = (),
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Desk:
    """Create a one-stop desk (Bộ phận tiếp nhận và trả kết quả) with its staff."""
    desk = Desk(
        code=code,
        name=name,
        unit=unit,
        centre=centre,
        valid_from=valid_from or SINCE_EVER,
        valid_to=valid_to,
    )
    return _desk_save(desk=desk, staff=list(staff))


@transaction.atomic
def desk_update(*, desk: Desk, data: dict[str, Any]) -> Desk:
    """Change a desk's fields; ``staff`` in ``data`` replaces its members."""
    _assign(desk, data, fields=DESK_FIELDS, related=("staff",))
    staff = list(data["staff"]) if "staff" in data else None
    return _desk_save(desk=desk, staff=staff)


def _desk_save(*, desk: Desk, staff: list | None) -> Desk:
    errors = desk_errors(desk=desk)
    if desk.code and "code" not in errors and _code_taken(Desk, desk):
        _add(errors, "code", _("A desk with agency code %(code)s exists.") % {"code": desk.code})
    if staff:
        inactive = [user.get_username() for user in staff if not user.is_active]
        if inactive:
            _add(
                errors,
                "staff",
                _("Inactive accounts cannot belong to a desk: %(users)s.")
                % {"users": ", ".join(inactive)},
            )
    _raise(errors)
    desk.full_clean(validate_unique=False)
    desk.save()
    if staff is not None:
        desk.staff.set(staff)
    return desk


@transaction.atomic
def desk_staff_add(*, desk: Desk, user) -> Desk:
    """Add a staff member to a desk (idempotent)."""
    if not user.is_active:
        raise ValidationError(
            {
                "staff": [
                    _("Inactive accounts cannot belong to a desk: %(users)s.")
                    % {"users": user.get_username()}
                ]
            }
        )
    desk.staff.add(user)
    return desk


class UnitImportError(Exception):
    """The file has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(
            _("%(count)d problems in the file; nothing was imported.")
            % {"count": len(self.problems)}
        )


@dataclass
class UnitImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@traced_file_import
@transaction.atomic
def units_import(*, path) -> UnitImportResult:
    """Import administrative units from a CSV/XLSX file: every row validated first, nothing
    written when any row is bad (``UnitImportError``), the same file twice changes nothing."""
    plan = units_file_read(path)
    if not plan.ok:
        raise UnitImportError(plan.problems)
    has_parent = "parent_code" in plan.columns
    has_successors = "successor_codes" in plan.columns
    result = UnitImportResult()

    existing = {
        u.code: u
        for u in Unit.objects.select_for_update().filter(code__in=[r.code for r in plan.rows])
    }
    changed: dict[str, Unit] = {}
    new: list[Unit] = []
    for row in plan.rows:
        values = {
            "name": " ".join(row.name.split()),
            "kind": row.kind,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        unit = existing.get(row.code)
        if unit is None:
            new.append(Unit(code=row.code, **values))
            continue
        if any(getattr(unit, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(unit, k, v)
            changed[unit.code] = unit
    # Their trail rows once complete (parents and successors set below).
    Unit.objects.bulk_create(new)
    result.created = len(new)
    created_codes = {u.code for u in new}

    referenced = {r.parent_code for r in plan.rows if r.parent_code} | {
        c for r in plan.rows for c in r.successor_codes
    }
    pk_of = dict(
        Unit.objects.filter(code__in=referenced | {r.code for r in plan.rows}).values_list(
            "code", "pk"
        )
    )
    units = {**existing, **{u.code: u for u in new}}
    if has_parent:
        for row in plan.rows:
            unit = units[row.code]
            parent_id = pk_of[row.parent_code] if row.parent_code else None
            if unit.parent_id != parent_id:
                unit.parent_id = parent_id
                changed.setdefault(unit.code, unit)
    Unit.objects.bulk_update(
        list(changed.values()), ["name", "kind", "valid_from", "valid_to", "parent"]
    )

    successor_changed: set[str] = set()
    if has_successors:
        through = Unit.successors.through
        ids = [pk_of[r.code] for r in plan.rows]
        current: dict[int, set[int]] = {}
        for from_id, to_id in through.objects.filter(from_unit_id__in=ids).values_list(
            "from_unit_id", "to_unit_id"
        ):
            current.setdefault(from_id, set()).add(to_id)
        add, remove = [], []
        for row in plan.rows:
            unit_id = pk_of[row.code]
            wanted = {pk_of[c] for c in row.successor_codes}
            have = current.get(unit_id, set())
            if wanted != have:
                successor_changed.add(row.code)
                add += [through(from_unit_id=unit_id, to_unit_id=s) for s in wanted - have]
                remove += [(unit_id, s) for s in have - wanted]
        for unit_id, successor_id in remove:
            through.objects.filter(from_unit_id=unit_id, to_unit_id=successor_id).delete()
        through.objects.bulk_create(add)

    touched = (set(changed) | successor_changed) - created_codes
    # One trail row per unit created or changed, as it now stands with its successors.
    trail_rows(Unit, new)
    trail_rows(Unit, [units[code] for code in sorted(touched)], changed=True)
    result.updated = len(touched)
    result.unchanged = len(plan.rows) - result.created - result.updated
    return result
