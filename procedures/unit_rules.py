"""The rules an administrative unit (đơn vị hành chính), a public administration centre (Trung
tâm Hành chính công) and a one-stop desk (Bộ phận tiếp nhận và trả kết quả) must satisfy to be
saved: codes, names, dates, the hierarchy of kinds, successors. Pure checks that write nothing,
shared by the services, the admin and the units file reader (``import_units``), which all sit
above this module.

The rule as users and auditors read it, with its legal source:
docs/rules/units.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _

from procedures.choices import Level, UnitKind
from procedures.models import Centre, Desk, Unit

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
