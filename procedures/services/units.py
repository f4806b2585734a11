"""Writes of administrative units (đơn vị hành chính), public administration centres (Trung tâm
Hành chính công) and one-stop desks (Bộ phận tiếp nhận và trả kết quả).

Units, centres and desks are never deleted: they end (``valid_to``), so reports on past periods
still find them; an ended unit names its successors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.choices import Level, UnitKind
from procedures.models import Centre, Desk, Unit
from procedures.services.trail import traced_file_import, trail_rows

SINCE_EVER = date(1900, 1, 1)
# QCVN 102:2016 agency code: three digits, two, two, then a letter and two digits (H56...).
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
UNIT_CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")

# Which kinds of unit a unit of each kind may sit under.
PARENT_KINDS: dict[str, tuple[str, ...]] = {
    UnitKind.PROVINCE: (),
    UnitKind.DEPARTMENT: (UnitKind.PROVINCE,),
    UnitKind.DISTRICT: (UnitKind.PROVINCE,),
    UnitKind.COMMUNE: (UnitKind.DISTRICT, UnitKind.PROVINCE),
}
# A centre's level follows the kind of unit it serves.
CENTRE_LEVEL_KIND = {
    Level.PROVINCE: UnitKind.PROVINCE,
    Level.DISTRICT: UnitKind.DISTRICT,
    Level.COMMUNE: UnitKind.COMMUNE,
}

UNIT_FIELDS = ("code", "name", "kind", "parent", "valid_from", "valid_to")
CENTRE_FIELDS = ("code", "name", "level", "unit", "valid_from", "valid_to")
DESK_FIELDS = ("code", "name", "unit", "centre", "valid_from", "valid_to")

Errors = dict[str, list[str]]


def _fmt(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _valid_on(obj, day: date) -> bool:
    return obj.valid_from <= day and (obj.valid_to is None or obj.valid_to >= day)


def _overlaps(a, b) -> bool:
    far = date.max
    return a.valid_from <= (b.valid_to or far) and b.valid_from <= (a.valid_to or far)


def _inside(inner, outer) -> bool:
    """``inner``'s validity lies within ``outer``'s."""
    if inner.valid_from < outer.valid_from:
        return False
    if outer.valid_to is None:
        return True
    return inner.valid_to is not None and inner.valid_to <= outer.valid_to


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _common_errors(obj, errors: Errors) -> None:
    obj.code = (obj.code or "").strip()
    obj.name = " ".join((obj.name or "").split())
    if not obj.name:
        _add(errors, "name", _("The name is required."))
    for field in ("code", "name"):
        limit = type(obj)._meta.get_field(field).max_length
        if len(getattr(obj, field)) > limit:
            _add(
                errors,
                field,
                _("At most %(limit)d characters (%(count)d given).")
                % {"limit": limit, "count": len(getattr(obj, field))},
            )
    if obj.valid_from is None:
        obj.valid_from = SINCE_EVER
    if obj.valid_to is not None and obj.valid_to < obj.valid_from:
        _add(
            errors,
            "valid_to",
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": _fmt(obj.valid_to), "start": _fmt(obj.valid_from)},
        )


def unit_errors(
    *,
    unit: Unit,
    parent: Unit | None,
    successors: Iterable[Unit],
    parent_of: Callable[[Unit], Unit | None] | None = None,
) -> Errors:
    """The problems with ``unit`` as it would be saved with ``parent`` and ``successors``, by
    field (empty when it is fine). Shared by the services, the admin and ``import_units``;
    ``parent_of`` gives a unit's parent for the cycle check (the saved parent by default)."""
    errors: Errors = {}
    _common_errors(unit, errors)
    if not unit.code:
        _add(errors, "code", _("The code is required."))
    elif not UNIT_CODE_RE.match(unit.code):
        _add(
            errors,
            "code",
            _("The code %(code)s may hold only letters, digits, dots, hyphens and underscores.")
            % {"code": unit.code},
        )
    if unit.kind not in UnitKind.values:
        _add(
            errors,
            "kind",
            _("Unknown kind %(kind)s: use one of %(kinds)s.")
            % {"kind": unit.kind or "", "kinds": ", ".join(UnitKind.values)},
        )
        return errors

    if parent is not None:
        allowed = PARENT_KINDS[unit.kind]
        if parent.code == unit.code or (unit.pk and parent.pk == unit.pk):
            _add(errors, "parent", _("A unit cannot be its own parent."))
        elif parent.kind not in allowed:
            if allowed:
                message = _("A %(kind)s sits under a %(allowed)s, not under a %(parent)s.") % {
                    "kind": UnitKind(unit.kind).label,
                    "allowed": " / ".join(str(UnitKind(k).label) for k in allowed),
                    "parent": UnitKind(parent.kind).label,
                }
            else:
                message = _("A province has no parent unit.")
            _add(errors, "parent", message)
        elif not _overlaps(unit, parent):
            _add(
                errors,
                "parent",
                _(
                    "The parent unit %(parent)s (valid %(start)s–%(end)s) did not exist while "
                    "this unit did."
                )
                % {
                    "parent": parent.code,
                    "start": _fmt(parent.valid_from),
                    "end": _fmt(parent.valid_to),
                },
            )
        else:
            get_parent = parent_of or (lambda u: u.parent)
            seen, ancestor = {unit.code}, parent
            while ancestor is not None:
                if ancestor.code in seen:
                    _add(
                        errors,
                        "parent",
                        _("Parent %(parent)s would make a cycle in the hierarchy.")
                        % {"parent": parent.code},
                    )
                    break
                seen.add(ancestor.code)
                ancestor = get_parent(ancestor)

    successors = list(successors)
    if successors and unit.valid_to is None:
        _add(
            errors,
            "successors",
            _("Only a unit that has ended (with an end date) can have successors."),
        )
    elif successors:
        day_after = unit.valid_to + timedelta(days=1)
        for successor in successors:
            if successor.code == unit.code or (unit.pk and successor.pk == unit.pk):
                _add(errors, "successors", _("A unit cannot succeed itself."))
            elif not _valid_on(successor, day_after):
                _add(
                    errors,
                    "successors",
                    _("Successor %(code)s is not valid on %(day)s, the day after this unit ends.")
                    % {"code": successor.code, "day": _fmt(day_after)},
                )
    return errors


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


def centre_errors(*, centre: Centre) -> Errors:
    """The problems with a public administration centre as it would be saved, by field."""
    errors: Errors = {}
    _common_errors(centre, errors)
    if not centre.code:
        _add(errors, "code", _("The code is required."))
    kind = CENTRE_LEVEL_KIND.get(centre.level)
    if kind is None:
        _add(errors, "level", _("A centre is at province, district or commune level."))
    elif centre.unit_id is None:
        _add(errors, "unit", _("The administrative unit is required."))
    else:
        unit = centre.unit
        if unit.kind != kind:
            _add(
                errors,
                "unit",
                _("A %(level)s centre serves a %(kind)s; %(unit)s is a %(unit_kind)s.")
                % {
                    "level": Level(centre.level).label,
                    "kind": UnitKind(kind).label,
                    "unit": unit.code,
                    "unit_kind": UnitKind(unit.kind).label,
                },
            )
        elif "valid_to" not in errors and not _inside(centre, unit):
            _add(
                errors,
                "valid_from",
                _("The dates must lie within those of unit %(unit)s (%(start)s–%(end)s).")
                % {"unit": unit.code, "start": _fmt(unit.valid_from), "end": _fmt(unit.valid_to)},
            )
    return errors


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


def desk_errors(*, desk: Desk) -> Errors:
    """The problems with a one-stop desk as it would be saved, by field."""
    errors: Errors = {}
    _common_errors(desk, errors)
    if not desk.code:
        _add(errors, "code", _("The agency code is required."))
    elif not AGENCY_CODE_RE.match(desk.code):
        _add(
            errors,
            "code",
            _("The agency code %(code)s does not follow QCVN 102:2016, e.g. 000.00.06.H56.")
            % {"code": desk.code},
        )
    if desk.unit_id is None:
        _add(errors, "unit", _("The administrative unit is required."))
    elif "valid_to" not in errors and not _inside(desk, desk.unit):
        unit = desk.unit
        _add(
            errors,
            "valid_from",
            _("The dates must lie within those of unit %(unit)s (%(start)s–%(end)s).")
            % {"unit": unit.code, "start": _fmt(unit.valid_from), "end": _fmt(unit.valid_to)},
        )
    if desk.centre_id is not None and "valid_to" not in errors and not _overlaps(desk, desk.centre):
        centre = desk.centre
        _add(
            errors,
            "centre",
            _(
                "The centre %(centre)s (valid %(start)s–%(end)s) did not operate while this desk "
                "did."
            )
            % {
                "centre": centre.code,
                "start": _fmt(centre.valid_from),
                "end": _fmt(centre.valid_to),
            },
        )
    return errors


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
    # Imported here: the reader uses this module's validation, so a top-level import would cycle.
    from procedures.importers.units import units_file_read

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
