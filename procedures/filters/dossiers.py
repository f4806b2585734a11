"""FilterSet of the dossier list (screens and API alike): desk, centre, procedure, sector,
channel, state, outcome, the periods of receipt and of resolution, and the dossiers open or
overdue at a given moment. Every figure of the dashboard links here with the filters that
select exactly the dossiers behind it."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import Channel, DossierStatus, Outcome
from procedures.models import Dossier
from procedures.selectors.dossiers import dossiers_open_at, dossiers_overdue_at


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


class DossierFilterSet(django_filters.FilterSet):
    desk = django_filters.CharFilter(field_name="desk__code", label=_("desk (agency code)"))
    centre = django_filters.CharFilter(
        method="filter_centre", label=_("centre code (“-”: desks outside any centre)")
    )
    procedure = django_filters.CharFilter(field_name="procedure__code", label=_("procedure code"))
    sector = django_filters.CharFilter(field_name="sector__code", label=_("sector code"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("channel"))
    status = django_filters.MultipleChoiceFilter(choices=DossierStatus.choices, label=_("status"))
    outcome = django_filters.MultipleChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    received_from = django_filters.DateFilter(
        method="filter_received_from", label=_("received from (date)")
    )
    received_to = django_filters.DateFilter(
        method="filter_received_to", label=_("received until (date)")
    )
    resolved_from = django_filters.DateFilter(
        method="filter_resolved_from", label=_("resolved from (date)")
    )
    resolved_to = django_filters.DateFilter(
        method="filter_resolved_to", label=_("resolved until (date)")
    )
    open_at = django_filters.IsoDateTimeFilter(
        method="filter_open_at", label=_("open at this moment (ISO 8601)")
    )
    overdue_at = django_filters.IsoDateTimeFilter(
        method="filter_overdue_at", label=_("overdue at this moment (ISO 8601)")
    )

    class Meta:
        model = Dossier
        fields = ("desk", "centre", "procedure", "sector", "channel", "status", "outcome")

    def filter_centre(self, queryset, name, value):
        if value == "-":
            return queryset.filter(desk__centre__isnull=True)
        return queryset.filter(desk__centre__code=value)

    # Ranges of moments from local midnights, not received_at::date: the (desk, received_at)
    # and (sector, received_at) indexes then serve the period.
    def filter_received_from(self, queryset, name, value):
        return queryset.filter(received_at__gte=local_midnight(value))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(received_at__lt=local_midnight(value + timedelta(days=1)))

    def filter_resolved_from(self, queryset, name, value):
        return queryset.filter(resolved_at__gte=local_midnight(value))

    def filter_resolved_to(self, queryset, name, value):
        return queryset.filter(resolved_at__lt=local_midnight(value + timedelta(days=1)))

    def filter_open_at(self, queryset, name, value):
        return dossiers_open_at(at=value, queryset=queryset)

    def filter_overdue_at(self, queryset, name, value):
        # Open at that moment and overdue then, by the dossier's state and clock at that moment.
        return dossiers_overdue_at(at=value, queryset=queryset)
