"""The dossier list's FilterSet: one FilterSet serves the screens and the API
(``procedures.filters.dossiers``)."""

from procedures.filters.dossiers import DossierFilterSet

__all__ = ["DossierFilterSet"]
