"""Groupings of the statistics (group_by=...): how each groups dossiers in SQL, names its rows,
shows the units, desks and centres as they were (validity and successors across the 2025
reorganisation), filters, and which roll-up column holds it. Time groupings cut the period.

:func:`register_grouping` adds one (e.g. ``late_agency``) that every caller then offers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.choices import Channel, Level
from procedures.models import Centre, Desk, Procedure, Sector, Unit


@dataclass(frozen=True)
class Bucket:
    """A time bucket of a time grouping: its key, its label and its days."""

    key: str
    name: str
    first: date
    last: date


def _month_buckets(date_from: date, date_to: date, months: int) -> list[tuple[date, date]]:
    spans = []
    start = date(date_from.year, ((date_from.month - 1) // months) * months + 1, 1)
    while start <= date_to:
        month = start.month + months
        nxt = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        spans.append((start, nxt - timedelta(days=1)))
        start = nxt
    return spans


def _month_key(first: date) -> tuple[str, str]:
    return f"{first.year:04d}-{first.month:02d}", f"{first.month:02d}/{first.year}"


def _quarter_key(first: date) -> tuple[str, str]:
    quarter = (first.month - 1) // 3 + 1
    return f"{first.year:04d}-Q{quarter}", gettext("Quarter %(q)s/%(y)s") % {
        "q": quarter,
        "y": first.year,
    }


def _year_key(first: date) -> tuple[str, str]:
    return f"{first.year:04d}", str(first.year)


# -- groupings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grouping:
    """One way to group the statistics (``group_by=name``).

    ``expression`` builds the grouping value from a Dossier row (an ORM path or expression);
    ``rollup_field`` is the roll-up column holding the same value (``None``: the statistics fall
    back to the direct computation for it); ``describe`` maps values to ``(key, name)`` (the key
    a row shows: the code of a desk, centre, unit, sector or procedure, the same code the
    dossier list filters by) and ``entities`` to the unit/desk/centre as it was (validity and
    successors across the 2025 reorganisation); ``filter_q`` turns filter keys into a condition
    on dossiers. Time groupings instead cut the period into ``buckets``.
    """

    name: str
    label: str
    expression: Callable[[], object] | None = None
    describe: Callable[[list, date, date], dict] | None = None
    entities: Callable[[list], dict] | None = None
    rollup_field: str | None = None
    buckets: Callable[[date, date], list[Bucket]] | None = None
    filter_q: Callable[[list], Q] | None = None
    # Optional: the dossier columns the value derives from and how (for values reached through
    # a join, e.g. a desk's centre): the direct computation then groups by these columns alone,
    # with no join in the big query, and maps the few resulting groups to values.
    columns: tuple[str, ...] = ()
    resolve: Callable[[list[tuple]], dict] | None = None

    @property
    def is_time(self) -> bool:
        return self.buckets is not None


GROUPINGS: dict[str, Grouping] = {}


def register_grouping(grouping: Grouping) -> Grouping:
    """Add a grouping (e.g. ``late_agency``) that every caller of the statistics then offers."""
    GROUPINGS[grouping.name] = grouping
    return grouping


def _time_buckets(months: int, keyer) -> Callable[[date, date], list[Bucket]]:
    def buckets(date_from: date, date_to: date) -> list[Bucket]:
        out = []
        for first, last in _month_buckets(date_from, date_to, months):
            key, name = keyer(first)
            out.append(Bucket(key, name, max(first, date_from), min(last, date_to)))
        return out

    return buckets


def _model_names(model):
    def describe(values: list, date_from: date, date_to: date) -> dict:
        return {
            pk: (code, name)
            for pk, code, name in model.objects.filter(pk__in=values).values_list(
                "pk", "code", "name"
            )
        }

    return describe


def _lookup(path: str, cast=None):
    def filter_q(keys: list) -> Q:
        return Q(**{f"{path}__in": [cast(k) for k in keys] if cast else keys})

    return filter_q


def _procedure_names(keys: list, date_from: date, date_to: date) -> dict:
    """A procedure's name as the catalogue gave it at the end of the period (or first after)."""
    names: dict = {}
    versions = (
        Procedure.objects.filter(pk__in=keys)
        .values_list("pk", "code", "versions__name", "versions__valid_from")
        .order_by("pk", "versions__valid_from")
    )
    for pk, code, name, valid_from in versions:
        if pk not in names or (valid_from is not None and valid_from <= date_to):
            names[pk] = (code, name or code)
    return names


def _choice_names(choices):
    def describe(values: list, date_from: date, date_to: date) -> dict:
        labels = dict(choices.choices)
        return {value: (value, str(labels.get(value, value))) for value in values}

    return describe


def _validity(obj) -> dict:
    return {
        "code": obj.code,
        "valid_from": obj.valid_from,
        "valid_to": obj.valid_to,
    }


def _unit_entities(keys: list) -> dict:
    units = Unit.objects.filter(pk__in=keys).prefetch_related("successors")
    return {
        u.pk: {
            **_validity(u),
            "successors": [{"key": s.code, "name": s.name} for s in u.successors.all()],
        }
        for u in units
    }


def _successor_entities(model, keys: list) -> dict:
    """Desks or centres with their validity; an ended one links to those of its unit's
    successors that opened after it ended (the 2025 reorganisation)."""
    objs = list(model.objects.filter(pk__in=keys).select_related("unit"))
    successor_units = {
        o.pk: list(o.unit.successors.values_list("pk", flat=True)) for o in objs if o.valid_to
    }
    wanted = {u for units in successor_units.values() for u in units}
    by_unit: dict = {}
    for other in model.objects.filter(unit__in=wanted).order_by("valid_from", "name"):
        by_unit.setdefault(other.unit_id, []).append(other)
    out = {}
    for o in objs:
        successors = [
            {"key": s.code, "name": s.name}
            for unit in successor_units.get(o.pk, [])
            for s in by_unit.get(unit, [])
            if s.valid_to is None or s.valid_to > o.valid_to
        ]
        out[o.pk] = {**_validity(o), "successors": successors}
    return out


def _desk_centres(groups: list[tuple]) -> dict:
    centres = dict(Desk.objects.filter(pk__in=[g[0] for g in groups]).values_list("pk", "centre"))
    return {g: centres.get(g[0]) for g in groups}


def _agencies(groups: list[tuple]) -> dict:
    units = dict(Desk.objects.filter(pk__in=[g[1] for g in groups]).values_list("pk", "unit"))
    return {g: g[0] if g[0] is not None else units.get(g[1]) for g in groups}


def _version_levels(groups: list[tuple]) -> dict:
    from procedures.models import ProcedureVersion

    levels = dict(
        ProcedureVersion.objects.filter(pk__in=[g[0] for g in groups]).values_list("pk", "level")
    )
    return {g: levels.get(g[0]) for g in groups}


for _grouping in (
    Grouping(
        "centre",
        _("Public administration centre"),
        expression=lambda: F("desk__centre_id"),
        describe=_model_names(Centre),
        entities=lambda keys: _successor_entities(Centre, keys),
        rollup_field="desk__centre_id",
        columns=("desk_id",),
        resolve=_desk_centres,
        filter_q=_lookup("desk__centre__code"),
    ),
    Grouping(
        "desk",
        _("One-stop desk"),
        expression=lambda: F("desk_id"),
        describe=_model_names(Desk),
        entities=lambda keys: _successor_entities(Desk, keys),
        rollup_field="desk_id",
        filter_q=_lookup("desk__code"),
    ),
    # The agency that resolved the dossier; for one still open, the agency holding it now
    # (the desk's own unit until it is handed over).
    Grouping(
        "unit",
        _("Agency"),
        expression=lambda: Coalesce("current_agency_id", "desk__unit_id"),
        describe=_model_names(Unit),
        entities=_unit_entities,
        rollup_field="unit_id",
        columns=("current_agency_id", "desk_id"),
        resolve=_agencies,
        filter_q=lambda keys: (
            Q(current_agency__code__in=keys)
            | Q(current_agency__isnull=True, desk__unit__code__in=keys)
        ),
    ),
    Grouping(
        "sector",
        _("Sector"),
        expression=lambda: F("sector_id"),
        describe=_model_names(Sector),
        rollup_field="sector_id",
        filter_q=_lookup("sector__code"),
    ),
    Grouping(
        "procedure",
        _("Procedure"),
        expression=lambda: F("procedure_id"),
        describe=_procedure_names,
        rollup_field="procedure_id",
        filter_q=_lookup("procedure__code"),
    ),
    Grouping(
        "channel",
        _("Channel"),
        expression=lambda: F("channel"),
        describe=_choice_names(Channel),
        rollup_field="channel",
        filter_q=_lookup("channel"),
    ),
    Grouping(
        "level",
        _("Level"),
        expression=lambda: F("procedure_version__level"),
        describe=_choice_names(Level),
        rollup_field="level",
        columns=("procedure_version_id",),
        resolve=_version_levels,
        filter_q=_lookup("procedure_version__level", int),
    ),
    Grouping("month", _("Month"), buckets=_time_buckets(1, _month_key)),
    Grouping("quarter", _("Quarter"), buckets=_time_buckets(3, _quarter_key)),
    Grouping("year", _("Year"), buckets=_time_buckets(12, _year_key)),
):
    register_grouping(_grouping)

# Interconnected procedures (issue 8): late dossiers by the agency whose holding time exceeded
# its share, as the dossier services recorded it (procedures.calendar.clock); "(none)" gathers
# the dossiers no agency made late. Computed from the dossiers (no roll-up column).
register_grouping(
    Grouping(
        "late_agency",
        _("Agency that made it late"),
        expression=lambda: F("late_agency_id"),
        describe=_model_names(Unit),
        entities=_unit_entities,
        filter_q=_lookup("late_agency__code"),
    )
)
