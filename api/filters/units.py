"""FilterSets of units, centres and desks: the same filters for every list."""

import django_filters

from procedures.choices import Level, UnitKind
from procedures.models import Centre, Desk, Unit
from procedures.roles import user_manages_desks


class ValidOnFilterSet(django_filters.FilterSet):
    valid_on = django_filters.DateFilter(
        method="filter_valid_on", label="Valid on this date (YYYY-MM-DD)"
    )
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class UnitFilter(ValidOnFilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label="Parent unit code")

    class Meta:
        model = Unit
        fields = ("kind", "parent", "valid_on", "code", "name")


class CentreFilter(ValidOnFilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    unit = django_filters.CharFilter(field_name="unit__code", label="Unit code")

    class Meta:
        model = Centre
        fields = ("level", "unit", "valid_on", "code", "name")


class DeskFilter(ValidOnFilterSet):
    unit = django_filters.CharFilter(field_name="unit__code", label="Unit code")
    centre = django_filters.CharFilter(field_name="centre__code", label="Centre code")
    staff = django_filters.CharFilter(
        method="filter_staff", label="Staff user name (administrators only)"
    )

    class Meta:
        model = Desk
        fields = ("unit", "centre", "staff", "valid_on", "code", "name")

    def filter_staff(self, queryset, name, value):
        # Ignored for users who do not manage desks: filtering by a login name would tell them
        # who works where, one guess at a time, as the hidden `staff` field would have.
        if not user_manages_desks(getattr(self.request, "user", None)):
            return queryset
        return queryset.filter(staff__username=value).distinct()
