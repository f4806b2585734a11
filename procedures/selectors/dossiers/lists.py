"""The lists of dossiers (danh sách hồ sơ): the work queue, the overdue list and the dossiers
the national portal has not confirmed, each row reading only what the list shows.
"""

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from procedures.models import (
    Dossier,
    NationalSyncConfirmation,
    ProcedureVersion,
)
from procedures.models.dossiers import OPEN_STATUSES, WAITING_LAST_EXPRESSION
from procedures.selectors.dossiers.access import dossiers_visible_to
from procedures.selectors.dossiers.overdue import dossiers_overdue

# The queue's order; the index dossier_queue_order (models/dossiers.py) is on this expression.
WAITING_LAST = WAITING_LAST_EXPRESSION


# What a row of the work queue and the overdue list shows, and what marks it overdue: the
# version's name, and its processing time for a dossier without a due date.
QUEUE_ROW_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "received_at",
    "due_at",
    "channel",
    "clock_ran_out",
    # The time left on each row is counted from the clock's columns.
    "clock_started_at",
    "clock_work",
    # The risk of lateness reads the history of the same procedure at the same desk's unit.
    "procedure",
    "desk",
    "procedure_version",
    # Whether the reader handles the row (its applicant's name in full or as initials).
    "desk",
    "current_agency",
)
QUEUE_VERSION_FIELDS = (
    "name",
    "processing_time_value",
    "processing_time_unit",
    "processing_time_cutoff",
    "processing_time_text",
    "applied_time_value",
    "channel_times",
)


def _queue_rows(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The rows of a queue page as the page reads them: only the columns it shows, and only the
    procedure versions (names) by id after the page. The lists' other reads (desk and centre
    joined, the dossier's every column, procedures, sectors and agencies by id) cost a fifth
    of the page's time for nothing it shows; without the joins the page's plans are simpler
    too."""
    return (
        dossiers.select_related(None)
        .prefetch_related(None)
        .only(*QUEUE_ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "procedure_version",
                queryset=ProcedureVersion.objects.only(*QUEUE_VERSION_FIELDS),
            )
        )
    )


def dossier_work_queue(*, user) -> QuerySet[Dossier]:
    """Hồ sơ đang giải quyết: open dossiers ``user`` may read, due soonest first; those waiting
    for the applicant (their clock stopped) after the ones whose clock runs. Each row reads
    only what the queue shows (``QUEUE_ROW_FIELDS``)."""
    # Dossiers without a time limit last (PostgreSQL's default for ascending order, which the
    # index dossier_queue_order has; SQLite puts nulls first unless told).
    return _queue_rows(
        dossiers_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by(WAITING_LAST, F("due_at").asc(nulls_last=True), "code")
    )


def dossier_overdue_list(*, user, at: datetime) -> QuerySet[Dossier]:
    """Danh sách hồ sơ quá hạn: the dossiers ``user`` may read that are overdue at ``at`` (now),
    due soonest first. Each row reads only what the list shows (``QUEUE_ROW_FIELDS``)."""
    return _queue_rows(
        dossiers_overdue(at=at, queryset=dossiers_visible_to(user)).order_by("due_at", "code")
    )


def dossiers_national_sync_pending(queryset: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """Chưa đồng bộ: dossiers whose current status the national portal has not confirmed (no
    NationalSyncConfirmation of that status), for the integration platform to send again."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    confirmed = NationalSyncConfirmation.objects.filter(
        dossier=OuterRef("pk"), status=OuterRef("status")
    )
    return queryset.exclude(Exists(confirmed))
