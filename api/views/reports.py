"""The reports API: GET /api/v1/reports/admin-reform/?from=&to=&unit=&format=."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IntegrationConfined
from api.serializers.reports import AdminReformQuerySerializer, AdminReformReportSerializer
from api.views.catalogue import refusal_response
from procedures.problems import Refused
from procedures.reports.admin_reform import FORMATS, admin_reform_data
from procedures.reports.admin_reform_files import CONTENT_TYPES, admin_reform_file, report_file_name
from procedures.roles import Role, has_role
from procedures.selectors.reports import report_template_content
from procedures.selectors.statistics_limits import StatisticsTimeout, statistics_timeout
from procedures.selectors.units import OutsideScope, report_unit_of

REPORT_READERS = (Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR)


class ReportReaders(IntegrationConfined):
    """Leaders, reform officers and administrators read reports; reception staff do not."""

    def has_permission(self, request, view) -> bool:
        return (
            bool(request.user and request.user.is_authenticated)
            and super().has_permission(request, view)
            and has_role(request.user, *REPORT_READERS)
        )


class _FileRenderer(BaseRenderer):
    """Lets ``?format=md|docx|xlsx`` through DRF's content negotiation (DRF reads ``format``
    itself); the view answers those with the file, so this never renders anything."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class ReportNegotiation(DefaultContentNegotiation):
    """DRF answers an unknown ``?format=`` with 404; here ``format`` is the report's parameter,
    so an unknown one is answered by the query's validation: 400 naming it."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) not in (None, *FORMATS):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)


def _renderer(file_format: str) -> type[BaseRenderer]:
    return type(
        f"{file_format.title()}ReportRenderer",
        (_FileRenderer,),
        {"format": file_format, "media_type": CONTENT_TYPES[file_format].split(";")[0]},
    )


class AdminReformReportView(APIView):
    """Báo cáo cải cách hành chính for a period: JSON figures, or the file (Markdown, DOCX,
    XLSX) as the report screen makes it."""

    permission_classes = [ReportReaders]
    content_negotiation_class = ReportNegotiation
    renderer_classes = [JSONRenderer, *(_renderer(f) for f in FORMATS if f != "json")]

    @extend_schema(
        operation_id="reports_admin_reform",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                description="A unit's code: its "
                "centres and desks (and those of the units under it) only; a leader limited to "
                "some units must name one of theirs (the one they are named on by default)",
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS), default="json"),
        ],
        responses={
            (200, "application/json"): AdminReformReportSerializer,
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="Markdown"),
            (200, CONTENT_TYPES["docx"]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, CONTENT_TYPES["pdf"]): OpenApiResponse(OpenApiTypes.BINARY),
            400: OpenApiResponse(description="A parameter is missing or wrong (named)."),
            403: OpenApiResponse(
                description="Not a leader, reform officer or administrator; or a unit outside "
                "the leader's units (named)."
            ),
            503: OpenApiResponse(description="Stopped at the statistics' statement timeout."),
        },
    )
    def get(self, request):
        query = AdminReformQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        try:
            unit_code = report_unit_of(
                request.user,
                date_from=values["date_from"],
                date_to=values["date_to"],
                unit=values["unit"].strip(),
            )
            with statistics_timeout():
                data = admin_reform_data(
                    date_from=values["date_from"],
                    date_to=values["date_to"],
                    unit_code=unit_code,
                    base_url=request.build_absolute_uri("/"),
                )
        except OutsideScope as outside:
            raise PermissionDenied(str(outside)) from None
        except Refused as refusal:
            return refusal_response(refusal)
        except StatisticsTimeout as stopped:
            return Response({"detail": str(stopped)}, status=503)
        if values["format"] == "json":
            return Response(data)
        template = report_template_content() if values["format"] == "docx" else None
        made = admin_reform_file(data, values["format"], template=template)
        response = HttpResponse(made.content, content_type=made.content_type)
        name = report_file_name(data, made.extension)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
