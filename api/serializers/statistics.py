"""Serializers of the statistics API: the question (query parameters) and the answer."""

from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.periods import PeriodQuerySerializer
from procedures.choices import Channel, Level
from procedures.selectors.statistics import (
    COUNT_KEYS,
    GROUPINGS,
    RATE_KEYS,
    STAT_LABELS,
    rate_value,
)


class StatisticsQuerySerializer(PeriodQuerySerializer):
    """``?from=&to=&group_by=centre,month&centre=&desk=&...&format=json|csv|xlsx``."""

    group_by = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("one or two groupings, comma separated"),
    )
    centre = serializers.CharField(required=False, help_text=_("centre code"))
    desk = serializers.CharField(required=False, help_text=_("desk (agency code)"))
    unit = serializers.CharField(required=False, help_text=_("agency (unit code)"))
    sector = serializers.CharField(required=False, help_text=_("sector code"))
    procedure = serializers.CharField(required=False, help_text=_("procedure code"))
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)

    FILTERS = ("centre", "desk", "unit", "sector", "procedure", "channel", "level")

    def validate_group_by(self, value: str) -> list[str]:
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in GROUPINGS]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown grouping %(names)s; choose among %(choices)s.")
                % {"names": ", ".join(unknown), "choices": ", ".join(GROUPINGS)}
            )
        return names


def plain(value):
    """A value as JSON gives it: rates (fractions) as numbers with four decimals."""
    if isinstance(value, Fraction):
        return float(rate_value(value))
    return value


class RateField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            max_digits=5, decimal_places=4, coerce_to_string=False, allow_null=True, **kwargs
        )

    def to_representation(self, value):
        return None if value is None else float(rate_value(value))


def _stat_fields() -> dict:
    fields = {key: serializers.IntegerField(help_text=STAT_LABELS[key]) for key in COUNT_KEYS}
    fields.update({key: RateField(help_text=STAT_LABELS[key]) for key in RATE_KEYS})
    return fields


StatisticsTotalsSerializer = type(
    "StatisticsTotalsSerializer", (serializers.Serializer,), _stat_fields()
)


class EntitySerializer(serializers.Serializer):
    """A unit, desk or centre as it was: its validity and what took over after it ended."""

    code = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    successors = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=_("key and name of each successor"),
    )


StatisticsRowSerializer = type(
    "StatisticsRowSerializer",
    (serializers.Serializer,),
    {
        "key": serializers.DictField(
            child=serializers.JSONField(), help_text=_("per grouping, the row's code or value")
        ),
        "name": serializers.DictField(
            child=serializers.CharField(), help_text=_("per grouping, the row's name")
        ),
        "entities": serializers.DictField(
            child=EntitySerializer(), required=False, help_text=_("units, desks and centres")
        ),
        **_stat_fields(),
    },
)


class StatisticsCheckSerializer(serializers.Serializer):
    row = serializers.JSONField()
    rule = serializers.CharField()
    expected = serializers.JSONField()
    actual = serializers.JSONField()

    def to_representation(self, instance):
        return {key: plain(value) for key, value in instance.items()}


class StatisticsSerializer(serializers.Serializer):
    group_by = serializers.ListField(child=serializers.CharField())
    rows = StatisticsRowSerializer(many=True)
    totals = StatisticsTotalsSerializer()
    checks = StatisticsCheckSerializer(many=True)
    source = serializers.ChoiceField(
        choices=(("direct", "direct"), ("rollups", "rollups")),
        help_text=_("computed from the dossiers or read from the daily roll-ups"),
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="date_from")
        fields["to"] = serializers.DateField(source="date_to")
        return fields
