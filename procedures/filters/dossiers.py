"""FilterSet of the dossier list (screens and API alike): desk, centre, procedure, sector,
channel, state, outcome, the periods of receipt and of resolution, and the dossiers open or
overdue at a given moment. Every figure of the dashboard links here with the filters that
select exactly the dossiers behind it."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import Channel, DossierStatus, Outcome
from procedures.models import Dossier, DossierEvent
from procedures.selectors.dossier_index_gaps import (
    INDEX_GAPS,
    dossiers_index_gap,
    dossiers_without_rating,
)
from procedures.selectors.dossiers import (
    dossiers_national_sync_pending,
    dossiers_open_at,
    dossiers_overdue_at,
)
from procedures.selectors.statistics_groupings import GROUPINGS

# Dates a dossier can bear; a bound beyond them (0001-01-01, 9999-12-31) filters nothing out,
# instead of overflowing the date arithmetic into a 500.
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


def _from(queryset, field: str, day: date):
    if day <= EARLIEST:
        return queryset
    return queryset.filter(**{f"{field}__gte": local_midnight(min(day, LATEST))})


def _until(queryset, field: str, day: date):
    if day >= LATEST:
        return queryset
    return queryset.filter(
        **{f"{field}__lt": local_midnight(max(day, EARLIEST) + timedelta(days=1))}
    )


def _within_dates(value: datetime) -> None:
    """A moment outside the dates a dossier can bear is refused as the form's error (400)."""
    if not EARLIEST <= value.date() <= LATEST:
        raise ValidationError(_("Give a moment between 1900 and 9000."))


class CodesInput(forms.TextInput):
    """Several codes in one parameter, repeated (``desk=A&desk=B``) or comma-separated."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [code.strip() for value in values if value for code in str(value).split(",")]

    def format_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else super().format_value(value)


class CodesField(forms.Field):
    widget = CodesInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.split(",")
        return [code.strip() for code in value or [] if code and code.strip()]


class CodesFilter(django_filters.CharFilter):
    """Dossiers of any of the given codes: a report's total over several centres, or a unit's
    figures over its desks, is then one list whose count is the figure."""

    field_class = CodesField


class DossierFilterSet(django_filters.FilterSet):
    desk = CodesFilter(field_name="desk__code", lookup_expr="in", label=_("desk (agency code)"))
    centre = CodesFilter(
        method="filter_centre", label=_("centre code (“-”: desks outside any centre)")
    )
    # The agency as the statistics group by it (the one that resolved the dossier, or holds it
    # while open): the agencies' ranking links here with exactly the dossiers it counts.
    # Several at once: a leader's figures over the units they answer for are one list.
    unit = CodesFilter(
        method="filter_unit", label=_("agency (unit code) that resolved or holds the dossier")
    )
    procedure = django_filters.CharFilter(field_name="procedure__code", label=_("procedure code"))
    sector = django_filters.CharFilter(field_name="sector__code", label=_("sector code"))
    # Several channels at once: form 06's "direct and postal" column is one figure of two.
    channel = django_filters.MultipleChoiceFilter(
        choices=Channel.choices, label=_("channel"), distinct=False
    )
    # No DISTINCT (django-filter's default for multiple choices): the filter joins nothing, and
    # a DISTINCT over every column sorts the whole result instead of walking an index.
    status = django_filters.MultipleChoiceFilter(
        choices=DossierStatus.choices, label=_("status"), distinct=False
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Outcome.choices, label=_("outcome"), distinct=False
    )
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
    # With received_to, the dossiers a period handles as the statistics count them (its
    # "received: total"): received before its end and not closed before its first day.
    not_closed_before = django_filters.DateFilter(
        method="filter_not_closed_before", label=_("not closed before (date)")
    )
    open_at = django_filters.IsoDateTimeFilter(
        method="filter_open_at",
        label=_("open at this moment (ISO 8601)"),
        validators=[_within_dates],
    )
    overdue_at = django_filters.IsoDateTimeFilter(
        method="filter_overdue_at",
        label=_("overdue at this moment (ISO 8601)"),
        validators=[_within_dates],
    )
    within_time_at = django_filters.IsoDateTimeFilter(
        method="filter_within_time_at",
        label=_("open and not overdue at this moment (ISO 8601)"),
        validators=[_within_dates],
    )
    # The statistics' columns count dossiers with a time limit; those without one (no due date)
    # are counted apart: a figure's link selects the same side.
    has_time_limit = django_filters.BooleanFilter(
        field_name="due_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("has a time limit (a due date)"),
    )
    apologised_from = django_filters.DateFilter(
        method="filter_apologised_from", label=_("apology issued from (date)")
    )
    apologised_to = django_filters.DateFilter(
        method="filter_apologised_to", label=_("apology issued until (date)")
    )
    apology = django_filters.ChoiceFilter(
        choices=(("in_time", _("in time")), ("late", _("late"))),
        method="filter_apology",
        label=_("apology (at least one working day before the due date, or later)"),
    )

    national_sync = django_filters.ChoiceFilter(
        choices=(("pending", _("not yet confirmed by the national portal")),),
        method="filter_national_sync",
        label=_("national portal synchronisation"),
    )

    # The serving index (issue 19): the dossiers behind an indicator's lost points, and those
    # still to be rated; the rating's moment bounds the satisfaction indicator's period.
    index_gap = django_filters.ChoiceFilter(
        choices=[(key, gap.label) for key, gap in INDEX_GAPS.items()]
        + [("no_rating", _("resolved, no rating yet"))],
        method="filter_index_gap",
        label=_("lost points in the serving index"),
    )
    rated_from = django_filters.DateFilter(method="filter_rated_from", label=_("rated from (date)"))
    rated_to = django_filters.DateFilter(method="filter_rated_to", label=_("rated until (date)"))

    class Meta:
        model = Dossier
        fields = ("desk", "centre", "procedure", "sector", "channel", "status", "outcome")

    def filter_centre(self, queryset, name, value):
        outside = Q(desk__centre__isnull=True) if "-" in value else Q()
        codes = [code for code in value if code != "-"]
        return queryset.filter(outside | Q(desk__centre__code__in=codes) if codes else outside)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(GROUPINGS["unit"].filter_q(value))

    # Ranges of moments from local midnights, not received_at::date: the (desk, received_at)
    # and (sector, received_at) indexes then serve the period.
    def filter_received_from(self, queryset, name, value):
        return _from(queryset, "received_at", value)

    def filter_received_to(self, queryset, name, value):
        return _until(queryset, "received_at", value)

    def filter_resolved_from(self, queryset, name, value):
        return _from(queryset, "resolved_at", value)

    def filter_resolved_to(self, queryset, name, value):
        return _until(queryset, "resolved_at", value)

    def filter_not_closed_before(self, queryset, name, value):
        if value <= EARLIEST:
            return queryset
        return queryset.filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=local_midnight(min(value, LATEST)))
        )

    def filter_open_at(self, queryset, name, value):
        return dossiers_open_at(at=value, queryset=queryset)

    def filter_within_time_at(self, queryset, name, value):
        # Form 06's "chưa đến hạn": open then, and not among those overdue then.
        overdue = dossiers_overdue_at(at=value, queryset=queryset).values("pk")
        return dossiers_open_at(at=value, queryset=queryset).exclude(pk__in=overdue)

    def filter_overdue_at(self, queryset, name, value):
        # Open at that moment and overdue then, by the dossier's state and clock at that moment.
        return dossiers_overdue_at(at=value, queryset=queryset)

    # By the apology's moment (its event), as the statistics count apologies; a dossier has one
    # apology at most, so the two bounds may filter separately.
    def filter_apologised_from(self, queryset, name, value):
        events = _from(DossierEvent.objects.filter(action="apologize_reschedule"), "at", value)
        return queryset.filter(pk__in=events.values("dossier_id"))

    def filter_apologised_to(self, queryset, name, value):
        events = _until(DossierEvent.objects.filter(action="apologize_reschedule"), "at", value)
        return queryset.filter(pk__in=events.values("dossier_id"))

    def filter_apology(self, queryset, name, value):
        return queryset.filter(apology_in_time=value == "in_time")

    def filter_national_sync(self, queryset, name, value):
        return dossiers_national_sync_pending(queryset)

    def filter_index_gap(self, queryset, name, value):
        if value == "no_rating":
            return dossiers_without_rating(queryset)
        return dossiers_index_gap(queryset, value)

    def filter_rated_from(self, queryset, name, value):
        return _from(queryset, "rating__rated_at", value)

    def filter_rated_to(self, queryset, name, value):
        return _until(queryset, "rating__rated_at", value)
