"""Reads of the TTHC catalogue and its history."""

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from procedures.choices import ProcedureStatus
from procedures.models import Procedure, ProcedureVersion
from procedures.search import fold


def _in_force_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))


def procedure_versions_in_force(*, as_of: date) -> QuerySet[ProcedureVersion]:
    """Danh mục TTHC đang có hiệu lực: the version of each procedure in force on ``as_of``,
    abolished procedures excluded."""
    return (
        ProcedureVersion.objects.filter(_in_force_on(as_of), status=ProcedureStatus.IN_FORCE)
        .select_related("procedure", "sector", "agency")
        .order_by("procedure__code")
    )


def procedure_version_at(*, procedure: Procedure, at: date | datetime) -> ProcedureVersion | None:
    """The version of ``procedure`` in force at ``at`` (a moment is taken in the province's
    local date); ``None`` when it was not in force then (not yet announced, or abolished)."""
    day = timezone.localdate(at) if isinstance(at, datetime) else at
    return (
        ProcedureVersion.objects.filter(
            _in_force_on(day), procedure=procedure, status=ProcedureStatus.IN_FORCE
        )
        .select_related("sector")
        .first()
    )


def procedure_versions_search(queryset: QuerySet[ProcedureVersion], q: str) -> QuerySet:
    """Narrow versions to those whose code or name contains every word of ``q``, ignoring
    diacritics and case ("dang ky khai sinh" finds "Đăng ký khai sinh")."""
    for word in fold(q).split():
        queryset = queryset.filter(
            Q(search_text__contains=word) | Q(procedure__code__icontains=word)
        )
    return queryset
