"""Domain models, one module per sub-domain."""

# The audit trail (simple-history) registers the models below when it is imported.
from procedures.models import trail  # noqa: F401
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
from procedures.models.dossier_facts import DossierRating, NationalSyncConfirmation
from procedures.models.dossiers import Dossier, DossierDigest, DossierEvent, DossierSequence
from procedures.models.reports import GeneratedReport, ReportTemplate
from procedures.models.rollups import DossierDailyRollup, DossierMonthlyRollup, RollupState
from procedures.models.system import OutboxMessage, PersonalDataView, WorkerHeartbeat
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
    "DossierRating",
    "DossierSequence",
    "GeneratedReport",
    "InterconnectedStep",
    "NationalSyncConfirmation",
    "OutboxMessage",
    "PersonalDataView",
    "Procedure",
    "ProcedureVersion",
    "ReportTemplate",
    "RollupState",
    "Sector",
    "TimeReview",
    "TimeReviewItem",
    "Unit",
    "WorkerHeartbeat",
]
