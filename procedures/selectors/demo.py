"""Reads for the demo province: the catalogue's timeline its history is generated from, and the
figures ``setup_demo`` prints."""

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from django.db.models import Count, Q
from django.utils import timezone

from procedures.calendar.overdue import overdue_bound
from procedures.calendar.processing_time import WORKING_UNITS
from procedures.choices import Outcome, ProcedureStatus
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.models import (
    AnnouncementDecision,
    Centre,
    Desk,
    Dossier,
    DossierEvent,
    ProcedureVersion,
    TimeReview,
    Unit,
)
from procedures.models.dossiers import OPEN_STATUSES
from procedures.selectors.catalogue import procedure_versions_in_force


def procedure_version_timeline(*, codes) -> pd.DataFrame:
    """Lịch sử hiệu lực TTHC: every version in force (abolished ones left out) of ``codes``, one
    row each: ``code``, ``valid_from``, ``superseded_on`` (None when current), ``level``,
    ``amount`` (the processing time that counts: the applied one when reduced), ``unit`` and
    ``channels``."""
    rows = (
        ProcedureVersion.objects.filter(
            procedure__code__in=list(codes),
            status=ProcedureStatus.IN_FORCE,
            # The generator spreads working time; versions in calendar days, months, same day or
            # without a time are left out of the demo's dossiers.
            processing_time_unit__in=list(WORKING_UNITS),
            processing_time_value__isnull=False,
        )
        .order_by("procedure__code", "valid_from")
        .values_list(
            "procedure__code",
            "valid_from",
            "superseded_on",
            "level",
            "processing_time_value",
            "applied_time_value",
            "processing_time_unit",
            "channels",
        )
    )
    frame = pd.DataFrame(
        [
            (code, start, end, level, float(legal if applied is None else applied), unit, channels)
            for code, start, end, level, legal, applied, unit, channels in rows
        ],
        columns=["code", "valid_from", "superseded_on", "level", "amount", "unit", "channels"],
    )
    frame["superseded_on"] = frame["superseded_on"].astype(object)
    return frame


@dataclass(frozen=True)
class CentreFigures:
    """Received, late and carried-over dossiers of one centre over a period."""

    name: str
    received: int
    late: int
    resolved_after: int  # received in the period, resolved after it


@dataclass(frozen=True)
class DemoFigures:
    units: int
    centres: int
    desks: int
    procedures_in_force: int
    decisions: int
    reviews: int
    dossiers: int
    events: int
    centres_2017: list[CentreFigures]
    desk_code: str
    desk_open: int
    desk_overdue: int


def centre_figures(*, centre: Centre, start: datetime, end: datetime) -> CentreFigures:
    """Hồ sơ tiếp nhận tại một Trung tâm Hành chính công from ``start`` to ``end`` (excluded):
    how many were received, how many of them were resolved late, and how many were resolved only
    after ``end``. One grouped query."""
    counts = Dossier.objects.filter(
        desk__centre=centre, received_at__gte=start, received_at__lt=end
    ).aggregate(
        received=Count("pk"),
        late=Count("pk", filter=Q(outcome=Outcome.LATE)),
        resolved_after=Count("pk", filter=Q(resolved_at__gte=end)),
    )
    return CentreFigures(name=centre.name, **counts)


def demo_figures(
    *, centre_codes: list[str], start: datetime, end: datetime, desk_code: str, at: datetime
) -> DemoFigures:
    """The figures of the demo province as loaded: what ``setup_demo`` prints."""
    desk_dossiers = Dossier.objects.filter(desk__code=desk_code)
    return DemoFigures(
        units=Unit.objects.count(),
        centres=Centre.objects.count(),
        desks=Desk.objects.count(),
        procedures_in_force=procedure_versions_in_force(as_of=timezone.localdate(at)).count(),
        decisions=AnnouncementDecision.objects.count(),
        reviews=TimeReview.objects.count(),
        dossiers=Dossier.objects.count(),
        events=DossierEvent.objects.count(),
        centres_2017=[
            centre_figures(centre=centre, start=start, end=end)
            for centre in Centre.objects.filter(code__in=centre_codes).order_by("code")
        ],
        desk_code=desk_code,
        desk_open=desk_dossiers.filter(status__in=OPEN_STATUSES).count(),
        desk_overdue=desk_dossiers.filter(status__in=RUNNING_STATUSES)
        .filter(Q(is_overdue=True) | Q(due_at__lt=overdue_bound(at)))
        .count(),
    )
