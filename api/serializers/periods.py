"""The period every figure is asked for: ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (whole days)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from procedures.selectors.statistics_limits import period_problems


class PeriodQuerySerializer(serializers.Serializer):
    """``from`` and ``to`` in the query string, validated as ``date_from`` ≤ ``date_to``.

    "from" is a Python keyword, so the fields are declared as ``date_from``/``date_to`` and
    published under their query-string names."""

    date_from = serializers.DateField(help_text=_("first day of the period (YYYY-MM-DD)"))
    date_to = serializers.DateField(help_text=_("last day of the period (YYYY-MM-DD)"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        fields["from"].source = "date_from"
        fields["to"].source = "date_to"
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"to": [_("The period ends before it starts.")]})
        problems = period_problems(attrs["date_from"], attrs["date_to"])
        if problems:
            names = {"date_from": "from", "date_to": "to"}
            raise serializers.ValidationError(
                {names.get(field, field): messages for field, messages in problems.items()}
            )
        return attrs
