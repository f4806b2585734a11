"""Filters of the TTHC catalogue: the catalogue on a date, narrowed by code, sector, level,
agency, status, online level and a search that ignores diacritics."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import Level, OnlineLevel, ProcedureStatus
from procedures.models import ProcedureVersion, Sector
from procedures.selectors.catalogue import (
    agency_names_matching,
    procedure_versions_search,
    version_valid_on,
)


class ProcedureVersionFilterSet(django_filters.FilterSet):
    """The versions in effect on ``as_of`` (today by default) with status ``status`` (in force by
    default), then narrowed by the other filters."""

    as_of = django_filters.DateFilter(
        method="applied_first", label=_("Catalogue on (date)"), help_text=_("Default: today.")
    )
    status = django_filters.ChoiceFilter(
        choices=ProcedureStatus.choices,
        method="applied_first",
        label=_("Status"),
        help_text=_("Default: in force."),
        empty_label=_("In force (default)"),
    )
    q = django_filters.CharFilter(method="search", label=_("Search (code or name)"))
    code = django_filters.CharFilter(field_name="procedure__code", label=_("Procedure code"))
    sector = django_filters.ModelChoiceFilter(
        field_name="sector",
        queryset=Sector.objects.all(),
        to_field_name="code",
        label=_("Sector"),
        empty_label=_("(all)"),
    )
    # ChoiceFilter, not TypedChoiceFilter: its select starts with an empty choice ("any").
    level = django_filters.ChoiceFilter(
        choices=Level.choices, method="at_level", label=_("Level"), empty_label=_("(all)")
    )
    agency = django_filters.NumberFilter(
        field_name="agency", label=_("Implementing agency (unit id)")
    )
    agency_name = django_filters.CharFilter(
        method="agency_named",
        label=_("Implementing agency"),
        help_text=_("Part of its name, with or without diacritics."),
    )
    online_level = django_filters.ChoiceFilter(
        choices=OnlineLevel.choices, label=_("Online service level"), empty_label=_("(all)")
    )
    # Form 07b's "one-stop" column links here: the list then counts what the form counts.
    is_one_stop = django_filters.BooleanFilter(label=_("Under the one-stop mechanism"))
    is_interconnected = django_filters.BooleanFilter(label=_("Interconnected one-stop"))

    class Meta:
        model = ProcedureVersion
        fields = []

    def applied_first(self, queryset, name, value):
        return queryset  # as_of and status choose the versions before the other filters run

    def at_level(self, queryset, name, value):
        # A procedure carried out at several levels is found at each of them.
        return queryset.filter(levels__has=int(value))

    def search(self, queryset, name, value):
        return procedure_versions_search(queryset, value)

    def agency_named(self, queryset, name, value):
        # Agency names are few: fold them in Python, so that "uy ban" finds "Ủy ban" on SQLite
        # (whose LIKE folds ASCII only) as on PostgreSQL.
        return queryset.filter(agency_name__in=agency_names_matching(value))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        as_of = data.get("as_of") or timezone.localdate()
        status = data.get("status") or ProcedureStatus.IN_FORCE
        queryset = queryset.filter(version_valid_on(as_of), status=status)
        return super().filter_queryset(queryset)
