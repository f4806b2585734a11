"""The dossier API: list and read (with events), intake with an Idempotency-Key, one endpoint per
action, and the public lookup. Views hold no rule: they call selectors and services."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.dossiers import DossierFilterSet
from api.permissions import AUTHENTICATED
from api.serializers.dossiers import (
    DossierActionSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierSerializer,
    ErrorSerializer,
    PublicDossierSerializer,
)
from procedures.dossier_flow import ACTIONS
from procedures.models import Desk, Dossier, DossierEvent, Unit
from procedures.public_lookup import lookup_admit, lookup_failed, public_dossier
from procedures.roles import Role, has_role
from procedures.selectors.dossiers import (
    dossier_page_relations_fill,
    dossiers_visible_to,
    staff_desks_of,
)
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    IdempotencyKeyReused,
    dossier_act,
    dossier_receive,
)
from procedures.services.personal_data import dossier_applicant_access

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A key unique per intended dossier: a retry with the same key and body returns "
    "the first dossier (200) instead of a second one.",
)


def _with_events(queryset):
    return queryset.select_related(
        "desk",
        "desk__centre",
        "procedure",
        "procedure_version",
        "sector",
        "current_agency",
        "late_agency",
    ).prefetch_related(
        Prefetch(
            "events", queryset=DossierEvent.objects.select_related("actor", "giver", "receiver")
        )
    )


def public_dossier_admitted(request, code: str):
    """Tra cứu công khai: the dossier the receipt's code and check value name, under the lookup's
    rate limit (429 past it); None, counted as a failed lookup, when they name none."""
    wait = lookup_admit(request)
    if wait is not None:
        raise Throttled(wait=wait)
    dossier = public_dossier(code=code, check=request.query_params.get("check", ""))
    if dossier is None:
        lookup_failed(request)
    return dossier


def _bad_request(error: ValidationError):
    raise DRFValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


class DossierCursorPagination(CursorPagination):
    """Keyset pages, newest first: ``?cursor=`` from the answer's ``next``/``previous``. Each page
    is a range of the (received_at, id) index however deep, and no COUNT of millions of rows
    is made (issue 9); ``page_size`` up to 200."""

    ordering = ("-received_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hồ sơ: staff read those of their desks (and those handed to their units); leaders and
    administrators read all."""

    pagination_class = DossierCursorPagination
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = DossierFilterSet
    permission_classes = AUTHENTICATED

    def integration_allowed(self, request) -> bool:
        # The integration platform reads the list of what the national portal has not
        # confirmed (?national_sync=pending), nothing else of the dossiers.
        return self.action == "list" and request.query_params.get("national_sync") == "pending"

    def get_queryset(self):
        queryset = dossiers_visible_to(self.request.user)
        if self.action == "retrieve":
            queryset = _with_events(queryset)
        elif self.action == "list":
            # The page's catalogue rows are read by id once the page is cut (paginate_queryset).
            queryset = queryset.prefetch_related(None)
        return queryset.order_by("-received_at", "-id")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            dossier_page_relations_fill(page)
        return page

    def get_serializer_class(self):
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    def retrieve(self, request, *args, **kwargs):
        dossier = self.get_object()
        # A full view of the applicant is recorded; a masked one is not (Decree 13/2023).
        dossier_applicant_access(user=request.user, dossier=dossier, via="api")
        return Response(self.get_serializer(dossier).data)

    @extend_schema(
        request=DossierCreateSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: DossierDetailSerializer,
            200: OpenApiResponse(DossierDetailSerializer, description="A retry: the first one."),
            400: OpenApiResponse(description="Invalid input, field by field."),
            403: ErrorSerializer,
            422: ErrorSerializer,
        },
    )
    def create(self, request):
        """Tiếp nhận hồ sơ: as the intake screen does, honouring an Idempotency-Key."""
        # The caller's role before the body: a leader learns nothing about what a body needs.
        if not has_role(request.user, Role.RECEPTION, Role.ADMINISTRATOR):
            return Response(
                {"detail": _("Only reception staff and administrators receive dossiers.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        payload = DossierCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        desk = self._desk(data.get("desk"))
        try:
            dossier, created = dossier_receive(
                actor=request.user,
                desk=desk,
                procedure=data["procedure"],  # by code: found with its version
                channel=data["channel"],
                applicant_name=data["applicant_name"],
                applicant_id_number=data["applicant_id_number"],
                applicant_phone=data.get("applicant_phone", ""),
                applicant_address=data.get("applicant_address", ""),
                applicant_email=data.get("applicant_email", ""),
                papers=data["papers"],
                fee_amount=data.get("fee_amount"),
                paid_online=data.get("paid_online"),
                idempotency_key=request.headers.get("Idempotency-Key") or None,
            )
        except ValidationError as error:
            _bad_request(error)
        except IdempotencyKeyReused as error:
            return Response({"detail": error.message}, status=422)
        if created:
            # Its timeline is its receipt, just written: filled as prefetch_related would (on a
            # bare queryset: building a filter costs more than the rest of the answer).
            events = QuerySet(model=DossierEvent)
            events._result_cache, events._prefetch_done = [dossier.receipt_event], True
            dossier._prefetched_objects_cache = {"events": events}
        else:
            dossier = _with_events(Dossier.objects).get(pk=dossier.pk)
        # A new dossier comes back from the service with its desk, procedure, version and its
        # receipt event: the answer costs no further query.
        body = DossierDetailSerializer(dossier, context={"request": request}).data
        return Response(
            body,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": f"/api/v1/dossiers/{dossier.code}/"},
        )

    def _desk(self, code: str | None) -> Desk:
        # The user's own desks are read once per request (the permission check reads them too).
        own = staff_desks_of(self.request.user)
        if code:
            desk = next((d for d in own if d.code == code), None) or (
                Desk.objects.select_related("unit", "centre").filter(code=code).first()
            )
            if desk is None:
                raise DRFValidationError({"desk": [_("Unknown desk code.")]})
            return desk
        desks = own[:2]
        if len(desks) != 1:
            raise DRFValidationError({"desk": [_("Say which desk receives the dossier.")]})
        return desks[0]


class DossierActionView(APIView):
    """One action of the state table on one dossier: one service call, one event."""

    permission_classes = AUTHENTICATED

    @extend_schema(
        operation_id="dossiers_action",
        request=DossierActionSerializer,
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH),
            OpenApiParameter("action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ACTIONS),
        ],
        responses={
            200: DossierDetailSerializer,
            400: OpenApiResponse(description="Invalid input, field by field."),
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request, code: str, action: str):
        # Among the dossiers the user may read: another desk's staff learn nothing (404, as
        # when reading it); a user who reads it but may not act (a leader) gets 403.
        dossier = get_object_or_404(dossiers_visible_to(request.user), code=code)
        payload = DossierActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        receiver = None
        if data.get("receiver"):
            receiver = Unit.objects.filter(code=data["receiver"]).first()
            if receiver is None:
                raise DRFValidationError({"receiver": [_("Unknown unit code.")]})
        try:
            dossier = dossier_act(
                dossier=dossier,
                actor=request.user,
                action=action,
                note=data["note"],
                receiver=receiver,
                new_due_at=data.get("new_due_at"),
                out_of_order_reason=data.get("out_of_order_reason", ""),
                electronic_result=data.get("electronic_result"),
                result_digitised=data.get("result_digitised"),
            )
        except DossierActionNotAllowed as error:
            return Response(
                {
                    "detail": error.message,
                    "status": error.dossier.status if error.dossier else None,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            _bad_request(error)
        # Read again with its events; the actor may have handed it out of their sight.
        dossier = _with_events(Dossier.objects).get(pk=dossier.pk)
        dossier_applicant_access(user=request.user, dossier=dossier, via="api")
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


class PublicDossierView(APIView):
    """Tra cứu hồ sơ: anyone with the code and the check value printed on the receipt reads the
    dossier's state, never the applicant's data. Look-ups are counted per client; a failed one
    counts several times (see procedures.public_lookup)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="public_dossier_lookup",
        parameters=[
            OpenApiParameter(
                "check",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description="The check value printed beside the code on the receipt.",
            )
        ],
        responses={200: PublicDossierSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request, code: str):
        dossier = public_dossier_admitted(request, code)
        if dossier is None:
            return Response(
                {"detail": _("No dossier matches this code and check value.")}, status=404
            )
        return Response(PublicDossierSerializer(dossier).data)
