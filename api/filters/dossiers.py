"""FilterSet of the dossier list: desk, centre, procedure, sector, state, outcome, period, and
the dossiers overdue at a given moment."""

import django_filters
from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus, Outcome
from procedures.models import Dossier
from procedures.selectors.dossiers import dossiers_overdue_at


class DossierFilterSet(django_filters.FilterSet):
    desk = django_filters.CharFilter(field_name="desk__code", label=_("desk (agency code)"))
    centre = django_filters.CharFilter(field_name="desk__centre__code", label=_("centre code"))
    procedure = django_filters.CharFilter(field_name="procedure__code", label=_("procedure code"))
    sector = django_filters.CharFilter(field_name="sector__code", label=_("sector code"))
    status = django_filters.MultipleChoiceFilter(choices=DossierStatus.choices, label=_("status"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("received from (date)")
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("received until (date)")
    )
    overdue_at = django_filters.IsoDateTimeFilter(
        method="filter_overdue_at", label=_("overdue at this moment (ISO 8601)")
    )

    class Meta:
        model = Dossier
        fields = ("desk", "centre", "procedure", "sector", "status", "outcome")

    def filter_overdue_at(self, queryset, name, value):
        # Open at that moment and overdue then, by the dossier's state and clock at that moment.
        return dossiers_overdue_at(at=value, queryset=queryset)
