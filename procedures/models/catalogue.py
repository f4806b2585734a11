"""The TTHC catalogue: procedures with their full history, announcement decisions, time reviews."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import (
    ChangeKind,
    ImportKind,
    ImportStatus,
    Level,
    OnlineLevel,
    ProcedureStatus,
    TimeUnit,
)
from procedures.search import search_key
from procedures.validators import validate_procedure_code


class LevelSetField(models.PositiveSmallIntegerField):
    """Cấp thực hiện as a set: one bit per ``Level`` (a procedure carried out at province and
    commune level is both). ``levels__has=Level.COMMUNE`` selects by one level, the same SQL on
    PostgreSQL and SQLite."""


@LevelSetField.register_lookup
class HasLevel(models.Lookup):
    lookup_name = "has"

    def get_prep_lookup(self):
        return 1 << int(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


class Sector(models.Model):
    """Lĩnh vực: the field a procedure belongs to (Hộ tịch, Đất đai, ...)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính (TTHC): the stable identity of a procedure, its national code.

    Everything that can change lives in :class:`ProcedureVersion`; a procedure is never edited in
    place, so "the catalogue in force on date D" stays an exact query.
    """

    code = models.CharField(
        _("procedure code"), max_length=40, unique=True, validators=[validate_procedure_code]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.code


class AnnouncementDecision(models.Model):
    """Quyết định công bố: the Chairman's decision announcing catalogue changes."""

    number = models.CharField(_("number"), max_length=80, unique=True)
    signed_on = models.DateField(_("signed on"))
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    effective_on = models.DateField(_("effective on"))
    title = models.TextField(_("title"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("announcement decision")
        verbose_name_plural = _("announcement decisions")
        ordering = ("-effective_on", "number")

    def __str__(self) -> str:
        return self.number


class DecisionLine(models.Model):
    """One line of an announcement decision: a procedure newly announced, amended, replaced or
    abolished. ``record`` holds the national-record fields announced for new and amended lines."""

    decision = models.ForeignKey(
        AnnouncementDecision, on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("line (TT)"))
    change_kind = models.CharField(_("kind of change"), max_length=20, choices=ChangeKind.choices)
    procedure_code = models.CharField(_("procedure code"), max_length=40)
    replaced_code = models.CharField(
        _("replaced procedure code"),
        max_length=40,
        blank=True,
        help_text=_("For a replacement: the code of the procedure this line replaces."),
    )
    name = models.TextField(_("procedure name"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    record = models.JSONField(_("announced record"), default=dict, blank=True)
    # Cells of the decision's file taken in as written (cần xem lại), carried onto the version
    # the line makes when the decision is applied (ProcedureVersion.to_check).
    to_check = models.JSONField(_("to check"), default=list, blank=True)

    class Meta:
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        ordering = ("decision", "position")
        constraints = [
            models.UniqueConstraint(fields=("decision", "position"), name="decision_line_position"),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number} #{self.position} {self.change_kind} {self.procedure_code}"


class ProcedureVersion(models.Model):
    """One version of a procedure's national record, in force from ``valid_from`` until the day
    before ``superseded_on``. Each version comes from a decision line or, recorded as such, an
    administrator's correction; an abolition is a version with status ``abolished``."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    valid_from = models.DateField(_("in force from"))
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.IN_FORCE,
    )
    change_kind = models.CharField(_("kind of change"), max_length=20, choices=ChangeKind.choices)
    decision_line = models.ForeignKey(
        DecisionLine, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    correction_note = models.TextField(_("correction note"), blank=True)
    # A version made by applying a time review: its applied time is the review's.
    time_review_item = models.ForeignKey(
        "procedures.TimeReviewItem",
        verbose_name=_("time review item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    # The announcing decision's number, kept as text as well: records imported from the national
    # database name a decision that need not be entered here.
    decision_number = models.CharField(_("announcing decision"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    name = models.TextField(_("procedure name"))
    # Lower-cased and without diacritics: the same search on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, default="")
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="procedure_versions",
    )
    kind = models.CharField(_("kind of procedure"), max_length=255, blank=True)
    # Real records name several agencies in one cell (over 1,300 characters in the sample).
    agency_name = models.TextField(_("implementing agency"), blank=True)
    agency = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("implementing agency unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedure_versions",
    )
    # The first level the record names; ``levels`` holds them all.
    level = models.IntegerField(_("level"), choices=Level.choices, db_index=True)
    levels = LevelSetField(_("levels"), default=0)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # The processing time (one ProcessingTime: see ``processing_time``): no amount for same-day
    # procedures, "no time" and "to be completed"; the cut-off for same-day ones; the text read.
    processing_time_value = models.DecimalField(
        _("processing time"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    processing_time_unit = models.CharField(
        _("processing time unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    processing_time_cutoff = models.TimeField(_("same-day cut-off hour"), null=True, blank=True)
    processing_time_text = models.CharField(
        _("processing time as written"), max_length=500, blank=True
    )
    # Channels whose time differs from ``processing_time``: {channel: ProcessingTime.to_dict()}.
    channel_times = models.JSONField(_("processing time per channel"), default=dict, blank=True)
    applied_time_value = models.DecimalField(
        _("applied processing time"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The time applied locally after reductions; empty when not reduced."),
    )
    fees = models.TextField(_("fees and charges"), blank=True)
    # The one amount the fees text gives, when it gives exactly one (the intake's default);
    # null when it gives none or several (by case, by channel) and the desk must type it.
    fee_amount = models.PositiveBigIntegerField(_("fee amount (đồng)"), null=True, blank=True)
    online_payment = models.BooleanField(
        _("can be paid online"), default=False, help_text=_("Thanh toán trực tuyến.")
    )
    papers = models.JSONField(_("required papers"), default=list, blank=True)
    result_documents = models.TextField(_("result documents"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    online_level = models.IntegerField(
        _("online service level"), choices=OnlineLevel.choices, default=OnlineLevel.INFORMATION
    )
    is_one_stop = models.BooleanField(_("under the one-stop mechanism"), default=True)
    is_interconnected = models.BooleanField(_("interconnected one-stop"), default=False)
    interconnected_agencies = models.JSONField(
        _("interconnected agencies, in order"), default=list, blank=True
    )
    # Cần xem lại: cells of the national record that the import could not turn into a value.
    # The national publication is the authority, so the row went in with the text kept as
    # written and a neutral value (no computable time, empty papers...) for an officer to check:
    # [{"field", "column", "text", "reason"}]. A correction of a field clears its items.
    to_check = models.JSONField(_("to check"), default=list, blank=True)
    published_on = models.DateField(
        _("published in the national database on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ("procedure", "valid_from", "id")
        indexes = [
            models.Index(fields=("procedure", "valid_from"), name="procver_procedure_from"),
            models.Index(fields=("valid_from", "superseded_on"), name="procver_validity"),
            # Publication figures by period and the list of changes not yet published.
            models.Index(fields=("published_on",), name="procver_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(superseded_on__isnull=True)
                | Q(superseded_on__gt=models.F("valid_from")),
                name="procver_validity_ordered",
            ),
            # At most one open (current) version per procedure.
            models.UniqueConstraint(
                fields=("procedure",),
                condition=Q(superseded_on__isnull=True),
                name="procver_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} @ {self.valid_from}"

    def save(self, *args, **kwargs):
        # Derived, so it can never disagree with the name; bulk writers call fold() themselves.
        self.search_text = search_key(self.name)
        if not self.levels and self.level is not None:
            self.levels = Level.mask([self.level])
        super().save(*args, **kwargs)

    @property
    def last_day(self):
        """The last day this version is in force (``superseded_on`` is the next one's first)."""
        return self.superseded_on - timedelta(days=1) if self.superseded_on else None

    @property
    def processing_time(self) -> ProcessingTime:
        """Thời hạn giải quyết as the law gives it."""
        return ProcessingTime(
            self.processing_time_value,
            self.processing_time_unit,
            self.processing_time_cutoff,
            self.processing_time_text,
        )

    @property
    def effective_time(self) -> ProcessingTime:
        """The time that counts for dossiers: the applied (reduced) time when there is one."""
        legal = self.processing_time
        if self.applied_time_value is None or legal.amount is None:
            return legal
        return ProcessingTime(self.applied_time_value, legal.unit)

    def processing_time_for(self, channel: str | None) -> ProcessingTime:
        """The time a dossier that came in by ``channel`` takes: the channel's own time when
        the record gives one, else the procedure's (applied when reduced)."""
        if channel and channel in (self.channel_times or {}):
            return ProcessingTime.from_dict(self.channel_times[channel])
        return self.effective_time

    @property
    def level_list(self) -> list[int]:
        return Level.of_mask(self.levels) or [self.level]

    @property
    def effective_time_value(self):
        """The time that counts for dossiers: the applied time when reduced, else the legal one."""
        return (
            self.applied_time_value
            if self.applied_time_value is not None
            else self.processing_time_value
        )


class TimeReview(models.Model):
    """Rà soát, cắt giảm thời gian giải quyết: a review plan that cuts processing times.

    A review is first recorded (its figures count from ``reviewed_on``), then applied: each
    item's applied time becomes the procedure's locally applied time from ``effective_on``, as a
    new version of the procedure recorded as coming from this review."""

    plan_number = models.CharField(_("plan number"), max_length=80)
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    effective_on = models.DateField(
        _("applied times in force from"),
        null=True,
        blank=True,
        help_text=_("Set when the review is applied to the catalogue."),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("time review")
        verbose_name_plural = _("time reviews")
        ordering = ("-reviewed_on",)

    def __str__(self) -> str:
        return f"{self.plan_number} ({self.reviewed_on})"


class TimeReviewItem(models.Model):
    """One procedure in a review: its legal time and the applied time. The bucket (cut by at least
    1/2, at least 1/3, less, not cut) is derived from the two numbers, never typed in."""

    review = models.ForeignKey(TimeReview, on_delete=models.CASCADE, related_name="items")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="review_items")
    legal_time_value = models.DecimalField(_("legal time"), max_digits=8, decimal_places=2)
    applied_time_value = models.DecimalField(_("applied time"), max_digits=8, decimal_places=2)
    time_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )

    class Meta:
        verbose_name = _("time review item")
        verbose_name_plural = _("time review items")
        constraints = [
            models.UniqueConstraint(fields=("review", "procedure"), name="review_item_unique"),
            models.CheckConstraint(
                condition=Q(applied_time_value__lte=models.F("legal_time_value")),
                name="review_item_not_longer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.procedure.code}"


class CatalogueImport(models.Model):
    """Lượt nhập dữ liệu danh mục: one file uploaded on the import screen, imported by a Celery
    task. The file is kept in the row so that a worker on another machine can read it; progress
    while running lives in the cache (the import itself is one transaction, invisible until it
    commits), the outcome in this row."""

    kind = models.CharField(_("kind of file"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    # When a worker last claimed it, and how many times it was started (a retry starts it again).
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written every few seconds by the process running it: when it stops, the worker is gone.
    beat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Only the first IMPORT_PROBLEMS_KEPT problems are kept, the total counted: a file of
    # 100.000 bad rows must not store (and every page then load) hundreds of megabytes.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problems_total = models.PositiveIntegerField(_("number of problems"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    decision = models.ForeignKey(
        AnnouncementDecision,
        verbose_name=_("announcement decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class InterconnectedStep(models.Model):
    """Một bước của thủ tục liên thông: one agency of an interconnected procedure, in order,
    with its share of the processing time (from the announcing decision, e.g. "UBND cấp xã 3
    ngày làm việc → Công an cấp huyện 5 ngày làm việc")."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="interconnected_steps"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    agency = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="interconnected_steps",
    )
    share_value = models.DecimalField(
        _("share of the processing time"), max_digits=8, decimal_places=2
    )
    share_unit = models.CharField(
        _("unit of the share"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )

    class Meta:
        verbose_name = _("interconnected step")
        verbose_name_plural = _("interconnected steps")
        ordering = ("version", "position")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "position"), name="interconnected_step_order"
            ),
            models.UniqueConstraint(
                fields=("version", "agency"), name="interconnected_step_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.agency_id}: {self.share_value} {self.share_unit}"
