"""FilterSet of the dossier list: desk, centre, procedure, sector, state, outcome, period, and
the dossiers overdue at a given moment."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus, Outcome
from procedures.models import Dossier
from procedures.selectors.dossiers import dossiers_overdue_at


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


class DossierFilterSet(django_filters.FilterSet):
    desk = django_filters.CharFilter(field_name="desk__code", label=_("desk (agency code)"))
    centre = django_filters.CharFilter(field_name="desk__centre__code", label=_("centre code"))
    procedure = django_filters.CharFilter(field_name="procedure__code", label=_("procedure code"))
    sector = django_filters.CharFilter(field_name="sector__code", label=_("sector code"))
    # No DISTINCT (django-filter's default for multiple choices): the filter joins nothing, and
    # a DISTINCT over every column sorts the whole result instead of walking an index.
    status = django_filters.MultipleChoiceFilter(
        choices=DossierStatus.choices, label=_("status"), distinct=False
    )
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    received_from = django_filters.DateFilter(
        method="filter_received_from", label=_("received from (date)")
    )
    received_to = django_filters.DateFilter(
        method="filter_received_to", label=_("received until (date)")
    )
    overdue_at = django_filters.IsoDateTimeFilter(
        method="filter_overdue_at", label=_("overdue at this moment (ISO 8601)")
    )

    class Meta:
        model = Dossier
        fields = ("desk", "centre", "procedure", "sector", "status", "outcome")

    # Ranges of moments from local midnights, not received_at::date: the (desk, received_at)
    # and (sector, received_at) indexes then serve the period.
    def filter_received_from(self, queryset, name, value):
        return queryset.filter(received_at__gte=_local_midnight(value))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(received_at__lt=_local_midnight(value + timedelta(days=1)))

    def filter_overdue_at(self, queryset, name, value):
        # Open at that moment and overdue then, by the dossier's state and clock at that moment.
        return dossiers_overdue_at(at=value, queryset=queryset)
