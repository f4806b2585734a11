"""What the province's integration platform and the citizen tell onestop about a dossier: the
national portal's confirmations and the export of what is not confirmed yet, and the citizen's
rating through the public lookup's code and check value (the same rate limit)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.dossiers import DossierFilterSet
from api.permissions import AUTHENTICATED
from api.renderers import CSVRenderer
from api.serializers.dossier_facts import (
    NationalSyncInputSerializer,
    NationalSyncSerializer,
    RatingInputSerializer,
    RatingSerializer,
)
from api.serializers.dossiers import ErrorSerializer
from api.views.dossiers import _bad_request, public_dossier_admitted
from procedures.choices import DossierStatus, RatingChannel
from procedures.roles import Role, has_role
from procedures.selectors.dossiers import dossiers_national_sync_pending, dossiers_visible_to
from procedures.services.dossier_facts import (
    AlreadyRated,
    dossier_national_sync_confirm,
    dossier_rate,
)

# The province's integration platform calls with an account of the role Tích hợp (or an
# administrator's): confirmations change what the index counts, so not every reader may send
# them.
SYNC_ROLES = (Role.INTEGRATION, Role.ADMINISTRATOR)


def _sync_forbidden():
    return Response(
        {"detail": _("Only the integration platform's account and administrators may do this.")},
        status=status.HTTP_403_FORBIDDEN,
    )


class NationalSyncView(APIView):
    """Xác nhận đồng bộ: the platform confirms that the dossier's status reached the national
    portal. The same status again answers 200 with the first confirmation (nothing new)."""

    permission_classes = AUTHENTICATED
    integration_allowed = True

    @extend_schema(
        operation_id="dossiers_national_sync",
        request=NationalSyncInputSerializer,
        responses={
            201: NationalSyncSerializer,
            200: OpenApiResponse(NationalSyncSerializer, description="Already confirmed."),
            400: OpenApiResponse(description="Invalid input, or a status the dossier never had."),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, code: str):
        if not has_role(request.user, *SYNC_ROLES):
            return _sync_forbidden()
        dossier = get_object_or_404(dossiers_visible_to(request.user), code=code)
        payload = NationalSyncInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            row, created = dossier_national_sync_confirm(
                dossier=dossier,
                status=payload.validated_data["status"],
                confirmed_at=payload.validated_data["confirmed_at"],
            )
        except ValidationError as error:
            _bad_request(error)
        return Response(
            NationalSyncSerializer(row).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


PENDING_COLUMNS = (
    "Mã hồ sơ",
    "Mã cơ quan tiếp nhận",
    "Mã TTHC",
    "Trạng thái",
    "Tên trạng thái",
    "Thời điểm tiếp nhận",
    "Trạng thái đã xác nhận",
    "Thời điểm xác nhận",
)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


class NationalSyncPendingExportView(APIView):
    """Chưa đồng bộ: the dossiers whose current status the national portal has not confirmed,
    as CSV (UTF-8 with BOM, for Excel), with the dossier list's filters (desk, received_from…)."""

    permission_classes = AUTHENTICATED
    integration_allowed = True
    renderer_classes = [CSVRenderer]

    @extend_schema(
        operation_id="dossiers_national_sync_pending_export",
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 403: ErrorSerializer},
    )
    def get(self, request):
        if not has_role(request.user, *SYNC_ROLES):
            return _sync_forbidden()
        # Plain rows: none of the list's related reads.
        queryset = dossiers_national_sync_pending(
            dossiers_visible_to(request.user).prefetch_related(None).select_related(None)
        )
        queryset = DossierFilterSet(request.query_params, queryset=queryset, request=request).qs
        rows = queryset.order_by("received_at", "id").values_list(
            "code",
            "desk__code",
            "procedure__code",
            "status",
            "received_at",
            "national_synced_status",
            "national_synced_at",
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PENDING_COLUMNS)
        for row in rows.iterator(chunk_size=2000):
            code, desk, procedure, state, received, synced_status, synced_at = row
            writer.writerow(
                (
                    code,
                    desk,
                    procedure,
                    state,
                    DossierStatus(state).label,
                    _moment(received),
                    synced_status or "",
                    _moment(synced_at),
                )
            )
        day = timezone.localdate().strftime("%Y%m%d")
        return Response(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="chua-dong-bo-{day}.csv"'},
        )


class PublicRatingView(APIView):
    """Đánh giá: the holder of the receipt rates the service of a resolved dossier, once,
    anonymously, with the receipt's code and check value and under the lookup's rate limit."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="public_dossier_rating",
        request=RatingInputSerializer,
        parameters=[
            OpenApiParameter(
                "check",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description="The check value printed beside the code on the receipt.",
            )
        ],
        responses={
            201: RatingSerializer,
            400: OpenApiResponse(description="Invalid answers, or no result yet."),
            404: ErrorSerializer,
            409: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request, code: str):
        dossier = public_dossier_admitted(request, code)
        if dossier is None:
            return Response(
                {"detail": _("No dossier matches this code and check value.")}, status=404
            )
        payload = RatingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            rating = dossier_rate(
                dossier=dossier, channel=RatingChannel.LOOKUP, **payload.validated_data
            )
        except AlreadyRated as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:
            _bad_request(error)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)
