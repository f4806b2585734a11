"""Screens of the TTHC catalogue, one module per screen group: for reform officers the catalogue
and a procedure's history (``procedures``), decisions, imports, reviews, publication and
figures, and for anyone the public read-only catalogue (``public``). urls.py and the other
screens import from here."""

from procedures.views.catalogue.access import READERS, WRITERS, RolesRequired
from procedures.views.catalogue.decisions import (
    DecisionApplyView,
    DecisionCreateView,
    DecisionDeleteView,
    DecisionDetailView,
    DecisionListView,
)
from procedures.views.catalogue.figures import FiguresView
from procedures.views.catalogue.imports import (
    PROBLEMS_PER_PAGE,
    CatalogueImportDetailView,
    CatalogueImportRetryView,
    CatalogueImportStatusView,
    CatalogueImportView,
)
from procedures.views.catalogue.paging import PAGE_SIZE
from procedures.views.catalogue.procedures import (
    CatalogueExportView,
    CatalogueListView,
    ProcedureCorrectView,
    ProcedureDetailView,
)
from procedures.views.catalogue.public import PublicCatalogueView, PublicProcedureView
from procedures.views.catalogue.publication import PublicationView
from procedures.views.catalogue.reviews import (
    ReviewApplyView,
    ReviewCreateView,
    ReviewDeleteView,
    ReviewDetailView,
    ReviewListView,
)

__all__ = [
    "PAGE_SIZE",
    "PROBLEMS_PER_PAGE",
    "READERS",
    "WRITERS",
    "CatalogueExportView",
    "CatalogueImportDetailView",
    "CatalogueImportRetryView",
    "CatalogueImportStatusView",
    "CatalogueImportView",
    "CatalogueListView",
    "DecisionApplyView",
    "DecisionCreateView",
    "DecisionDeleteView",
    "DecisionDetailView",
    "DecisionListView",
    "FiguresView",
    "ProcedureCorrectView",
    "ProcedureDetailView",
    "PublicCatalogueView",
    "PublicProcedureView",
    "PublicationView",
    "ReviewApplyView",
    "ReviewCreateView",
    "ReviewDeleteView",
    "ReviewDetailView",
    "ReviewListView",
    "RolesRequired",
]
