"""API of the TTHC catalogue. Everyone logged in reads; reform officers and administrators
write; an administrator alone corrects a record outside a decision."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.catalogue import ProcedureVersionFilterSet
from api.permissions import ReadAnyWriteRoles
from api.serializers.catalogue import (
    CorrectionSerializer,
    DecisionAppliedSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    HistoryVersionSerializer,
    ProcedureVersionSerializer,
    PublishedSerializer,
    PublishSerializer,
    RefusalSerializer,
    TimeReviewAppliedSerializer,
    TimeReviewApplySerializer,
    TimeReviewCreateSerializer,
    TimeReviewSerializer,
    UnpublishedSerializer,
)
from procedures.models import Procedure, ProcedureVersion
from procedures.problems import Refused
from procedures.roles import Role
from procedures.selectors.catalogue import (
    STEPS_PREFETCH,
    decisions_list,
    procedure_history,
    procedure_versions_on,
    reviews_with_items,
    unpublished_versions,
)
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.services.catalogue import procedure_version_correct, procedure_versions_publish
from procedures.services.decisions import decision_apply, decision_create, decision_delete
from procedures.services.reviews import time_review_apply, time_review_create, time_review_delete
from procedures.validators import normalize_procedure_code

CATALOGUE_WRITERS = (Role.REFORM_OFFICER, Role.ADMINISTRATOR)
REFUSED = {
    400: OpenApiResponse(RefusalSerializer, description="Invalid: every problem is named."),
    409: OpenApiResponse(
        RefusalSerializer, description="Contradicts the catalogue: nothing changed."
    ),
}


def refusal_response(refusal: Refused) -> Response:
    """400 for bad input, 409 when the catalogue's state forbids it; nothing was written."""
    return Response(
        {
            "detail": _("Refused: nothing was changed."),
            "problems": [{**p.as_dict(), "text": str(p)} for p in refusal.problems],
        },
        status=status.HTTP_409_CONFLICT if refusal.conflict else status.HTTP_400_BAD_REQUEST,
    )


class CatalogueWritePermission(ReadAnyWriteRoles):
    default_write_roles = CATALOGUE_WRITERS


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="The catalogue on this date (default: today)."
)


class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """Danh mục TTHC: the procedures in force on a date (``as_of``, default today), filtered and
    searched (``q`` ignores diacritics and case); a procedure by its code; its history."""

    serializer_class = ProcedureVersionSerializer
    filterset_class = ProcedureVersionFilterSet
    permission_classes = [CatalogueWritePermission]
    write_roles = CATALOGUE_WRITERS
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z.]+"

    def get_queryset(self):
        return (
            ProcedureVersion.objects.select_related(
                "procedure", "sector", "decision_line", "time_review_item"
            )
            .prefetch_related(STEPS_PREFETCH)
            .order_by("procedure__code")
        )

    def _procedure(self) -> Procedure:
        # Local suffixes are upper case: 1.012508.h05 finds 1.012508.H05.
        return get_object_or_404(Procedure, code=normalize_procedure_code(self.kwargs["code"]))

    @extend_schema(parameters=[AS_OF])
    def retrieve(self, request, *args, **kwargs):
        """The version of the procedure in effect on ``as_of`` (abolished ones included)."""
        as_of = serializers.DateField().to_internal_value(
            request.query_params.get("as_of") or timezone.localdate().isoformat()
        )
        version = get_object_or_404(
            procedure_versions_on(as_of=as_of)
            .select_related("decision_line", "time_review_item")
            .prefetch_related(STEPS_PREFETCH),
            procedure=self._procedure(),
        )
        return Response(self.get_serializer(version).data)

    @extend_schema(responses=HistoryVersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, code=None):
        """Every version of the procedure, oldest first, with the decision behind each and the
        fields it changed."""
        versions = procedure_history(procedure=self._procedure())
        return Response(HistoryVersionSerializer(versions, many=True).data)

    @extend_schema(
        request=CorrectionSerializer,
        responses={201: ProcedureVersionSerializer, **REFUSED},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        write_roles=(Role.ADMINISTRATOR,),
        filterset_class=None,
    )
    def correct(self, request, code=None):
        """An administrator's correction (đính chính), recorded as such with its note."""
        data = CorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            version = procedure_version_correct(
                procedure=self._procedure(),
                changes=data.validated_data["changes"],
                note=data.validated_data["note"],
                valid_from=data.validated_data.get("valid_from"),
                user=request.user,
            )
        except Refused as refusal:
            return refusal_response(refusal)
        return Response(ProcedureVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Quyết định công bố: enter one with its lines, apply it (the catalogue moves in one
    transaction), delete one entered by mistake (not once applied)."""

    serializer_class = DecisionSerializer
    permission_classes = [CatalogueWritePermission]
    write_roles = CATALOGUE_WRITERS
    filterset_class = None

    def get_queryset(self):
        return decisions_list().prefetch_related("lines").select_related("applied_by")

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer, **REFUSED})
    def create(self, request, *args, **kwargs):
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = [dict(line) for line in values.pop("lines")]
        for line in lines:
            line["record"] = dict(line.get("record") or {})
        try:
            decision = decision_create(**values, lines=lines, user=request.user)
        except Refused as refusal:
            return refusal_response(refusal)
        return Response(
            DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={204: None, **REFUSED})
    def destroy(self, request, *args, **kwargs):
        try:
            decision_delete(decision=self.get_object())
        except Refused as refusal:
            return refusal_response(refusal)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: DecisionAppliedSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Apply the decision from its effective date. A decision contradicting the catalogue
        on that date is refused (409) with every offending line named; nothing changes."""
        decision = self.get_object()
        try:
            counts = decision_apply(decision=decision, user=request.user)
        except Refused as refusal:
            return refusal_response(refusal)
        decision = self.get_queryset().get(pk=decision.pk)
        return Response({"decision": DecisionSerializer(decision).data, "applied": counts})


class TimeReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Rà soát thời gian giải quyết: a review plan with, per procedure, the legal and applied
    times; each item's bucket (cut by 1/2, 1/3, less, not cut) is derived. Applying it makes
    its applied times the catalogue's from a date; one not applied may be deleted."""

    serializer_class = TimeReviewSerializer
    permission_classes = [CatalogueWritePermission]
    write_roles = CATALOGUE_WRITERS
    filterset_class = None

    def get_queryset(self):
        return reviews_with_items()

    @extend_schema(
        request=TimeReviewCreateSerializer, responses={201: TimeReviewSerializer, **REFUSED}
    )
    def create(self, request, *args, **kwargs):
        data = TimeReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        items = [dict(item) for item in values.pop("items")]
        try:
            review = time_review_create(**values, items=items, user=request.user)
        except Refused as refusal:
            return refusal_response(refusal)
        review = self.get_queryset().get(pk=review.pk)
        return Response(TimeReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **REFUSED})
    def destroy(self, request, *args, **kwargs):
        try:
            time_review_delete(review=self.get_object())
        except Refused as refusal:
            return refusal_response(refusal)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=TimeReviewApplySerializer,
        responses={200: TimeReviewAppliedSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Apply the review: each procedure's applied time becomes the catalogue's from
        ``effective_on`` (default: the review date), as a new version recorded as coming from
        the review. A review contradicting the catalogue then (a procedure not in force or
        changed later, a legal time changed since) is refused (409) naming every procedure."""
        review = self.get_object()
        data = TimeReviewApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            applied = time_review_apply(
                review=review,
                effective_on=data.validated_data.get("effective_on"),
                user=request.user,
            )
        except Refused as refusal:
            return refusal_response(refusal)
        review = self.get_queryset().get(pk=review.pk)
        return Response({"review": TimeReviewSerializer(review).data, "applied": applied.as_dict()})


class UnpublishedView(ListAPIView):
    """Changes announced (or corrected, or from an applied review) but not yet published in the
    national database, oldest first, paginated; ``id`` is what ``publish`` takes."""

    permission_classes = [CatalogueWritePermission]
    serializer_class = UnpublishedSerializer
    filterset_class = None

    def get_queryset(self):
        return unpublished_versions()


class PublishView(APIView):
    """Mark changes (versions) as published in the national database on a date."""

    permission_classes = [CatalogueWritePermission]
    write_roles = CATALOGUE_WRITERS

    @extend_schema(request=PublishSerializer, responses={200: PublishedSerializer, **REFUSED})
    def post(self, request):
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            count = procedure_versions_publish(
                version_ids=data.validated_data["versions"],
                published_on=data.validated_data["published_on"],
                user=request.user,
            )
        except Refused as refusal:
            return refusal_response(refusal)
        return Response({"published": count})


class CatalogueFiguresView(APIView):
    """Figures for the report section for a period (both dates included), optionally for one
    level or agency: computed from the catalogue, never typed in."""

    permission_classes = [CatalogueWritePermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("level", OpenApiTypes.INT, enum=[0, 1, 2, 3]),
            OpenApiParameter("agency", OpenApiTypes.INT, description="Unit id"),
            OpenApiParameter("agency_name", OpenApiTypes.STR),
        ],
        responses=FiguresSerializer,
    )
    def get(self, request):
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = catalogue_figures(**query.validated_data)
        return Response(FiguresSerializer(figures).data)
