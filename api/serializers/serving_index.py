"""Serializers of ``GET /api/v1/stats/serving-index/``: the question and the answer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.periods import PeriodQuerySerializer
from api.serializers.statistics import EntitySerializer, RateField
from procedures.selectors.serving_index import INDEX_GROUPINGS


class ServingIndexQuerySerializer(PeriodQuerySerializer):
    """``?from=&to=&group_by=unit|desk|centre|month&format=json|csv|xlsx``."""

    group_by = serializers.ChoiceField(
        choices=[(g, g) for g in INDEX_GROUPINGS],
        required=False,
        help_text=_("unit, desk, centre or month; none: the province alone"),
    )


def _points(**kwargs):
    return serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, **kwargs
    )


class IndicatorSerializer(serializers.Serializer):
    """One indicator (chỉ tiêu): its ratio and the points the rule file gives it."""

    name = serializers.CharField(help_text=_("Vietnamese name from the rule file"))
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = RateField(help_text=_("numerator / denominator, null without a base"))
    points = _points()
    max_points = _points()
    provisional = serializers.BooleanField(
        help_text=_("the rule is the plainest reading, not confirmed: shown as tạm tính")
    )
    source = serializers.CharField(help_text=_("the article or appendix row"))


class IndexGroupSerializer(serializers.Serializer):
    """One of the six groups (publicity, progress, online_service, online_payment,
    satisfaction, digitisation)."""

    name = serializers.CharField()
    points = _points()
    max_points = _points()
    provisional = serializers.BooleanField()
    indicators = serializers.DictField(child=IndicatorSerializer())


class IndexScoreSerializer(serializers.Serializer):
    total_points = _points(help_text=_("of 100"))
    provisional = serializers.BooleanField()
    groups = serializers.DictField(child=IndexGroupSerializer())


class IndexRowSerializer(IndexScoreSerializer):
    key = serializers.DictField(child=serializers.CharField(), help_text=_("the row's code"))
    name = serializers.DictField(child=serializers.CharField(), help_text=_("the row's name"))
    entities = serializers.DictField(child=EntitySerializer(), required=False)
    rank = serializers.IntegerField(help_text=_("1 = best within the grouping"))


class ServingIndexSerializer(serializers.Serializer):
    group_by = serializers.ListField(child=serializers.CharField())
    applies = serializers.BooleanField(help_text=_("false for a period before 23/06/2022"))
    reason = serializers.CharField(help_text=_("why the index does not apply"))
    decision = serializers.CharField(source="rules.decision", default="")
    rules_from = serializers.DateField(source="rules.applies_from", default=None, allow_null=True)
    rows = IndexRowSerializer(many=True)
    totals = IndexScoreSerializer(allow_null=True, help_text=_("the province"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="date_from")
        fields["to"] = serializers.DateField(source="date_to")
        return fields
