"""Mức độ triển khai cơ chế một cửa: which administrative units have a one-stop desk (Bộ phận
tiếp nhận và trả kết quả) at the end of a period, and which public administration centres
(Trung tâm Hành chính công) worked during it. Units and desks are taken as they were then, so a
2017 report counts the districts that the 2025 reform later ended."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from procedures.choices import UnitKind
from procedures.models import Centre, Desk, Unit
from procedures.selectors.units import unit_descendants_on


@dataclass(frozen=True)
class UnitScope:
    """A unit and every unit under it on a day: what ``--unit`` limits a report to."""

    unit: Unit
    ids: frozenset[int]


def unit_scope_on(*, code: str, day: date) -> UnitScope | None:
    """The unit of ``code`` (valid or not on ``day``: a report on 2017 may name an ended
    district) with the units under it on ``day``; ``None`` when no unit has that code."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return None
    ids = set(unit_descendants_on(unit=unit, day=day).values_list("pk", flat=True))
    return UnitScope(unit=unit, ids=frozenset(ids | {unit.pk}))


def coverage_units_on(*, as_of: date, scope: UnitScope | None = None) -> QuerySet[Unit]:
    """Đơn vị có Bộ phận một cửa: the departments, districts and communes valid on ``as_of``
    (within ``scope`` when given), each annotated ``has_desk``: a one-stop desk valid that day
    belongs to it (in a centre or in the unit's own office alike). The coverage figures count
    these rows and the units list shows them, so each figure's list gives its count."""
    desk_of_unit = Desk.objects.valid_on(as_of).filter(unit=OuterRef("pk"))
    units = Unit.objects.valid_on(as_of).filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE]
    )
    if scope is not None:
        units = units.filter(pk__in=scope.ids)
    return units.annotate(has_desk=Exists(desk_of_unit))


def one_stop_coverage(*, as_of: date, scope: UnitScope | None = None) -> dict[str, int]:
    """Counts of units valid on ``as_of`` (within ``scope`` when given), over
    :func:`coverage_units_on`:

    - ``departments``: departments (sở, ban, ngành) hosting a one-stop desk valid that day;
    - ``districts``: districts (huyện, thị xã, thành phố) with such a desk;
    - ``communes_with_desk`` / ``communes``: communes with such a desk / all communes."""
    return coverage_units_on(as_of=as_of, scope=scope).aggregate(
        departments=Count("pk", filter=Q(kind=UnitKind.DEPARTMENT, has_desk=True)),
        districts=Count("pk", filter=Q(kind=UnitKind.DISTRICT, has_desk=True)),
        communes_with_desk=Count("pk", filter=Q(kind=UnitKind.COMMUNE, has_desk=True)),
        communes=Count("pk", filter=Q(kind=UnitKind.COMMUNE)),
        district_units=Count("pk", filter=Q(kind=UnitKind.DISTRICT)),
    )


def centres_in_period(
    *, date_from: date, date_to: date, scope: UnitScope | None = None
) -> QuerySet[Centre]:
    """Trung tâm Hành chính công that worked at some time in the period (opened by its end, not
    closed before its start), in the order they opened, as the yearly report tells them; within
    ``scope`` when given (the centre's unit)."""
    centres = Centre.objects.filter(
        Q(valid_from__lte=date_to), Q(valid_to__isnull=True) | Q(valid_to__gte=date_from)
    ).select_related("unit")
    if scope is not None:
        centres = centres.filter(unit_id__in=scope.ids)
    return centres.order_by("valid_from", "code")


def desks_in_scope(*, date_from: date, date_to: date, scope: UnitScope) -> QuerySet[Desk]:
    """The one-stop desks of the units in ``scope`` that worked at some time in the period."""
    return Desk.objects.filter(
        Q(valid_from__lte=date_to),
        Q(valid_to__isnull=True) | Q(valid_to__gte=date_from),
        unit_id__in=scope.ids,
    ).order_by("code")


def reporting_unit_on(*, day: date, scope: UnitScope | None = None) -> Unit | None:
    """The unit a report speaks for: the unit of ``scope``, else the province valid on ``day``
    (tỉnh Trà Vinh in 2017, tỉnh Vĩnh Long after the 2025 merger)."""
    if scope is not None:
        return scope.unit
    return Unit.objects.valid_on(day).filter(kind=UnitKind.PROVINCE).order_by("code").first()
