"""The statistics API: ``GET /api/v1/stats/dossiers/`` and ``GET /api/v1/stats/serving-index/``
as JSON, CSV or XLSX."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IntegrationConfined
from api.renderers import CSVRenderer, XLSXRenderer
from api.serializers.serving_index import ServingIndexQuerySerializer, ServingIndexSerializer
from api.serializers.statistics import StatisticsQuerySerializer, StatisticsSerializer
from procedures.models import Desk
from procedures.reports.serving_index import serving_index_csv, serving_index_xlsx
from procedures.reports.statistics import statistics_csv, statistics_xlsx
from procedures.roles import Role, has_role
from procedures.selectors.serving_index import serving_index
from procedures.selectors.statistics import dossier_statistics
from procedures.selectors.statistics_limits import StatisticsTimeout, statistics_timeout
from procedures.selectors.units import OutsideScope, statistics_scope_of

READER_ROLES = (Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR)


class CanReadStatistics(IntegrationConfined):
    """Leaders, reform officers and administrators read every desk's statistics (a leader
    limited to some units, those units'); reception staff those of their own desks."""

    message = _("Statistics are for leaders, reform officers, administrators and desk staff.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and super().has_permission(request, view)
            and has_role(user, *READER_ROLES, Role.RECEPTION)
        )


class DossierStatisticsView(APIView):
    """Thống kê kết quả giải quyết TTHC (form 06/VPCP/KSTT) for a period and grouping."""

    permission_classes = [CanReadStatistics]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="stats_dossiers",
        parameters=[
            StatisticsQuerySerializer,
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"], required=False
            ),
        ],
        responses={
            (200, "application/json"): StatisticsSerializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSXRenderer.media_type): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Invalid question, parameter by parameter."),
            403: OpenApiResponse(
                description="Not allowed, or another desk's or unit's statistics (named)."
            ),
            503: OpenApiResponse(description="Stopped at the statistics' statement timeout."),
        },
    )
    def get(self, request):
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = {name: data[name] for name in StatisticsQuerySerializer.FILTERS if name in data}
        user = request.user
        own_desks = Desk.objects.filter(staff=user)
        if (
            not has_role(user, *READER_ROLES)
            and "desk" in filters
            and not own_desks.filter(code=filters["desk"]).exists()
        ):
            raise PermissionDenied(
                _("You may read the statistics of your own desks only (%(desk)s is not).")
                % {"desk": filters["desk"]}
            )
        try:
            scope = statistics_scope_of(
                user,
                date_from=data["date_from"],
                date_to=data["date_to"],
                unit=filters.get("unit", ""),
            )
        except OutsideScope as outside:
            raise PermissionDenied(str(outside)) from None
        if scope and "unit" not in filters:
            # A leader limited to some units reads their units' figures, as on the dashboard.
            filters["unit"] = list(scope)
        try:
            with statistics_timeout():
                stats = dossier_statistics(
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    group_by=data.get("group_by") or (),
                    filters=filters,
                    user=user,
                )
        except ValidationError as error:
            raise DRFValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            ) from None
        except StatisticsTimeout as stopped:
            return Response({"detail": str(stopped)}, status=503)
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "xlsx"):
            body = statistics_csv(stats) if fmt == "csv" else statistics_xlsx(stats)
            name = f"thong-ke-ho-so_{stats.date_from:%Y%m%d}-{stats.date_to:%Y%m%d}.{fmt}"
            return Response(body, headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return Response(StatisticsSerializer(stats).data)


class ServingIndexView(APIView):
    """Chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg) for a period, for the
    province and grouped by unit, desk, centre or month."""

    permission_classes = [CanReadStatistics]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="stats_serving_index",
        parameters=[
            ServingIndexQuerySerializer,
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"], required=False
            ),
        ],
        responses={
            (200, "application/json"): ServingIndexSerializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSXRenderer.media_type): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Invalid question, parameter by parameter."),
            503: OpenApiResponse(description="Stopped at the statistics' statement timeout."),
        },
    )
    def get(self, request):
        query = ServingIndexQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            with statistics_timeout():
                index = serving_index(
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    group_by=data.get("group_by") or None,
                    user=request.user,
                )
        except ValidationError as error:
            raise DRFValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            ) from None
        except StatisticsTimeout as stopped:
            return Response({"detail": str(stopped)}, status=503)
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "xlsx"):
            body = serving_index_csv(index) if fmt == "csv" else serving_index_xlsx(index)
            name = f"chi-so-phuc-vu_{index.date_from:%Y%m%d}-{index.date_to:%Y%m%d}.{fmt}"
            return Response(body, headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return Response(ServingIndexSerializer(index).data)
