"""Forms of the catalogue screens, one module per screen group. They turn what an officer types
into the plain values the services take; the services validate, and their problems are put back
on the fields. Callers outside this package import from here."""

from procedures.forms.catalogue.decisions import (
    LINE_KINDS,
    YES_NO,
    BaseDecisionLineFormSet,
    DecisionForm,
    DecisionLineForm,
    DecisionLineFormSet,
)
from procedures.forms.catalogue.figures import FiguresForm
from procedures.forms.catalogue.imports import ImportForm
from procedures.forms.catalogue.inputs import NOT_ANNOUNCED, DateInput
from procedures.forms.catalogue.procedures import CatalogueExportForm, CorrectionForm
from procedures.forms.catalogue.publication import IdListField, PublishForm
from procedures.forms.catalogue.reviews import (
    BaseReviewItemFormSet,
    ReviewApplyForm,
    ReviewForm,
    ReviewItemForm,
    ReviewItemFormSet,
)

__all__ = [
    "LINE_KINDS",
    "NOT_ANNOUNCED",
    "YES_NO",
    "BaseDecisionLineFormSet",
    "BaseReviewItemFormSet",
    "CatalogueExportForm",
    "CorrectionForm",
    "DateInput",
    "DecisionForm",
    "DecisionLineForm",
    "DecisionLineFormSet",
    "FiguresForm",
    "IdListField",
    "ImportForm",
    "PublishForm",
    "ReviewApplyForm",
    "ReviewForm",
    "ReviewItemForm",
    "ReviewItemFormSet",
]
