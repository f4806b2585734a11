"""Serializers of the reports API: the query and the administrative-reform report's figures
(documented field by field in the OpenAPI schema)."""

from rest_framework import serializers

from api.serializers.catalogue import TotalFiguresSerializer
from api.serializers.periods import PeriodQuerySerializer
from procedures.reports.admin_reform import FORMATS
from procedures.selectors.statistics import RATE_KEYS, STAT_KEYS


class AdminReformQuerySerializer(PeriodQuerySerializer):
    unit = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    format = serializers.ChoiceField(choices=FORMATS, required=False, default="json")


def _stat_field(key: str) -> serializers.Field:
    # Every rate (progress_rate_766 too) is null when its denominator is 0.
    if key in RATE_KEYS:
        return serializers.FloatField(allow_null=True)
    return serializers.IntegerField()


StatisticsSerializer = type(
    "ReportStatisticsSerializer",
    (serializers.Serializer,),
    {key: _stat_field(key) for key in STAT_KEYS},
)


class CatalogueSectionSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    amended = serializers.IntegerField()
    replaced = serializers.IntegerField()
    abolished = serializers.IntegerField()
    published_national = serializers.IntegerField()


class ReviewSectionSerializer(serializers.Serializer):
    reviewed = serializers.IntegerField()
    cut_half = serializers.IntegerField()
    cut_third = serializers.IntegerField()
    cut_less = serializers.IntegerField()
    not_cut = serializers.IntegerField()


class CoverageSectionSerializer(serializers.Serializer):
    departments = serializers.IntegerField()
    districts = serializers.IntegerField()
    communes_with_desk = serializers.IntegerField()
    communes = serializers.IntegerField()
    interconnected_procedures = serializers.IntegerField()
    district_units = serializers.IntegerField()


class CentreSectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    unit = serializers.CharField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    period = StatisticsSerializer()
    since_opening = StatisticsSerializer()
    since_opening_to = serializers.DateField()


class SectorRowSerializer(StatisticsSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class InForceRowSerializer(TotalFiguresSerializer):
    """One level of form 07b: the catalogue's procedures in force there."""

    level = serializers.IntegerField()
    label = serializers.CharField()


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AdminReformReportSerializer(serializers.Serializer):
    """Báo cáo cải cách hành chính: every figure of the section."""

    date_from = serializers.DateField()
    date_to = serializers.DateField()
    unit = UnitRefSerializer(allow_null=True)
    reporting_unit = serializers.CharField()
    generated_at = serializers.DateTimeField()
    catalogue = CatalogueSectionSerializer()
    review = ReviewSectionSerializer()
    coverage = CoverageSectionSerializer()
    centres = CentreSectionSerializer(many=True)
    sectors = SectorRowSerializer(many=True)
    sectors_total = StatisticsSerializer()
    in_force = InForceRowSerializer(many=True)
    in_force_total = TotalFiguresSerializer()
    checks = serializers.ListField(child=serializers.DictField())
    sources = serializers.DictField(
        help_text="For each figure, the list URL that gives it (the dossier list or the "
        "catalogue), shaped like the figures: sources.centres[0].since_opening.resolved_late."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        return fields
