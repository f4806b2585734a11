"""Domain models, one module per sub-domain."""

from procedures.models.calendar import (
    CalendarChange,
    CalendarOverride,
    CalendarSettings,
    ClockRuleSet,
)
from procedures.models.catalogue import (
    AnnouncementDecision,
    CatalogueImport,
    DecisionLine,
    InterconnectedStep,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeReview,
    TimeReviewItem,
)
from procedures.models.dossiers import Dossier, DossierDigest, DossierEvent, DossierSequence
from procedures.models.rollups import DossierDailyRollup, DossierMonthlyRollup, RollupState
from procedures.models.system import WorkerHeartbeat
from procedures.models.units import Centre, Desk, DeskProcedureRule, Unit

__all__ = [
    "AnnouncementDecision",
    "CalendarChange",
    "CalendarOverride",
    "CalendarSettings",
    "CatalogueImport",
    "Centre",
    "ClockRuleSet",
    "DecisionLine",
    "Desk",
    "DeskProcedureRule",
    "Dossier",
    "DossierDailyRollup",
    "DossierDigest",
    "DossierEvent",
    "DossierMonthlyRollup",
    "DossierSequence",
    "InterconnectedStep",
    "Procedure",
    "ProcedureVersion",
    "RollupState",
    "Sector",
    "TimeReview",
    "TimeReviewItem",
    "Unit",
    "WorkerHeartbeat",
]
