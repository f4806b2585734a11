"""The working calendar (lịch làm việc): the year's days off and make-up days, due moments and
working days between two dates. Read by every logged-in user; the province's overrides are
edited in the admin, which goes through ``procedures.services.calendar``."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.calendar import (
    CalendarYearSerializer,
    DueQuerySerializer,
    DueSerializer,
    WorkingDaysQuerySerializer,
    WorkingDaysSerializer,
    YearQuerySerializer,
)
from procedures.selectors.calendar import (
    calendar_year_get,
    clock_rule_book_get,
    working_calendar_get,
)


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class CalendarYearApi(APIView):
    @extend_schema(
        operation_id="calendar_year",
        parameters=[YearQuerySerializer],
        responses=CalendarYearSerializer,
    )
    def get(self, request):
        """The year's non-working days (public holidays, government days off, the province's
        extra days off) and make-up working days, with their names, and the working sessions."""
        year = _query(YearQuerySerializer, request)["year"]
        return Response(CalendarYearSerializer(calendar_year_get(year=year)).data)


class CalendarDueApi(APIView):
    @extend_schema(
        operation_id="calendar_due",
        parameters=[DueQuerySerializer],
        responses=DueSerializer,
        examples=[
            OpenApiExample(
                "3 working days across Tết 2026",
                value={
                    "start": "2026-02-13T10:00:00+07:00",
                    "amount": 3,
                    "unit": "days",
                    "due_at": "2026-02-25T10:00:00+07:00",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        """Hạn giải quyết: the moment a processing time runs out from ``start``: working days
        or hours along the working sessions; calendar days or months to the end of the working
        day on the period's last day (the next working day when it is a day off); same_day at
        the end of the working day, or of the next one when received after the cut-off."""
        query = _query(DueQuerySerializer, request)
        processing_time = query["processing_time"]
        # Counted along the sessions of the rule set in force at ``start``, as a dossier
        # received then would be for its whole life.
        calendar = clock_rule_book_get().for_moment(query["start"])[0]
        due_at = processing_time.due_at(query["start"], calendar)
        return Response(
            DueSerializer(
                {
                    "start": query["start"],
                    "amount": processing_time.amount,
                    "unit": processing_time.unit,
                    "cutoff": processing_time.cutoff,
                    "text": str(processing_time),
                    "due_at": due_at,
                }
            ).data
        )


class CalendarWorkingDaysApi(APIView):
    @extend_schema(
        operation_id="calendar_working_days",
        parameters=[WorkingDaysQuerySerializer],
        responses=WorkingDaysSerializer,
    )
    def get(self, request):
        """Number of working days from ``start`` (included) to ``end`` (excluded)."""
        query = _query(WorkingDaysQuerySerializer, request)
        count = working_calendar_get().working_days_between(query["start"], query["end"])
        return Response(WorkingDaysSerializer({**query, "working_days": count}).data)
