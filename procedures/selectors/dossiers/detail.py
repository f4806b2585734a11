"""One dossier (một hồ sơ): found by code for a reader or the public lookup, its timeline and
control slip (phiếu kiểm soát), where it may be handed, and its dates as printed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from procedures.choices import TimeUnit
from procedures.models import (
    Dossier,
    DossierEvent,
    DossierRating,
    ProcedureVersion,
    Unit,
)
from procedures.selectors.dossiers.access import dossiers_visible_to


def dossier_get_by_code(*, code: str, user) -> Dossier | None:
    """One dossier by its code among those ``user`` may read; ``None`` otherwise."""
    return dossiers_visible_to(user).filter(code=code).first()


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The dossier's timeline (Phiếu kiểm soát quá trình giải quyết hồ sơ), oldest first."""
    return dossier.events.select_related("actor", "giver", "receiver").order_by("at", "id")


def dossier_public_get(*, code: str) -> Dossier | None:
    """Tra cứu hồ sơ: the dossier with ``code`` for the public lookup, reading only what the
    public page shows (never the applicant's identity or contacts). Codes printed on receipts
    are upper case; one typed in lower case is found too."""
    code = (code or "").strip()
    if not code or "\x00" in code:  # PostgreSQL text cannot hold NUL: no code has one
        return None
    found = list(
        Dossier.objects.select_related("procedure", "procedure_version", "desk", "late_agency")
        .only(
            "late_agency__name",
            "code",
            "status",
            "received_at",
            "due_at",
            "channel",
            "resolved_at",
            "returned_at",
            "outcome",
            "is_overdue",
            "apology_due_at",
            "procedure__code",
            "procedure_version__name",
            # Why there is no due date, when there is none (no time limit, or to be completed).
            "procedure_version__processing_time_value",
            "procedure_version__processing_time_unit",
            "procedure_version__processing_time_cutoff",
            "procedure_version__processing_time_text",
            "procedure_version__applied_time_value",
            "procedure_version__channel_times",
            "desk__name",
            "desk__code",
        )
        .filter(code__in={code, code.upper()})[:2]
    )
    return next((d for d in found if d.code == code), found[0] if found else None)


def dossier_transfer_receivers(*, dossier: Dossier, as_of=None) -> QuerySet[Unit]:
    """The units a dossier may be handed to now (chuyển xử lý): any unit valid today but the one
    holding it; once with an agency, only back to the desk's unit unless the procedure is
    interconnected (một cửa liên thông)."""
    as_of = as_of or timezone.localdate()
    holder = dossier.current_agency_id or dossier.desk.unit_id
    units = Unit.objects.valid_on(as_of).exclude(pk=holder)
    if dossier.current_agency_id and not dossier.procedure_version.is_interconnected:
        units = units.filter(pk=dossier.desk.unit_id)
    return units.order_by("kind", "name")


def version_paper_names(version: ProcedureVersion) -> list[str]:
    """The names of the papers a procedure version requires (thành phần hồ sơ); the catalogue
    may hold plain strings or records with a ``name``."""
    names = []
    for paper in version.papers or []:
        if isinstance(paper, dict):
            name = paper.get("name") or paper.get("ten") or paper.get("title") or ""
        else:
            name = str(paper)
        if name.strip():
            names.append(name.strip())
    return names


def dossier_no_time_limit_text(dossier: Dossier) -> str:
    """What receipts, screens and the lookup print in place of the due date of a dossier
    without one: the law sets no time ("Không quy định thời hạn"), or the catalogue's record
    gives a time still to be completed."""
    unit = dossier.procedure_version.processing_time_for(dossier.channel).unit
    if unit == TimeUnit.TO_COMPLETE:
        return gettext("Processing time not yet fully announced")
    return gettext("No time limit set")


def dossier_due_text(dossier: Dossier) -> str:
    """Hạn giải quyết as printed: dd/mm/yyyy HH:MM in the province's zone, or why there is none."""
    if dossier.due_at is None:
        return dossier_no_time_limit_text(dossier)
    return moment_text(dossier.due_at)


def moment_text(moment: datetime | None) -> str:
    """A moment as screens print it, dd/mm/yyyy HH:MM in the province's zone (the template
    filter ``date:"d/m/Y H:i"``'s text); empty for none. ``strftime`` rather than Django's
    ``date`` filter, which parses its format on every call: a queue page prints 100 moments,
    and the filter took a tenth of its time."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class SlipLine:
    """One line of the phiếu kiểm soát quá trình giải quyết hồ sơ: an agency, when it received
    the dossier and handed it on, the working time it held it (waiting excluded), its share of
    the processing time and by how much it overran it."""

    agency: Unit | None
    received_at: datetime
    handed_over_at: datetime | None
    held: timedelta | None
    share: timedelta | None
    late_by: timedelta | None

    @property
    def is_late(self) -> bool:
        return bool(self.late_by)


def dossier_slip(*, dossier: Dossier, events: list[DossierEvent] | None = None) -> list[SlipLine]:
    """Phiếu kiểm soát: who held the dossier, in order, as the hand-overs and the resolution
    recorded it (the services compute each line with procedures.calendar.clock); an open
    dossier ends with its current holder."""
    events = list(dossier_events(dossier=dossier)) if events is None else events
    lines, since = [], dossier.received_at
    holder = dossier.desk.unit
    for event in events:
        if event.action not in ("transfer", "resolve"):
            continue
        lines.append(
            SlipLine(
                agency=event.giver or holder,
                received_at=since,
                handed_over_at=event.at,
                held=event.held_work,
                share=event.share_work,
                late_by=event.late_work,
            )
        )
        since = event.at
        holder = event.receiver or holder
        if event.action == "resolve":
            return lines
    if dossier.is_open:
        lines.append(SlipLine(holder, since, None, None, None, None))
    return lines


def dossier_has_rating(*, dossier: Dossier) -> bool:
    """Whether the citizen has rated the dossier already (one rating per dossier)."""
    return DossierRating.objects.filter(dossier=dossier).exists()
