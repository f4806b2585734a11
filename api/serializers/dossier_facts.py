"""Serializers of what others tell onestop about a dossier: the national portal's
confirmations (from the integration platform) and the citizen's rating."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.labels import ChoiceLabelField
from procedures.choices import DossierStatus, RatingLevel, ReturnsCount
from procedures.models import DossierRating, NationalSyncConfirmation


class NationalSyncInputSerializer(serializers.Serializer):
    status = serializers.IntegerField(
        help_text=_("The dossier's status (1–10) that reached the national portal.")
    )
    confirmed_at = serializers.DateTimeField(
        help_text=_("When the national portal accepted it, with its time zone.")
    )


class NationalSyncSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="dossier.code")
    status_label = ChoiceLabelField(DossierStatus, source="status")

    class Meta:
        model = NationalSyncConfirmation
        fields = ("code", "status", "status_label", "confirmed_at", "recorded_at")


class RatingInputSerializer(serializers.Serializer):
    overall = serializers.ChoiceField(
        choices=RatingLevel.choices, help_text=_("Overall satisfaction, 5 (very) to 1.")
    )
    on_time = serializers.ChoiceField(
        choices=RatingLevel.choices, help_text=_("Satisfaction with the time taken, 5 to 1.")
    )
    attitude = serializers.ChoiceField(
        choices=RatingLevel.choices, help_text=_("Satisfaction with the staff's attitude, 5 to 1.")
    )
    returns_count = serializers.ChoiceField(
        choices=ReturnsCount.choices,
        help_text=_("Times they had to come back to complete the dossier: 0, 1, 2 (or more)."),
    )


class RatingSerializer(serializers.ModelSerializer):
    """A rating as anyone may read it back: the answers and when, nothing about who."""

    code = serializers.CharField(source="dossier.code")

    class Meta:
        model = DossierRating
        fields = ("code", "overall", "on_time", "attitude", "returns_count", "channel", "rated_at")
