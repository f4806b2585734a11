"""Serializers of the working calendar: query parameters (validated, with messages naming the
parameter) and answers."""

import re
from decimal import Decimal

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import TimeUnit

MAX_DAYS = 3650
MAX_HOURS = MAX_DAYS * 24
MAX_SPAN_DAYS = 366 * 50
# "+07:00" typed into a URL without %2B arrives as " 07:00": read it as the "+" meant.
_PLUS_AS_SPACE = re.compile(r"^(.*\d) (\d{2}:?\d{2})$")


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.Field):
    """An ISO 8601 moment with its UTC offset; a naive one is refused, not guessed."""

    default_error_messages = {
        "invalid": _(
            "Not a date and time: write it as ISO 8601 with its offset, "
            "e.g. 2026-02-13T10:00:00+07:00."
        ),
        "naive": _(
            "The moment has no UTC offset: add it, e.g. 2026-02-13T10:00:00+07:00 "
            "(in a URL, write + as %2B)."
        ),
    }

    def to_internal_value(self, data):
        text = str(data).strip()
        match = _PLUS_AS_SPACE.match(text)
        if match:
            text = f"{match.group(1)}+{match.group(2)}"
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            self.fail("invalid")
        if moment.tzinfo is None:
            self.fail("naive")
        return moment

    def to_representation(self, value):
        return serializers.DateTimeField().to_representation(value)


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.DecimalField):
    """A decimal written as a JSON number: 3, not "3.00"; 1.5, not "1.50"."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=4, **kwargs)

    def to_internal_value(self, data):
        # Vietnamese write a decimal comma: 1,5 ngày.
        return super().to_internal_value(str(data).strip().replace(",", "."))

    def to_representation(self, value):
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


DUE_UNITS = [
    (unit.value, unit.label)
    for unit in (
        TimeUnit.DAYS,
        TimeUnit.HOURS,
        TimeUnit.CALENDAR_DAYS,
        TimeUnit.MONTHS,
        TimeUnit.SAME_DAY,
    )
]
# The longest time each unit may ask for (about ten years).
AMOUNT_LIMITS = {
    TimeUnit.DAYS: MAX_DAYS,
    TimeUnit.CALENDAR_DAYS: MAX_DAYS,
    TimeUnit.HOURS: MAX_HOURS,
    TimeUnit.MONTHS: 120,
}


class DueQuerySerializer(serializers.Serializer):
    start = AwareDateTimeField(
        help_text="Moment the clock starts, ISO 8601 with offset: 2026-02-13T10:00:00+07:00"
    )
    amount = NumberField(
        min_value=Decimal(0),
        required=False,
        help_text="Processing time (thời hạn giải quyết), e.g. 3 or 1.5; not for same_day",
        error_messages={"min_value": _("The amount cannot be negative.")},
    )
    unit = serializers.ChoiceField(
        choices=DUE_UNITS,
        default=TimeUnit.DAYS,
        help_text=(
            "days (working days), hours (working hours), calendar_days (Civil Code Art. 147–148:"
            " ends at the end of the working day on the last day), months, or same_day"
        ),
        error_messages={
            "invalid_choice": _(
                '"{input}" is not a unit: use days, hours, calendar_days, months or same_day.'
            )
        },
    )
    cutoff = serializers.TimeField(
        required=False,
        format="%H:%M",
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text="same_day only: received after this hour (15:00 by default), due the next "
        "working day",
        error_messages={"invalid": _("Write the cut-off hour as hh:mm, e.g. 15:00.")},
    )

    def validate(self, attrs):
        if not 1990 <= attrs["start"].year <= 2090:
            raise serializers.ValidationError(
                {"start": _("The start must fall between 1990 and 2090.")}
            )
        unit, amount = attrs["unit"], attrs.get("amount")
        if unit == TimeUnit.SAME_DAY:
            attrs["amount"] = None
        elif amount is None:
            raise serializers.ValidationError(
                {"amount": self.fields["amount"].error_messages["required"]}
            )
        elif amount > AMOUNT_LIMITS[unit]:
            raise serializers.ValidationError(
                {
                    "amount": _("At most %(limit)d %(unit)s.")
                    % {"limit": AMOUNT_LIMITS[unit], "unit": unit}
                }
            )
        elif amount == 0:
            raise serializers.ValidationError(
                {"amount": _("A processing time must be more than zero.")}
            )
        elif unit == TimeUnit.MONTHS and amount != amount.to_integral_value():
            raise serializers.ValidationError(
                {"amount": _("A time in months is a whole number of months.")}
            )
        attrs["processing_time"] = ProcessingTime(attrs["amount"], unit, attrs.get("cutoff"))
        return attrs


class DueSerializer(serializers.Serializer):
    start = AwareDateTimeField()
    amount = NumberField(allow_null=True)
    unit = serializers.ChoiceField(choices=DUE_UNITS)
    cutoff = serializers.TimeField(
        format="%H:%M", allow_null=True, help_text="same_day only: the cut-off hour"
    )
    text = serializers.CharField(help_text="As the national portal writes it: “15 Ngày”")
    due_at = AwareDateTimeField(help_text="Hạn giải quyết, in +07:00")


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        help_text="Calendar year, e.g. 2026",
        error_messages={
            "invalid": _("The year must be a whole number, e.g. 2026."),
            "min_value": _("The year must be 1990 or later."),
            "max_value": _("The year must be 2100 or earlier."),
        },
    )


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    name = serializers.CharField()
    source = serializers.ChoiceField(choices=(("national", "national"), ("province", "province")))


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "07:00"}
)
class HourMinuteField(serializers.TimeField):
    """A time of day as the province writes it, "07:00": OpenAPI's ``time`` format would ask
    for seconds and a UTC offset, which a session's start has not."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionSerializer(serializers.Serializer):
    start = HourMinuteField()
    end = HourMinuteField()


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    sessions = serializers.SerializerMethodField()
    hours_per_day = serializers.FloatField()
    working_days = serializers.IntegerField(help_text="Working days in the year")
    non_working_days = CalendarDaySerializer(many=True)
    make_up_working_days = CalendarDaySerializer(many=True)

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, obj):
        return SessionSerializer([{"start": s, "end": e} for s, e in obj.sessions], many=True).data


class WorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day counted (YYYY-MM-DD)")
    end = serializers.DateField(help_text="Day the count stops before (YYYY-MM-DD), excluded")

    def validate(self, attrs):
        if abs((attrs["end"] - attrs["start"]).days) > MAX_SPAN_DAYS:
            raise serializers.ValidationError({"end": _("The span must be at most 50 years.")})
        return attrs


class WorkingDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    working_days = serializers.IntegerField(
        help_text="Working days from start (included) to end (excluded); negative when end is "
        "before start"
    )
