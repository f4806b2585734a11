"""Domain models, one module per sub-domain."""

from procedures.models.calendar import CalendarChange, CalendarOverride, CalendarSettings
from procedures.models.catalogue import (
    AnnouncementDecision,
    CatalogueImport,
    DecisionLine,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeReview,
    TimeReviewItem,
)
from procedures.models.dossiers import Dossier, DossierDigest, DossierEvent, DossierSequence
from procedures.models.system import OutboxMessage, WorkerHeartbeat
from procedures.models.units import Centre, Desk, DeskProcedureRule, Unit

__all__ = [
    "AnnouncementDecision",
    "CalendarChange",
    "CalendarOverride",
    "CalendarSettings",
    "CatalogueImport",
    "Centre",
    "DecisionLine",
    "Desk",
    "DeskProcedureRule",
    "Dossier",
    "DossierDigest",
    "DossierEvent",
    "DossierSequence",
    "OutboxMessage",
    "Procedure",
    "ProcedureVersion",
    "Sector",
    "TimeReview",
    "TimeReviewItem",
    "Unit",
    "WorkerHeartbeat",
]
