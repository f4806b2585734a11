"""Filters of the lists behind the report's catalogue figures: the changes of a kind in a period,
and the procedures reviewed in a period by how much their time was cut."""

import django_filters
from django.utils.translation import gettext_lazy as _

from procedures.choices import ReviewBucket
from procedures.models import Procedure, ProcedureVersion
from procedures.selectors.catalogue_changes import catalogue_changes, reviewed_procedures

CHANGE_CHOICES = [
    ("new", _("Newly announced")),
    ("amended", _("Amended, supplemented")),
    ("replaced", _("Replaced")),
    ("abolished", _("Abolished")),
    ("corrected", _("Administrator's correction")),
    ("published", _("Published in the national database")),
]


class _PeriodFilterSet(django_filters.FilterSet):
    """A period both of whose days are required: a figure of the report is always a period's."""

    date_from = django_filters.DateFilter(method="in_period", label=_("From (date)"), required=True)
    date_to = django_filters.DateFilter(method="in_period", label=_("To (date)"), required=True)

    def in_period(self, queryset, name, value):
        return queryset  # the period chooses the rows in filter_queryset


class CatalogueChangeFilterSet(_PeriodFilterSet):
    """Thay đổi trong kỳ: the versions of one kind of change in the period."""

    kind = django_filters.ChoiceFilter(
        choices=CHANGE_CHOICES, method="in_period", label=_("Kind of change"), required=True
    )

    class Meta:
        model = ProcedureVersion
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return catalogue_changes(
            kind=data["kind"], date_from=data["date_from"], date_to=data["date_to"]
        )


class ReviewedProcedureFilterSet(_PeriodFilterSet):
    """Thủ tục được rà soát: the procedures reviewed in the period, in one bucket if chosen."""

    bucket = django_filters.ChoiceFilter(
        choices=ReviewBucket.choices,
        method="in_period",
        label=_("Time cut"),
        empty_label=_("(all)"),
    )

    class Meta:
        model = Procedure
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return reviewed_procedures(
            date_from=data["date_from"], date_to=data["date_to"], bucket=data.get("bucket") or ""
        )
