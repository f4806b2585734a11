"""Thay đổi danh mục TTHC trong kỳ and thủ tục được rà soát: the rows behind each catalogue and
review figure of the report, so that the figure and the list that shows it count the same rows
(``catalogue_figures`` counts with these filters)."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.models import Procedure, ProcedureVersion, TimeReviewItem
from procedures.selectors.catalogue import bucket_q

# The kinds of change the report counts, and "published" (updated in the national database).
CHANGE_KINDS = ("new", "amended", "replaced", "abolished", "corrected", "published")


def change_q(kind: str, date_from: date, date_to: date) -> Q:
    """Versions making change ``kind`` in the period (both days included): a kind by the day its
    version takes effect, "published" by the day it was published in the national database; a
    replacement counts once, by the replacing code's version in force."""
    if kind == "published":
        return Q(published_on__gte=date_from, published_on__lte=date_to)
    in_period = Q(valid_from__gte=date_from, valid_from__lte=date_to)
    if kind == "replaced":
        return in_period & Q(change_kind=ChangeKind.REPLACED, status=ProcedureStatus.IN_FORCE)
    if kind == "corrected":
        return in_period & Q(change_kind=ChangeKind.CORRECTION)
    return in_period & Q(change_kind=ChangeKind(kind))


def catalogue_changes(*, kind: str, date_from: date, date_to: date) -> QuerySet[ProcedureVersion]:
    """Thay đổi trong kỳ: the versions of change ``kind`` in the period, by code."""
    return (
        ProcedureVersion.objects.filter(change_q(kind, date_from, date_to))
        .select_related("procedure", "sector", "decision_line__decision")
        .order_by("procedure__code", "valid_from", "id")
    )


def review_items_in(date_from: date, date_to: date) -> QuerySet[TimeReviewItem]:
    """The time-review items of reviews made in the period (both days included)."""
    return TimeReviewItem.objects.filter(
        review__reviewed_on__gte=date_from, review__reviewed_on__lte=date_to
    )


def reviewed_procedures(*, date_from: date, date_to: date, bucket: str = "") -> QuerySet[Procedure]:
    """Thủ tục được rà soát: each procedure reviewed in the period once (however many reviews
    named it), narrowed to those with an item in ``bucket`` when given."""
    items = review_items_in(date_from, date_to).filter(procedure=OuterRef("pk"))
    if bucket:
        items = items.filter(bucket_q(bucket))
    # The name its latest version gives it: a procedure keeps no name of its own.
    latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by(
        "-valid_from", "-id"
    )
    return (
        Procedure.objects.filter(Exists(items))
        .annotate(name=Subquery(latest.values("name")[:1]))
        .order_by("code")
    )
