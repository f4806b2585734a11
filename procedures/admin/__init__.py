"""Django admin registrations, one module per sub-domain."""

from procedures.admin import calendar, catalogue, dossiers, units

__all__ = ["calendar", "catalogue", "dossiers", "units"]
