"""FilterSet of the dossier list: desk, centre, procedure, sector, state, outcome, period, and
the dossiers overdue at a given moment."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from procedures.choices import DossierStatus, Outcome
from procedures.models import Dossier
from procedures.selectors.dossiers import dossiers_overdue_at

# Dates a dossier can bear; a bound beyond them (0001-01-01, 9999-12-31) filters nothing out,
# instead of overflowing the date arithmetic into a 500.
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


class DossierFilterSet(django_filters.FilterSet):
    desk = django_filters.CharFilter(field_name="desk__code", label=_("desk (agency code)"))
    centre = django_filters.CharFilter(field_name="desk__centre__code", label=_("centre code"))
    procedure = django_filters.CharFilter(field_name="procedure__code", label=_("procedure code"))
    sector = django_filters.CharFilter(field_name="sector__code", label=_("sector code"))
    status = django_filters.MultipleChoiceFilter(choices=DossierStatus.choices, label=_("status"))
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
        if value <= EARLIEST:
            return queryset
        return queryset.filter(received_at__gte=_local_midnight(min(value, LATEST)))

    def filter_received_to(self, queryset, name, value):
        if value >= LATEST:
            return queryset
        return queryset.filter(
            received_at__lt=_local_midnight(max(value, EARLIEST) + timedelta(days=1))
        )

    def filter_overdue_at(self, queryset, name, value):
        if not EARLIEST <= value.date() <= LATEST:
            raise ValidationError({"overdue_at": [_("Give a moment between 1900 and 9000.")]})
        # Open at that moment and overdue then, by the dossier's state and clock at that moment.
        return dossiers_overdue_at(at=value, queryset=queryset)
