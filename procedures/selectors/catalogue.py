"""Reads of the TTHC catalogue and its history."""

import re
from datetime import date, datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from procedures.choices import Level, ProcedureStatus, ReviewBucket
from procedures.models import (
    AnnouncementDecision,
    CatalogueImport,
    InterconnectedStep,
    Procedure,
    ProcedureVersion,
    TimeReview,
    TimeReviewItem,
)
from procedures.records import VERSION_FIELDS, format_steps
from procedures.search import SearchQuery, fold


def version_valid_on(day: date) -> Q:
    """Versions valid on ``day``: from ``valid_from`` until the day before ``superseded_on``."""
    return Q(valid_from__lte=day) & (Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))


def procedure_versions_on(*, as_of: date) -> QuerySet[ProcedureVersion]:
    """The version each procedure had on ``as_of``, abolished ones included (their status says
    so): what a decision effective that day is checked against."""
    return (
        ProcedureVersion.objects.filter(version_valid_on(as_of))
        .select_related("procedure", "sector", "agency")
        .order_by("procedure__code")
    )


def procedure_versions_in_force(*, as_of: date) -> QuerySet[ProcedureVersion]:
    """Danh mục TTHC đang có hiệu lực: the version of each procedure in force on ``as_of``,
    abolished procedures excluded."""
    return procedure_versions_on(as_of=as_of).filter(status=ProcedureStatus.IN_FORCE)


# Decree 118/2025/NĐ-CP and the 2025 reorganisation: from this day local government has two
# levels (province and commune); no district carries out a procedure any more.
DISTRICTS_ENDED = date(2025, 7, 1)


def version_needs_level_reassignment(version: ProcedureVersion, *, as_of: date) -> bool:
    """Whether a version in force on ``as_of`` is still announced at the district level (cấp
    huyện) after districts ended: shown as it was announced, but a reform officer must have it
    re-assigned (to the province or the commune) by a new announcement decision."""
    return as_of >= DISTRICTS_ENDED and Level.DISTRICT in version.level_list


def procedure_versions_needing_level_reassignment(*, as_of: date) -> QuerySet[ProcedureVersion]:
    """Thủ tục cấp huyện còn hiệu lực sau 1/7/2025: the versions in force on ``as_of`` still
    announced at the district level (none before districts ended)."""
    if as_of < DISTRICTS_ENDED:
        return ProcedureVersion.objects.none()
    return procedure_versions_in_force(as_of=as_of).filter(levels__has=int(Level.DISTRICT))


def procedure_version_at(*, procedure: Procedure, at: date | datetime) -> ProcedureVersion | None:
    """The version of ``procedure`` in force at ``at`` (a moment is taken in the province's
    local date); ``None`` when it was not in force then (not yet announced, or abolished)."""
    day = timezone.localdate(at) if isinstance(at, datetime) else at
    return (
        ProcedureVersion.objects.filter(
            version_valid_on(day), procedure=procedure, status=ProcedureStatus.IN_FORCE
        )
        .select_related("sector")
        .first()
    )


_CODE_QUERY = re.compile(r"\d+\.[0-9A-Za-z.]*")


def procedure_versions_search(queryset: QuerySet[ProcedureVersion], q: str) -> QuerySet:
    """Tìm kiếm TTHC: versions whose name matches ``q`` (diacritics and case ignored) or whose
    code contains it, best first: the code, the name starting with the phrase, the phrase
    elsewhere, every word as a whole word near the others, then words started near each other
    (``procedures.search.SearchQuery``); shorter names first within a tier. The same SQL on
    SQLite and PostgreSQL, where a trigram index serves the words' LIKE."""
    query = SearchQuery.of(q)
    text = q.strip()
    by_code = Q(procedure__code__icontains=text) if _CODE_QUERY.fullmatch(text) else Q(pk__in=[])
    if not query.words:
        return queryset.filter(by_code) if text else queryset
    every_word = Q()
    for word in query.words:
        every_word &= Q(search_text__contains=word)
    padded = Concat(Value(" "), "search_text", Value(" "), output_field=TextField())
    phrase = query.phrase
    return (
        queryset.annotate(search_padded=padded)
        .filter(by_code | (every_word & Q(search_text__regex=query.started_words)))
        .annotate(
            search_rank=Case(
                When(by_code, then=Value(0)),
                When(
                    Q(search_text=phrase) | Q(search_text__startswith=phrase + " "),
                    then=Value(1),
                ),
                When(search_padded__contains=f" {phrase} ", then=Value(2)),
                When(search_text__regex=query.near_words, then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            ),
            search_length=Length("search_text"),
        )
        .order_by("search_rank", "search_length", "procedure__code")
    )


def search_ordered(queryset: QuerySet[ProcedureVersion]) -> QuerySet:
    """Versions in the search's order when a search ranked them, else by code."""
    if "search_rank" in queryset.query.annotations:
        return queryset.order_by("search_rank", "search_length", "procedure__code")
    return queryset.order_by("procedure__code")


def agency_names_matching(text: str) -> list[str]:
    """The implementing agencies' names (as the records write them) that contain every word of
    ``text``, ignoring diacritics and case."""
    words = fold(text).split()
    names = (
        ProcedureVersion.objects.exclude(agency_name="")
        .order_by()
        .values_list("agency_name", flat=True)
        .distinct()
    )
    return [name for name in names if all(word in fold(name) for word in words)]


# Each version's steps with their agencies, in order: prefetch_related(STEPS_PREFETCH).
STEPS_PREFETCH = Prefetch(
    "interconnected_steps",
    queryset=InterconnectedStep.objects.select_related("agency").order_by("position"),
)


def version_steps(version: ProcedureVersion) -> list[InterconnectedStep]:
    """Các bước liên thông of a version: its agencies in order with their shares (prefetched
    with :data:`STEPS_PREFETCH` when listing many)."""
    return list(version.interconnected_steps.all())


def version_steps_text(version: ProcedureVersion) -> str:
    """The steps as decisions write them, as the import reads them back ("" without steps)."""
    return format_steps(
        (step.agency.name, step.share_value, step.share_unit) for step in version_steps(version)
    )


def procedure_history(*, procedure: Procedure) -> list[ProcedureVersion]:
    """Lịch sử TTHC: every version of a procedure, oldest first, with the decision that made it
    and the fields it changed from the version before (``changed_fields``)."""
    versions = list(
        ProcedureVersion.objects.filter(procedure=procedure)
        .select_related(
            "procedure",
            "sector",
            "agency",
            "decision_line__decision",
            "time_review_item__review",
            "created_by",
        )
        .prefetch_related(STEPS_PREFETCH)
        .order_by("valid_from", "id")
    )
    previous = None
    for version in versions:
        version.steps_text = version_steps_text(version)
        version.changed_fields = _changed_fields(previous, version) if previous else []
        previous = version
    return versions


# What the history timeline compares between two versions.
HISTORY_FIELDS = ("name", "sector", *VERSION_FIELDS[1:], "status")


def _changed_fields(before: ProcedureVersion, after: ProcedureVersion) -> list[dict]:
    changed = []
    for name in HISTORY_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            field = ProcedureVersion._meta.get_field(name)
            display = f"get_{name}_display"
            if name == "sector":
                # Plain text, so that the history reads (and serialises to JSON) as it shows.
                old, new = f"{old.name} ({old.code})", f"{new.name} ({new.code})"
            change = {
                "field": name,
                "label": field.verbose_name,
                "before": getattr(before, display)() if hasattr(before, display) else old,
                "after": getattr(after, display)() if hasattr(after, display) else new,
            }
            if name in {"processing_time_value", "applied_time_value"}:
                # A time reads with its unit ("5 ngày làm việc").
                change["before_unit"] = before.processing_time_unit
                change["after_unit"] = after.processing_time_unit
            changed.append(change)
    if before.steps_text != after.steps_text:
        changed.append(
            {
                "field": "interconnected_steps",
                "label": InterconnectedStep._meta.verbose_name_plural,
                "before": before.steps_text,
                "after": after.steps_text,
            }
        )
    return changed


def procedure_by_code(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code).first()


def decisions_list() -> QuerySet[AnnouncementDecision]:
    """Quyết định công bố, newest first, with the count of lines of each kind of change."""
    return AnnouncementDecision.objects.annotate(
        line_count=Count("lines"),
        new_count=Count("lines", filter=Q(lines__change_kind="new")),
        amended_count=Count("lines", filter=Q(lines__change_kind="amended")),
        replaced_count=Count("lines", filter=Q(lines__change_kind="replaced")),
        abolished_count=Count("lines", filter=Q(lines__change_kind="abolished")),
    ).order_by("-effective_on", "-id")


def unpublished_versions() -> QuerySet[ProcedureVersion]:
    """Changes announced (or corrected) but not yet published in the national database."""
    return (
        ProcedureVersion.objects.filter(published_on__isnull=True)
        .select_related("procedure", "sector", "decision_line", "time_review_item__review")
        .prefetch_related(STEPS_PREFETCH)
        .order_by("valid_from", "procedure__code")
    )


def review_bucket() -> Case:
    """The bucket of a review item, computed in the database from its two times. Products, not
    quotients: no integer division on SQLite, no rounding on PostgreSQL."""
    applied, legal = F("applied_time_value"), F("legal_time_value")
    return Case(
        When(GreaterThanOrEqual(applied, legal), then=Value(ReviewBucket.NOT_CUT)),
        When(LessThanOrEqual(applied * 2, legal), then=Value(ReviewBucket.HALF)),
        When(LessThanOrEqual(applied * 3, legal * 2), then=Value(ReviewBucket.THIRD)),
        default=Value(ReviewBucket.LESS),
    )


def review_items_with_bucket(queryset: QuerySet | None = None) -> QuerySet[TimeReviewItem]:
    """Items of time reviews, each annotated with its ``bucket`` (a ReviewBucket value)."""
    queryset = TimeReviewItem.objects.all() if queryset is None else queryset
    return queryset.annotate(bucket=review_bucket()).select_related("procedure", "review")


def reviews_list() -> QuerySet[TimeReview]:
    """Rà soát thời gian giải quyết, newest first, with the count of items in each bucket."""
    bucket_counts = {
        f"{bucket}_count": Count("items", filter=_bucket_q(bucket)) for bucket in ReviewBucket
    }
    return (
        TimeReview.objects.annotate(item_count=Count("items"), **bucket_counts)
        .select_related("applied_by")
        .order_by("-reviewed_on", "-id")
    )


def reviews_with_items() -> QuerySet[TimeReview]:
    """Reviews with their items prefetched, each item annotated with its ``bucket`` and, once the
    review is applied, whether it changed the catalogue (``changed``: a version came from it)."""
    items = (
        review_items_with_bucket()
        .annotate(changed=Exists(ProcedureVersion.objects.filter(time_review_item=OuterRef("pk"))))
        .order_by("procedure__code")
    )
    return reviews_list().prefetch_related(Prefetch("items", queryset=items))


def _bucket_q(bucket: str, prefix: str = "items__") -> Q:
    applied, legal = F(f"{prefix}applied_time_value"), F(f"{prefix}legal_time_value")
    not_cut = GreaterThanOrEqual(applied, legal)
    half = LessThanOrEqual(applied * 2, legal)
    third = LessThanOrEqual(applied * 3, legal * 2)
    if bucket == ReviewBucket.NOT_CUT:
        return Q(not_cut)
    if bucket == ReviewBucket.HALF:
        return ~Q(not_cut) & Q(half)
    if bucket == ReviewBucket.THIRD:
        return ~Q(not_cut) & ~Q(half) & Q(third)
    return ~Q(not_cut) & ~Q(half) & ~Q(third)


def bucket_q(bucket: str, prefix: str = "") -> Q:
    """A filter for review items (or rows joined to them through ``prefix``) in ``bucket``."""
    return _bucket_q(bucket, prefix)


def catalogue_imports_of(user) -> QuerySet[CatalogueImport]:
    return CatalogueImport.objects.filter(created_by=user).defer("content").order_by("-created_at")


def procedure_versions_to_check() -> QuerySet[ProcedureVersion]:
    """Cần xem lại: each procedure's latest version (in force, or announced for later) holding
    cells that an import took in as written without reading a value from them, by code."""
    return (
        ProcedureVersion.objects.filter(superseded_on__isnull=True, status=ProcedureStatus.IN_FORCE)
        .exclude(to_check=[])
        .select_related("procedure", "sector")
        .order_by("procedure__code")
    )
