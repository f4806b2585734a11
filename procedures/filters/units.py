"""Filters of the units list (Danh sách đơn vị có Bộ phận một cửa): the departments, districts
and communes on a date, under a unit, by kind and by whether they have a one-stop desk. The
report's coverage figures link here with the filters that give exactly their counts."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import UnitKind
from procedures.models import Unit
from procedures.selectors.coverage import coverage_units_on, unit_scope_on


def _known_unit(code: str) -> None:
    if code and not Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("No administrative unit has the code “%(code)s”."), params={"code": code}
        )


class CoverageUnitFilterSet(django_filters.FilterSet):
    """The units valid on ``as_of`` (today by default), under ``within`` when given, then
    narrowed by kind and by having a desk."""

    as_of = django_filters.DateFilter(
        method="applied_first", label=_("Units on (date)"), help_text=_("Default: today.")
    )
    within = django_filters.CharFilter(
        method="applied_first", label=_("Under the unit (code)"), validators=[_known_unit]
    )
    kind = django_filters.ChoiceFilter(
        choices=[c for c in UnitKind.choices if c[0] != UnitKind.PROVINCE],
        label=_("Kind"),
        empty_label=_("(all)"),
    )
    has_desk = django_filters.BooleanFilter(label=_("Has a one-stop desk"))

    class Meta:
        model = Unit
        fields = []

    def applied_first(self, queryset, name, value):
        return queryset  # as_of and within choose the units before the other filters run

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        as_of = data.get("as_of") or timezone.localdate()
        scope = unit_scope_on(code=data["within"], day=as_of) if data.get("within") else None
        units = coverage_units_on(as_of=as_of, scope=scope).filter(pk__in=queryset.values("pk"))
        return super().filter_queryset(units)
