"""The catalogue's FilterSet lives beside the domain so the screens use it too."""

from procedures.filters.catalogue import ProcedureVersionFilterSet

__all__ = ["ProcedureVersionFilterSet"]
