"""Django admin registrations, one module per sub-domain."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from procedures.admin import accounts, calendar, catalogue, dossiers, reports, units

admin.site.site_header = _("onestop administration")
admin.site.site_title = _("onestop administration")
admin.site.index_title = _("Catalogue, units, calendar and dossiers")

__all__ = ["accounts", "calendar", "catalogue", "dossiers", "reports", "units"]
