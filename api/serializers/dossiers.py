"""Serializers of the dossier API: staff views with events, intake and action inputs, and the
public lookup that carries no personal data."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.cached_fields import FieldsBuiltOnceMixin
from api.serializers.labels import ChoiceLabelField
from procedures.choices import Channel, DossierStatus, Outcome
from procedures.dossier_flow import ACTION_LABELS, ACTIONS, WAITING_STATUSES
from procedures.models import Dossier, DossierEvent
from procedures.people import person_name
from procedures.personal_data import masked_applicant, user_handles_dossier
from procedures.selectors.dossiers import dossier_allowed_actions, dossier_no_time_limit_text
from procedures.validators import validate_id_number, validate_visible_text


class DossierEventSerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    action_label = serializers.SerializerMethodField()
    from_status_label = ChoiceLabelField(DossierStatus, source="from_status", allow_null=True)
    to_status_label = ChoiceLabelField(DossierStatus, source="to_status")
    actor = serializers.SerializerMethodField()
    giver = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    receiver = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    giver_name = serializers.CharField(source="giver.name", default=None, allow_null=True)
    receiver_name = serializers.CharField(source="receiver.name", default=None, allow_null=True)

    class Meta:
        model = DossierEvent
        fields = (
            "action",
            "action_label",
            "from_status",
            "from_status_label",
            "to_status",
            "to_status_label",
            "actor",
            "at",
            "note",
            "giver",
            "giver_name",
            "receiver",
            "receiver_name",
            "due_at",
            "new_due_at",
            "held_work",
            "share_work",
            "late_work",
            "out_of_order_reason",
        )

    def get_action_label(self, event) -> str:
        return str(ACTION_LABELS.get(event.action, event.action))

    def get_actor(self, event) -> str | None:
        if event.actor is None:
            return None
        return person_name(event.actor)


@extend_schema_field({"type": "string", "nullable": True})
class NoTimeLimitField(serializers.Field):
    """Why a dossier has no due date (``due_at`` is null): the procedure has no time limit, or
    its time is still to be completed in the catalogue; null when it has one."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Why the dossier has no due date (no time limit, or a time not yet fully "
                "announced); null when it has one. Such dossiers are never overdue and stay "
                "out of the on-time statistics."
            ),
        )
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, dossier) -> str | None:
        return None if dossier.due_at is not None else dossier_no_time_limit_text(dossier)


class DossierSerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    no_time_limit = NoTimeLimitField()
    desk = serializers.SlugRelatedField(slug_field="code", read_only=True)
    desk_name = serializers.CharField(source="desk.name")
    centre = serializers.CharField(source="desk.centre.code", default=None, allow_null=True)
    procedure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    procedure_name = serializers.CharField(source="procedure_version.name")
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = ChoiceLabelField(DossierStatus, source="status")
    outcome_label = ChoiceLabelField(Outcome, source="outcome", allow_null=True)
    current_agency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    late_agency = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("The agency whose holding time exceeded its share (interconnected)."),
    )
    late_agency_name = serializers.CharField(
        source="late_agency.name", default=None, allow_null=True
    )

    class Meta:
        model = Dossier
        fields = (
            "code",
            "desk",
            "desk_name",
            "centre",
            "procedure",
            "procedure_name",
            "sector",
            "channel",
            "applicant_name",
            "status",
            "status_label",
            "received_at",
            "due_at",
            "no_time_limit",
            "resolved_at",
            "returned_at",
            "outcome",
            "outcome_label",
            "is_overdue",
            "apology_due_at",
            "current_agency",
            "supplement_count",
            "closed_at",
            "late_agency",
            "late_agency_name",
            "late_766",
            "apology_in_time",
            "waiting_work",
            # Decision 766's facts (issue 19): null = not known.
            "papers_digitised",
            "data_reused",
            "fee_amount",
            "paid_online",
            "electronic_result",
            "result_digitised",
            "national_synced_at",
            "national_synced_status",
        )

    def to_representation(self, dossier):
        data = super().to_representation(dossier)
        request = self.context.get("request")
        # Decree 13/2023: who does not handle the dossier (a leader, a reform officer) reads
        # the applicant masked (procedures.personal_data).
        if request is not None and not user_handles_dossier(request.user, dossier):
            data.update(
                (field, value)
                for field, value in masked_applicant(dossier).items()
                if field in data
            )
        return data


class ReceivedPaperSerializer(serializers.Serializer):
    name = serializers.CharField()
    digitised = serializers.BooleanField()
    reused = serializers.BooleanField()


class DossierDetailSerializer(DossierSerializer):
    events = DossierEventSerializer(many=True, read_only=True)
    papers = ReceivedPaperSerializer(source="paper_list", many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = (
            *DossierSerializer.Meta.fields,
            "applicant_id_number",
            "applicant_phone",
            "applicant_address",
            "applicant_email",
            "papers",
            "rejection_reason",
            "allowed_actions",
            "events",
        )

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS)))
    def get_allowed_actions(self, dossier) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return dossier_allowed_actions(dossier=dossier, user=request.user)


class DossierCreateSerializer(FieldsBuiltOnceMixin, serializers.Serializer):
    desk = serializers.CharField(
        required=False,
        help_text=_("Agency code of the desk; may be left out by staff of a single desk."),
    )
    procedure = serializers.CharField(help_text=_("Procedure code, e.g. 1.001193."))
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant_name = serializers.CharField(max_length=255, validators=[validate_visible_text])
    applicant_id_number = serializers.CharField(max_length=12, validators=[validate_id_number])
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    applicant_email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    papers = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        default=list,
        help_text=_(
            'Each paper a name, or {"name": …, "digitised": true|false, "reused": true|false} '
            "(a name alone: neither digitised nor reused)."
        ),
    )
    fee_amount = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_(
            "Fee or charge to pay, whole đồng; 0 when nothing is to pay; absent: the "
            "procedure's single amount from the catalogue."
        ),
    )
    paid_online = serializers.BooleanField(required=False, allow_null=True, default=None)


class DossierActionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Note; the reason for a rejection, the missing papers for a supplement."),
    )
    receiver = serializers.CharField(
        required=False, help_text=_("For a hand-over: the official code of the receiving unit.")
    )
    new_due_at = serializers.DateTimeField(
        required=False, help_text=_("For an apology: the new date of the result.")
    )
    out_of_order_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "For a hand-over to a unit that is not next among the procedure's agencies: why "
            "(administrators only)."
        ),
    )
    electronic_result = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("For a resolution: the result was issued electronically (kết quả điện tử)."),
    )
    result_digitised = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("For a resolution: the paper result was digitised."),
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.IntegerField(required=False, help_text=_("The dossier's current state."))


class PublicDossierSerializer(serializers.ModelSerializer):
    """What anyone may read with a dossier code: never the applicant's identity or contacts."""

    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    desk_name = serializers.CharField(source="desk.name")
    status_label = ChoiceLabelField(DossierStatus, source="status")
    outcome_label = ChoiceLabelField(Outcome, source="outcome", allow_null=True)
    clock_stopped = serializers.SerializerMethodField(
        help_text=_(
            "True while the applicant is awaited (supplement, financial obligation): the due "
            "moment is set again when processing resumes."
        )
    )

    no_time_limit = NoTimeLimitField()
    late_step = serializers.CharField(
        source="late_agency.name",
        default=None,
        help_text=_("The agency whose step made the dossier late (no personal data)."),
    )

    def get_clock_stopped(self, dossier) -> bool:
        return dossier.status in WAITING_STATUSES

    class Meta:
        model = Dossier
        fields = (
            "code",
            "procedure",
            "procedure_name",
            "desk_name",
            "status",
            "status_label",
            "received_at",
            "due_at",
            "no_time_limit",
            "clock_stopped",
            "is_overdue",
            "apology_due_at",
            "resolved_at",
            "returned_at",
            "outcome",
            "outcome_label",
            "late_step",
        )


__all__ = ["DossierStatus"]
