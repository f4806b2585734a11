"""Reads of administrative units, centres and one-stop desks."""

from datetime import date

from django.db.models import Q, QuerySet

from procedures.models import Desk, DeskProcedureRule, ProcedureVersion
from procedures.selectors.catalogue import procedure_versions_in_force


def desks_of_user(user) -> QuerySet[Desk]:
    """The one-stop desks a staff member belongs to."""
    if not user.is_authenticated:
        return Desk.objects.none()
    return Desk.objects.filter(staff=user)


def desk_procedure_versions(*, desk: Desk, as_of: date) -> QuerySet[ProcedureVersion]:
    """Procedures a desk receives on ``as_of``: those of its unit's level whose implementing
    agency is the desk's unit (or not tied to one unit), plus the desk's additions, minus its
    exclusions."""
    rules = DeskProcedureRule.objects.filter(desk=desk)
    included = rules.filter(include=True).values("procedure_id")
    excluded = rules.filter(include=False).values("procedure_id")
    by_level = Q(level=desk.unit.level) & (Q(agency__isnull=True) | Q(agency=desk.unit))
    return (
        procedure_versions_in_force(as_of=as_of)
        .filter(by_level | Q(procedure_id__in=included))
        .exclude(procedure_id__in=excluded)
    )
