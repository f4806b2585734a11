"""Serializers of the TTHC catalogue: procedures and their history, announcement decisions,
time reviews, publication and figures."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.calendar import HourMinuteField
from api.serializers.periods import PeriodQuerySerializer
from procedures.choices import (
    ChangeKind,
    Channel,
    Level,
    OnlineLevel,
    ReviewBucket,
    TimeUnit,
)
from procedures.models import (
    AnnouncementDecision,
    DecisionLine,
    ProcedureVersion,
    Sector,
    TimeReview,
    TimeReviewItem,
)
from procedures.selectors.catalogue import version_steps_text

LINE_KINDS = [c for c in ChangeKind.choices if c[0] != ChangeKind.CORRECTION]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class PaperSerializer(serializers.Serializer):
    name = serializers.CharField()
    originals = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    copies = serializers.IntegerField(min_value=0, allow_null=True, required=False)


class ToCheckItemSerializer(serializers.Serializer):
    """A cell of the national record taken in as written, for an officer to check (cần xem lại)."""

    field = serializers.CharField(help_text=_("The version's field the cell would have set."))
    column = serializers.CharField(help_text=_("The column of the imported file."))
    text = serializers.CharField(
        allow_blank=True, help_text=_("The cell's text, verbatim as the portal wrote it.")
    )
    reason = serializers.CharField(help_text=_("Why it could not be read into a value."))


class InterconnectedStepSerializer(serializers.Serializer):
    """One agency of an interconnected procedure, in order, with its share of the time."""

    position = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    share_value = serializers.DecimalField(max_digits=8, decimal_places=2)
    share_unit = serializers.ChoiceField(choices=TimeUnit.choices)


class ProcedureVersionSerializer(serializers.ModelSerializer):
    """A procedure as the catalogue holds it on a date: one version of its national record."""

    code = serializers.CharField(source="procedure.code")
    sector = SectorSerializer()
    level_display = serializers.CharField(source="get_level_display")
    levels = serializers.ListField(
        source="level_list",
        child=serializers.ChoiceField(choices=Level.choices),
        help_text=_("Every level the procedure is carried out at (cấp thực hiện)."),
    )
    processing_time = serializers.CharField(
        source="processing_time.portal_text",
        help_text=_("As the national portal writes it: “15 Ngày”, “15 Ngày làm việc”."),
    )
    processing_time_cutoff = HourMinuteField(allow_null=True)
    channel_times = serializers.JSONField(
        help_text=_(
            "Channels whose time differs from the procedure's: {channel: {amount, unit, cutoff}}."
        )
    )
    online_level_display = serializers.CharField(source="get_online_level_display")
    papers = PaperSerializer(many=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices))
    interconnected_agencies = serializers.ListField(child=serializers.CharField())
    interconnected_steps = InterconnectedStepSerializer(
        many=True,
        read_only=True,
        help_text=_("The agencies in order, each with its share of the processing time."),
    )
    interconnected_steps_text = serializers.SerializerMethodField(
        help_text=_("The steps as decisions write them (what the decision and import accept).")
    )
    to_check = ToCheckItemSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Cells of the national record the import could not read (cần xem lại): kept "
            "verbatim, with a neutral value (e.g. no computable time limit) until an officer "
            "corrects the field. Empty when nothing needs checking."
        ),
    )
    decision_id = serializers.IntegerField(
        source="decision_line.decision_id", allow_null=True, default=None
    )
    time_review_id = serializers.IntegerField(
        source="time_review_item.review_id",
        allow_null=True,
        default=None,
        help_text=_("The time review whose applied time this version took, if any."),
    )

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "name",
            "sector",
            "kind",
            "agency",
            "agency_name",
            "level",
            "level_display",
            "levels",
            "channels",
            "processing_time",
            "processing_time_value",
            "processing_time_unit",
            "processing_time_cutoff",
            "processing_time_text",
            "channel_times",
            "applied_time_value",
            "fees",
            "papers",
            "result_documents",
            "legal_basis",
            "online_level",
            "online_level_display",
            "is_one_stop",
            "is_interconnected",
            "interconnected_agencies",
            "interconnected_steps",
            "interconnected_steps_text",
            "status",
            "change_kind",
            "valid_from",
            "superseded_on",
            "decision_number",
            "decision_id",
            "time_review_id",
            "correction_note",
            "to_check",
            "published_on",
        ]

    def get_interconnected_steps_text(self, version) -> str:
        return version_steps_text(version)


class ChangedFieldSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()


class HistoryVersionSerializer(ProcedureVersionSerializer):
    """A version in a procedure's history, with the fields it changed from the one before."""

    changed_fields = ChangedFieldSerializer(many=True)

    class Meta(ProcedureVersionSerializer.Meta):
        fields = [*ProcedureVersionSerializer.Meta.fields, "changed_fields"]


class RecordSerializer(serializers.Serializer):
    """The announced fields of a national record; for an amendment, only those that change."""

    name = serializers.CharField(required=False)
    sector_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    sector_name = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.CharField(required=False, allow_blank=True)
    agency_name = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices), required=False, min_length=1
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), required=False
    )
    processing_time_value = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )
    processing_time_unit = serializers.ChoiceField(choices=TimeUnit.choices, required=False)
    processing_time_cutoff = serializers.CharField(
        required=False, allow_null=True, help_text="same_day: the cut-off hour, HH:MM"
    )
    processing_time_text = serializers.CharField(required=False, allow_blank=True)
    channel_times = serializers.JSONField(required=False)
    applied_time_value = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )
    fees = serializers.CharField(required=False, allow_blank=True)
    papers = PaperSerializer(many=True, required=False)
    result_documents = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices, required=False)
    is_one_stop = serializers.BooleanField(required=False)
    is_interconnected = serializers.BooleanField(required=False)
    interconnected_agencies = serializers.ListField(child=serializers.CharField(), required=False)
    interconnected_steps = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "The agencies in order with their shares, as the decision writes them: “UBND cấp xã "
            "3 ngày làm việc → Công an cấp huyện 5 ngày làm việc” (units valid on the date)."
        ),
    )


class DecisionLineSerializer(serializers.ModelSerializer):
    change_kind = serializers.ChoiceField(choices=LINE_KINDS)
    record = RecordSerializer(required=False)
    position = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = DecisionLine
        fields = [
            "position",
            "change_kind",
            "procedure_code",
            "replaced_code",
            "name",
            "legal_basis",
            "record",
            "to_check",
        ]
        # Cells of an imported file taken in as written; a line entered through the API has none.
        read_only_fields = ["to_check"]
        extra_kwargs = {
            "replaced_code": {"required": False},
            "name": {"required": False},
            "legal_basis": {"required": False},
        }


class DecisionSerializer(serializers.ModelSerializer):
    lines = DecisionLineSerializer(many=True, read_only=True)
    applied_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AnnouncementDecision
        fields = [
            "id",
            "number",
            "signed_on",
            "signer",
            "effective_on",
            "title",
            "applied_at",
            "applied_by",
            "lines",
        ]


class DecisionCreateSerializer(serializers.Serializer):
    """An announcement decision with its lines, as entered (applied separately)."""

    number = serializers.CharField(max_length=80)
    signed_on = serializers.DateField()
    effective_on = serializers.DateField()
    signer = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    lines = DecisionLineSerializer(many=True)


class AppliedCountsSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    amended = serializers.IntegerField()
    replaced = serializers.IntegerField()
    abolished = serializers.IntegerField()


class DecisionAppliedSerializer(serializers.Serializer):
    decision = DecisionSerializer()
    applied = AppliedCountsSerializer()


class ProblemSerializer(serializers.Serializer):
    message = serializers.CharField()
    line = serializers.IntegerField(required=False)
    row = serializers.IntegerField(required=False)
    sheet = serializers.CharField(required=False)
    column = serializers.CharField(required=False)
    code = serializers.CharField(required=False)


class RefusalSerializer(serializers.Serializer):
    """A refusal: nothing was written; every problem is listed."""

    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)


class CorrectionSerializer(serializers.Serializer):
    changes = RecordSerializer()
    note = serializers.CharField()
    valid_from = serializers.DateField(required=False, allow_null=True)


class TimeReviewItemSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="procedure.code")
    bucket = serializers.ChoiceField(choices=ReviewBucket.choices)
    changed = serializers.BooleanField(
        help_text=_("Once the review is applied: whether it changed the procedure's applied time.")
    )

    class Meta:
        model = TimeReviewItem
        fields = [
            "procedure_code",
            "legal_time_value",
            "applied_time_value",
            "time_unit",
            "bucket",
            "changed",
        ]


class TimeReviewSerializer(serializers.ModelSerializer):
    """A review with its items, each with its derived bucket (items prefetched by the view)."""

    items = TimeReviewItemSerializer(many=True)
    applied_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = TimeReview
        fields = [
            "id",
            "plan_number",
            "reviewed_on",
            "note",
            "effective_on",
            "applied_at",
            "applied_by",
            "items",
        ]


class TimeReviewApplySerializer(serializers.Serializer):
    effective_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The applied times count from this date (default: the review date)."),
    )


class ReviewAppliedCountsSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class TimeReviewAppliedSerializer(serializers.Serializer):
    review = TimeReviewSerializer()
    applied = ReviewAppliedCountsSerializer()


class TimeReviewItemInputSerializer(serializers.Serializer):
    procedure_code = serializers.CharField()
    applied_time_value = serializers.DecimalField(max_digits=8, decimal_places=2)
    legal_time_value = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Default: the legal time of the version in force on the review date."),
    )
    time_unit = serializers.ChoiceField(choices=TimeUnit.choices, required=False)


class TimeReviewCreateSerializer(serializers.Serializer):
    plan_number = serializers.CharField(max_length=80)
    reviewed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    items = TimeReviewItemInputSerializer(many=True)


class PublishSerializer(serializers.Serializer):
    versions = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    published_on = serializers.DateField()


class PublishedSerializer(serializers.Serializer):
    published = serializers.IntegerField()


class UnpublishedSerializer(ProcedureVersionSerializer):
    id = serializers.IntegerField()

    class Meta(ProcedureVersionSerializer.Meta):
        fields = ["id", *ProcedureVersionSerializer.Meta.fields]


class FiguresQuerySerializer(PeriodQuerySerializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    agency = serializers.IntegerField(required=False)
    agency_name = serializers.CharField(required=False, allow_blank=True, default="")


class AnnouncedFiguresSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    amended = serializers.IntegerField()
    replaced = serializers.IntegerField()
    abolished = serializers.IntegerField()
    corrected = serializers.IntegerField()


class ReviewFiguresSerializer(serializers.Serializer):
    reviewed = serializers.IntegerField()
    half = serializers.IntegerField()
    third = serializers.IntegerField()
    less = serializers.IntegerField()
    not_cut = serializers.IntegerField()


class TotalFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    one_stop = serializers.IntegerField()
    interconnected = serializers.IntegerField()


class LevelFiguresSerializer(TotalFiguresSerializer):
    level = serializers.IntegerField()
    label = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    level = serializers.IntegerField(allow_null=True)
    agency = serializers.IntegerField(allow_null=True)
    agency_name = serializers.CharField()
    announced = AnnouncedFiguresSerializer()
    published = serializers.IntegerField()
    reviews = ReviewFiguresSerializer()
    in_force = LevelFiguresSerializer(many=True)
    in_force_total = TotalFiguresSerializer()
