"""Dossiers (hồ sơ) received at one-stop desks, their daily code sequence and immutable events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.choices import Channel, DossierStatus, Outcome
from procedures.dossier_papers import paper_items

OPEN_STATUSES = (
    DossierStatus.REGISTERED_ONLINE,
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROCESS,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION_REQUESTED,
)


# The states in which a dossier past its due date is overdue: its clock running (2, 4), or
# waiting for the applicant (5, 6) after its time had run out (the overdue list's partial
# indexes). Written as "one of these four statuses, and running or out of time" rather than
# "running, or waiting and out of time" (the same rows): PostgreSQL then finds the status
# condition in the partial indexes' own condition and does not AND the index on status in
# too. Under the OR form it did, for the staff's overdue list (their desks' index OR their
# units' index): every running dossier of every desk read, twice per page (issue 9).
OVERDUE_STATES = Q(status__in=[2, 4, 5, 6]) & (Q(status__in=[2, 4]) | Q(clock_ran_out=True))

# The work queue's order: dossiers whose clock runs first, those waiting for the applicant
# (supplement, financial obligation: statuses 5 and 6) after them. An index is built on it.
WAITING_LAST_EXPRESSION = models.Case(
    models.When(status__in=[5, 6], then=models.Value(1)), default=models.Value(0)
)


class Dossier(models.Model):
    """Hồ sơ: one application received at a desk for one procedure.

    ``procedure_version`` is the catalogue version in force at the moment of receipt, so the
    processing time that applied never changes when the catalogue does later.
    """

    # Unique by a constraint in Meta, not ``unique=True``: that would add a second, LIKE-pattern
    # index on PostgreSQL that no query uses (codes are looked up whole).
    code = models.CharField(_("dossier code"), max_length=64)
    # desk, procedure and sector: no index of their own; the (x, received_at) indexes below
    # start with them and serve their joins and PROTECT checks as well.
    desk = models.ForeignKey(
        "procedures.Desk",
        verbose_name=_("one-stop desk"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers"
    )
    # Denormalised from the version so statistics group by sector without a join.
    sector = models.ForeignKey(
        "procedures.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("ID number"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    # Items are {"name", "digitised", "reused"}; items stored as plain names (before issue 19)
    # read as not digitised, not reused (procedures.record_papers.paper_items).
    papers = models.JSONField(_("papers received"), default=list, blank=True)
    # The facts the serving index of Decision 766 counts, captured at intake and resolution.
    # Null = not known (history imported without the column), never "no".
    papers_digitised = models.BooleanField(
        _("papers digitised at intake"),
        null=True,
        blank=True,
        help_text=_("Số hóa thành phần hồ sơ: every paper received was digitised."),
    )
    data_reused = models.BooleanField(
        _("digitised data reused"),
        null=True,
        blank=True,
        help_text=_("Tái sử dụng dữ liệu số hóa: at least one paper came from stored data."),
    )
    fee_amount = models.PositiveBigIntegerField(
        _("fee or charge to pay (đồng)"),
        null=True,
        blank=True,
        help_text=_("Whole đồng; 0 = nothing to pay."),
    )
    paid_online = models.BooleanField(_("paid online"), null=True, blank=True)
    electronic_result = models.BooleanField(_("electronic result"), null=True, blank=True)
    result_digitised = models.BooleanField(_("result digitised"), null=True, blank=True)
    # The last confirmation by the province's integration platform that a status reached the
    # national portal (the rows themselves: NationalSyncConfirmation).
    national_synced_at = models.DateTimeField(
        _("confirmed on the national portal at"), null=True, blank=True
    )
    national_synced_status = models.IntegerField(
        _("status confirmed on the national portal"),
        choices=DossierStatus.choices,
        null=True,
        blank=True,
    )

    status = models.IntegerField(
        _("status"), choices=DossierStatus.choices, default=DossierStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    # Null for a procedure with no time limit ("Không quy định") or a time still to be
    # completed in the catalogue: such a dossier is never overdue, has no outcome and stays out
    # of the on-time statistics (counted apart as ``no_time_limit``).
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The clock: due_at == calendar.add_working_time(clock_started_at, clock_work), both null
    # without a time limit. Kept so that a calendar change recomputes open dossiers' due moments.
    clock_started_at = models.DateTimeField(_("clock started at"))
    clock_work = models.DurationField(
        _("working time left when the clock started"), null=True, blank=True
    )
    # Where the dossier is now: the processing agency it was last handed to.
    current_agency = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("processing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_in_hand",
        db_index=False,  # a partial index in Meta: only dossiers handed over
    )
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # When processing ended: resolved, rejected, withdrawn or stopped (the result's return later
    # does not move it). "Open at moment T" is exactly received_at <= T < closed_at.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, null=True, blank=True
    )
    # Set by the overdue watch for a running clock past its due moment, and when the clock stops
    # on a dossier already overdue (it stays overdue while it waits). Screens and filters
    # compute overdueness from the moments; this flag is the watch's record.
    is_overdue = models.BooleanField(_("overdue"), default=False)
    apology_due_at = models.DateTimeField(_("new date after apology"), null=True, blank=True)
    # The clock was asked to stop after its due moment: nothing was stopped, the due moment stays
    # and the dossier stays late whatever the supplement mode (procedures.calendar.clock).
    clock_ran_out = models.BooleanField(
        _("time ran out before a request"), default=False, db_default=False
    )
    # What the statistics group by, written by the services from procedures.calendar.clock:
    # working time spent waiting for the applicant (left out by Decision 766), late for 766
    # (resolved late, or more than one supplement request), the apology's timing (at least one
    # working day before the due date), and the agency that held it past its share.
    waiting_work = models.DurationField(_("working time waiting for the applicant"), null=True)
    late_766 = models.BooleanField(_("late for Decision 766"), null=True, blank=True)
    apology_in_time = models.BooleanField(_("apology in time"), null=True, blank=True)
    late_agency = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("agency that made it late"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="late_dossiers",
    )
    rejection_reason = models.TextField(_("reason"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index in Meta: imported dossiers have nobody here
    )
    # Unique per user who sent it (see Meta): keys are the client's, not global, so one client's
    # key never answers with, or reveals, another's dossier.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    # SHA-256 of the intake request that used ``idempotency_key``: a retry with the same key but a
    # different body is refused instead of silently answering with another applicant's dossier.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ("-received_at",)
        # Every index here serves a query (issue 9: each one costs every insert, and a million
        # imported rows pay for each). The list pages are keyset-paginated by (received_at, id).
        indexes = [
            # The dossier list, newest first, and its "received between" filter. With the due
            # moment last: "overdue at a moment" walks the list's order from that moment back,
            # and the dossiers not yet due then (every day of the longest processing time) are
            # passed over inside the index, not read one by one from the table (38 ms → 2 ms
            # at 10.000.000 dossiers).
            models.Index(fields=("received_at", "id", "due_at"), name="dossier_received"),
            # The list filtered by state, in the list's order to its last key: a common state
            # is then read as a range too, not found by walking every newer dossier.
            models.Index(fields=("status", "received_at", "id"), name="dossier_status_received_id"),
            # The list per desk / sector / procedure, and statistics of them over a period.
            models.Index(fields=("desk", "received_at"), name="dossier_desk_received"),
            models.Index(fields=("sector", "received_at"), name="dossier_sector_received"),
            models.Index(fields=("procedure", "received_at"), name="dossier_procedure_received"),
            models.Index(fields=("desk", "resolved_at"), name="dossier_desk_resolved"),
            # Late dossiers grouped by the agency that caused them, over a period.
            models.Index(
                fields=("late_agency", "resolved_at"),
                name="dossier_late_agency_resolved",
                condition=Q(late_agency__isnull=False),
            ),
            # The overdue watch, every 15 minutes: running clocks not yet marked, by due moment
            # (a small set, however many dossiers are already overdue or closed).
            models.Index(
                fields=("due_at",),
                name="dossier_running_unmarked_due",
                condition=Q(status__in=[2, 4], is_overdue=False),
            ),
            # "Open at T": received_at <= T and (closed_at IS NULL or closed_at > T); both arms
            # of the OR are ranges of this index.
            models.Index(fields=("closed_at", "received_at"), name="dossier_closed_received"),
            # The desk's work queue: its open dossiers, due soonest first.
            models.Index(
                fields=("desk", "due_at"),
                name="dossier_desk_open_due",
                condition=Q(status__in=[1, 2, 4, 5, 6]),
            ),
            # The work queue in its order (running clocks first, then due soonest), however
            # many dossiers are open: the first page is the index's first entries.
            models.Index(
                WAITING_LAST_EXPRESSION,
                "due_at",
                "code",
                name="dossier_queue_order",
                condition=Q(status__in=[1, 2, 4, 5, 6]),
            ),
            # The overdue list, due soonest first, and its count: exactly the overdue state of
            # selectors.dossiers.dossiers_overdue (running, or waiting after the time ran out),
            # for every desk and per desk.
            models.Index(
                fields=("due_at", "code"),
                name="dossier_overdue_due",
                condition=OVERDUE_STATES,
            ),
            models.Index(
                fields=("desk", "due_at"),
                name="dossier_desk_overdue_due",
                condition=OVERDUE_STATES,
            ),
            # ... and for staff, those handed to their units too (the other arm of their OR).
            models.Index(
                fields=("current_agency", "due_at"),
                name="dossier_agency_overdue_due",
                condition=OVERDUE_STATES & Q(current_agency__isnull=False),
            ),
            # Staff see the dossiers handed to their units; PROTECT checks of units and users.
            # Partial: most dossiers are never handed over, imported ones have no author.
            models.Index(
                fields=("current_agency",),
                name="dossier_current_agency",
                condition=Q(current_agency__isnull=False),
            ),
            models.Index(
                fields=("created_by",),
                name="dossier_created_by",
                condition=Q(created_by__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=("code",), name="dossier_code_unique"),
            models.UniqueConstraint(
                fields=("created_by", "idempotency_key"),
                name="dossier_idempotency_key_per_user",
                condition=Q(idempotency_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def paper_list(self) -> list[dict]:
        """The papers received as ``{"name", "digitised", "reused"}``, old plain names too."""
        return paper_items(self.papers)

    @property
    def has_time_limit(self) -> bool:
        """False for a dossier of a procedure without a time limit (or with one still to be
        completed): no due date, never overdue, outside the on-time statistics."""
        return self.due_at is not None


class DossierSequence(models.Model):
    """The last number issued per desk per day: dossier codes are gap-free and unique."""

    desk = models.ForeignKey("procedures.Desk", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("desk", "day"), name="dossier_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.desk_id} {self.day}: {self.last_number}"


class DossierEvent(models.Model):
    """An immutable record of one action on a dossier: who, when, from which state to which,
    and for hand-overs the giver and receiver (Phiếu kiểm soát quá trình giải quyết hồ sơ)."""

    # Indexed by (dossier, at) in Meta, which serves the foreign key as well.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.IntegerField(_("from state"), choices=DossierStatus.choices, null=True)
    to_status = models.IntegerField(_("to state"), choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    giver = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    receiver = models.ForeignKey(
        "procedures.Unit",
        verbose_name=_("handed over to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The legal due moment after the action (an apology never moves it).
    due_at = models.DateTimeField(_("due at after the action"), null=True, blank=True)
    # The new date promised by an apology (phiếu xin lỗi và hẹn lại ngày trả kết quả).
    new_due_at = models.DateTimeField(_("new date after apology"), null=True, blank=True)
    # The slip's line (phiếu kiểm soát) of the agency whose holding this event ends (a hand-over
    # or the resolution): its working time held, waiting excluded, against its share.
    held_work = models.DurationField(_("time held"), null=True, blank=True)
    share_work = models.DurationField(_("share of the processing time"), null=True, blank=True)
    late_work = models.DurationField(_("late by"), null=True, blank=True)
    # An administrator's reason for a hand-over to a unit that is not next in the procedure's
    # order of agencies.
    out_of_order_reason = models.TextField(
        _("reason for the order"), blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ("dossier", "at", "id")
        # The foreign keys to people and units only matter for PROTECT checks when one is
        # deleted; partial indexes skip the rows that name nobody (every imported receipt).
        indexes = [
            models.Index(fields=("dossier", "at"), name="dossier_event_dossier_at"),
            models.Index(
                fields=("actor",), name="dossier_event_actor", condition=Q(actor__isnull=False)
            ),
            models.Index(
                fields=("giver",), name="dossier_event_giver", condition=Q(giver__isnull=False)
            ),
            models.Index(
                fields=("receiver",),
                name="dossier_event_receiver",
                condition=Q(receiver__isnull=False),
            ),
            # The statistics count apologies by their moment: few rows, read by period.
            models.Index(
                fields=("at",),
                name="dossier_event_apology_at",
                condition=Q(action="apologize_reschedule"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} @ {self.at}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Dossier events are immutable."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Dossier events are immutable."))


class DossierDigest(models.Model):
    """Bản tin nhắc hạn: the daily e-mail to a desk (or a leader) listing dossiers due within one
    working day, those past an agency's share and those overdue. A row records an e-mail that
    went out (at most one per desk, or leader, per day, so
    a second run sends nothing again); a desk with nothing to report or nobody to tell gets no
    row and no e-mail."""

    # A desk's digest (to its staff) or a leader's (to that user): one of the two is set.
    desk = models.ForeignKey(
        "procedures.Desk", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("leader"),
    )
    day = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    due_soon_count = models.PositiveIntegerField(_("due within one working day"), default=0)
    overdue_count = models.PositiveIntegerField(_("overdue"), default=0)

    class Meta:
        verbose_name = _("dossier digest")
        verbose_name_plural = _("dossier digests")
        constraints = [
            models.UniqueConstraint(fields=("desk", "day"), name="dossier_digest_unique"),
            models.UniqueConstraint(fields=("user", "day"), name="dossier_digest_user_unique"),
            models.CheckConstraint(
                condition=Q(desk__isnull=False, user__isnull=True)
                | Q(desk__isnull=True, user__isnull=False),
                name="dossier_digest_desk_or_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desk_id} {self.day}"
