"""Units, centres and desks: read for every logged-in user, written by administrators through
the services (``procedures.services.units``). Units, centres and desks are never deleted: they
end, with ``valid_to``, so reports on past periods still find them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from api.filters.units import CentreFilter, DeskFilter, UnitFilter
from api.permissions import ReadAnyWriteRoles
from api.serializers.units import (
    AsOfQuerySerializer,
    CentreSerializer,
    DeskProcedureSerializer,
    DeskSerializer,
    DeskWithoutStaffSerializer,
    UnitSerializer,
)
from procedures.roles import user_manages_desks
from procedures.selectors.units import (
    centre_list,
    desk_list,
    desk_procedure_versions,
    unit_list,
)
from procedures.services.units import (
    centre_create,
    centre_update,
    desk_create,
    desk_update,
    unit_create,
    unit_update,
)


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc


class _ServiceViewSet(viewsets.ModelViewSet):
    permission_classes = (ReadAnyWriteRoles,)
    http_method_names = ("get", "post", "put", "patch", "head", "options")
    create_service = update_service = None
    instance_name = ""

    def perform_create(self, serializer):
        serializer.instance = _call(type(self).create_service, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = _call(
            type(self).update_service,
            **{self.instance_name: serializer.instance, "data": serializer.validated_data},
        )


class UnitViewSet(_ServiceViewSet):
    """Đơn vị hành chính. ``valid_on`` lists the units as they were on a date."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    create_service, update_service, instance_name = unit_create, unit_update, "unit"

    def get_queryset(self):
        return unit_list()


class CentreViewSet(_ServiceViewSet):
    """Trung tâm Hành chính công."""

    serializer_class = CentreSerializer
    filterset_class = CentreFilter
    create_service, update_service, instance_name = centre_create, centre_update, "centre"

    def get_queryset(self):
        return centre_list()


class DeskViewSet(_ServiceViewSet):
    """Bộ phận tiếp nhận và trả kết quả, with its staff and procedure additions/exclusions."""

    serializer_class = DeskSerializer
    filterset_class = DeskFilter
    create_service, update_service, instance_name = desk_create, desk_update, "desk"

    def get_queryset(self):
        return desk_list()

    def get_serializer_class(self):
        # Staff names are login names: only those who manage desks see them (the `staff`
        # filter is likewise theirs: api.filters.units.DeskFilter).
        if self.action in ("list", "retrieve") and not user_manages_desks(self.request.user):
            return DeskWithoutStaffSerializer
        return super().get_serializer_class()

    @extend_schema(parameters=[AsOfQuerySerializer], responses=DeskProcedureSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=DeskProcedureSerializer)
    def procedures(self, request, pk=None):
        """The procedures this desk receives on ``as_of`` (today by default): by level and
        implementing agency, plus the desk's additions, minus its exclusions."""
        query = AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        versions = desk_procedure_versions(desk=self.get_object(), as_of=as_of)
        page = self.paginate_queryset(versions)
        data = DeskProcedureSerializer(page, many=True).data
        return self.get_paginated_response(data)
