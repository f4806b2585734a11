"""FilterSet of the dossier list: desk, centre, procedure, sector, state, outcome, period, and
the dossiers overdue at a given moment."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus, Outcome
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.models import Dossier


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
        # Open at that moment (received, not yet resolved then) and past its due moment.
        still_open = Q(resolved_at__gt=value) | Q(
            resolved_at__isnull=True, status__in=RUNNING_STATUSES
        )
        return queryset.filter(still_open, received_at__lte=value, due_at__lt=value)
