"""Serializers of administrative units, public administration centres and one-stop desks.

Related units, centres and staff are named by their codes and user names, as users know them.
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from procedures.models import Centre, Desk, DeskProcedureRule, Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True
    )
    successors = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), many=True, required=False
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level = serializers.IntegerField(read_only=True)

    class Meta:
        model = Unit
        fields = (
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "successors",
        )
        # Uniqueness is checked by the service, with the same message as the admin's.
        extra_kwargs = {"code": {"validators": []}, "valid_from": {"required": False}}


class CentreSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Centre
        fields = ("id", "code", "name", "level", "level_display", "unit", "valid_from", "valid_to")
        extra_kwargs = {"code": {"validators": []}, "valid_from": {"required": False}}


class DeskProcedureRuleSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")

    class Meta:
        model = DeskProcedureRule
        fields = ("procedure", "include")


class DeskSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    centre = serializers.SlugRelatedField(
        slug_field="code", queryset=Centre.objects.all(), required=False, allow_null=True
    )
    staff = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.all(), many=True, required=False
    )
    procedure_rules = DeskProcedureRuleSerializer(many=True, read_only=True)

    class Meta:
        model = Desk
        fields = (
            "id",
            "code",
            "name",
            "unit",
            "centre",
            "staff",
            "valid_from",
            "valid_to",
            "procedure_rules",
        )
        extra_kwargs = {"code": {"validators": []}, "valid_from": {"required": False}}


class DeskWithoutStaffSerializer(DeskSerializer):
    """A desk as users who do not manage desks read it: who works at a desk is a list of login
    names, shown only to administrators (issue 22)."""

    class Meta(DeskSerializer.Meta):
        fields = tuple(name for name in DeskSerializer.Meta.fields if name != "staff")


class DeskProcedureSerializer(serializers.Serializer):
    """A procedure a desk receives, in the version in force on the date asked."""

    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField()
    level = serializers.IntegerField()
    processing_time_value = serializers.DecimalField(max_digits=8, decimal_places=2)
    processing_time_unit = serializers.CharField()


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="Date (YYYY-MM-DD); today if empty.")
