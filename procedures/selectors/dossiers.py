"""Reads of dossiers (hồ sơ): who may see and act on them, the work queue, the public lookup."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import JSONArray
from django.utils import timezone
from django.utils.translation import gettext

from procedures.calendar import clock as rules
from procedures.calendar.overdue import overdue_bound
from procedures.calendar.row_clock import clock_of
from procedures.choices import DossierStatus, Outcome, TimeUnit
from procedures.dossier_flow import RUNNING_STATUSES, WAITING_STATUSES, actions_from
from procedures.models import (
    Centre,
    Desk,
    Dossier,
    DossierEvent,
    DossierRating,
    NationalSyncConfirmation,
    ProcedureVersion,
    Unit,
)
from procedures.models.dossiers import OPEN_STATUSES, OVERDUE_STATES, WAITING_LAST_EXPRESSION
from procedures.prepared import PreparedQuery, related_fill_by_id
from procedures.roles import Role, has_role, memo_on_user, user_roles
from procedures.selectors.units import dossiers_in_scope_q, unit_scope_of


def staff_desks_of(user) -> list[Desk]:
    """The desks ``user`` is staff of (with their unit and centre), read once per request."""
    if not user.is_authenticated:
        return []
    return memo_on_user(user, "staff_desks", lambda: _STAFF_DESKS.run(user_id=user.pk))


# Read on every request of reception staff: compiled once per process.
_STAFF_DESKS = PreparedQuery(
    lambda *, user_id: Desk.objects.filter(staff=user_id).select_related("unit", "centre"),
    user_id=models.BigIntegerField(),
)

# A desk as one JSON array: its columns, its unit's, its centre's (nulls without a centre).
_DESK_PARTS = ((Desk, ""), (Unit, "unit__"), (Centre, "centre__"))


class _JSONListSubquery(Subquery):
    """The subquery's rows (one JSON value each) as one JSON list, in text; NULL but on
    PostgreSQL."""

    template = (
        "(SELECT coalesce(json_agg(rows.item), '[]')::text FROM (%(subquery)s) AS rows(item))"
    )

    def __init__(self, queryset):
        super().__init__(queryset, output_field=models.TextField())

    def as_sqlite(self, compiler, connection):
        return "NULL", []


def staff_desks_column(user_path: str) -> Subquery:
    """An annotation holding the desks of the user at ``user_path`` with their units and
    centres: the query that reads a user (an API token's) reads their desks too, one round trip
    less on every request of reception staff (issue 9). :func:`staff_desks_read` keeps them.
    NULL on SQLite, where :func:`staff_desks_of` asks on its own."""
    columns = [
        F(f"{path}{field.attname}")
        for model, path in _DESK_PARTS
        for field in model._meta.concrete_fields
    ]
    return _JSONListSubquery(
        Desk.objects.filter(staff=OuterRef(user_path)).order_by().values(row=JSONArray(*columns))
    )


def staff_desks_read(user, desks_json: str | None) -> None:
    """Keep the desks read with :func:`staff_desks_column` as ``user``'s, as
    :func:`staff_desks_of` would have read them (same instances, same order): no further query
    for this user object. Nothing is kept from a NULL column."""
    if desks_json is None:
        return
    desks = []
    for row in json.loads(desks_json):
        values = iter(row)
        desk, unit, centre = (
            model.from_db(
                DEFAULT_DB_ALIAS,
                None,
                [field.to_python(next(values)) for field in model._meta.concrete_fields],
            )
            for model, _path in _DESK_PARTS
        )
        desk.unit = unit
        desk.centre = centre if desk.centre_id is not None else None
        desks.append(desk)
    # The order of Desk's own (by name), ties by id.
    desks.sort(key=lambda desk: (desk.name, desk.pk))
    memo_on_user(user, "staff_desks", lambda: desks)


def dossier_user_can_act(*, user, dossier: Dossier) -> bool:
    """Quyền xử lý hồ sơ: staff of the dossier's desk, staff of a desk of the unit the dossier
    was handed to (``current_agency``), or an administrator. Leaders only read."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if not has_role(user, Role.RECEPTION):
        return False
    return any(
        desk.pk == dossier.desk_id
        or (dossier.current_agency_id is not None and desk.unit_id == dossier.current_agency_id)
        for desk in staff_desks_of(user)
    )


def dossier_user_can_receive(*, user, desk: Desk) -> bool:
    """Whether ``user`` may log dossiers at ``desk`` (tiếp nhận): its staff, or administrators."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.RECEPTION) and any(d.pk == desk.pk for d in staff_desks_of(user))


# The small catalogue tables a dossier's row names, read by id after a page (not joined).
DOSSIER_RELATIONS_BY_ID = (
    "procedure",
    "procedure_version",
    "sector",
    "current_agency",
    "late_agency",
)


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Hồ sơ a user may read: administrators, the integration platform (Tích hợp, which the
    API confines to the synchronisation endpoints) and the province's leaders all; a leader
    limited to some units (``Unit.leaders``) those received at or handed to those units and the
    units under them (:func:`~procedures.selectors.units.dossiers_in_scope_q`); staff those of
    their desks and those handed to their desks' units."""
    # The desk and its centre are joined (filters by desk or centre join them anyway); the
    # other small catalogue tables are read by id after the page. Each further join multiplies
    # the plans PostgreSQL weighs against the dossier table's indexes: with all seven joined,
    # planning a 50-row page took 20-40 ms, executing it 1-2 ms (issue 9).
    dossiers = Dossier.objects.select_related("desk", "desk__centre").prefetch_related(
        *DOSSIER_RELATIONS_BY_ID
    )
    roles = user_roles(user)
    # The integration platform confirms the province's every dossier (api.permissions confines
    # it to the synchronisation endpoints).
    if Role.ADMINISTRATOR in roles or Role.INTEGRATION in roles:
        return dossiers
    if Role.LEADER in roles:
        scope = unit_scope_of(user)
        if not scope:
            return dossiers
        return dossiers.filter(dossiers_in_scope_q(scope))
    desks = staff_desks_of(user)
    # Ids as arrays, no join and no subquery: no duplicate rows, and each arm of the OR is a
    # range of an index (a subquery under OR is a filter evaluated on every row, issue 9).
    return dossiers.filter(
        Q(desk_id__in=[desk.pk for desk in desks])
        | Q(current_agency_id__in=sorted({desk.unit_id for desk in desks}))
    )


def dossier_page_relations_fill(dossiers: list[Dossier]) -> None:
    """A page of dossiers cut from ``dossiers_visible_to(...).prefetch_related(None)``: its
    catalogue rows (procedure, version, sector, agencies) read by id, one query a table, as
    the queryset's own prefetch would, at a fraction of its cost (the API list, issue 9)."""
    related_fill_by_id(dossiers, *DOSSIER_RELATIONS_BY_ID)


def dossier_get_by_code(*, code: str, user) -> Dossier | None:
    """One dossier by its code among those ``user`` may read; ``None`` otherwise."""
    return dossiers_visible_to(user).filter(code=code).first()


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The dossier's timeline (Phiếu kiểm soát quá trình giải quyết hồ sơ), oldest first."""
    return dossier.events.select_related("actor", "giver", "receiver").order_by("at", "id")


# The states a dossier waiting for the applicant can end in, other than resuming its clock.
STOPPED_WHILE_WAITING = (DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED)

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


def dossier_is_overdue_now(dossier: Dossier, *, at: datetime) -> bool:
    """Whether a dossier read from its row is quá hạn at ``at`` (now): the rule of
    :func:`dossiers_overdue` (``OVERDUE_STATES`` and a due date passed) on the row in hand,
    so a page of the work queue marks its overdue rows without asking the database again."""
    if dossier.due_at is None or dossier.due_at >= overdue_bound(at):
        return False
    return dossier.status in RUNNING_STATUSES or (
        dossier.status in WAITING_STATUSES and dossier.clock_ran_out
    )


def dossiers_overdue(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ quá hạn now (``at`` is now, or any moment after the dossiers' last action): open,
    and its due date has passed (date level, as the outcome will be:
    :func:`procedures.calendar.clock.is_overdue`) with the clock running, or waiting for the
    applicant after its time had already run out."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    # The same Q as the partial indexes' condition, so PostgreSQL sees they cover the query.
    return queryset.filter(OVERDUE_STATES, due_at__lt=overdue_bound(at))


def dossiers_open_at(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ đang giải quyết at ``at``: received by then and not yet resolved, rejected,
    withdrawn or stopped (``closed_at``); served by the (closed_at, received_at) index."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(received_at__lte=at).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=at)
    )


class _ExistsPerRow(Exists):
    """EXISTS looked up row by row through the subquery's index. ``OFFSET 0`` keeps PostgreSQL
    from turning it into a hash of every matching row, built up front: for the timeline
    condition of :func:`dossiers_overdue_at` that hash is a scan of every event (20.000.000
    at 10.000.000 dossiers), paid as soon as one row of the page needs it."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def dossiers_overdue_at(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ quá hạn at any moment ``at``, past or present, exactly: open at ``at``, and its due
    date had passed then (date level, as :func:`procedures.calendar.clock.is_overdue`) with the
    clock running, or waiting for the applicant after its time had run out.

    Read from the dossier's row alone, which the clock's rules make exact
    (:mod:`procedures.calendar.clock`): a clock stops with time left only before its due
    moment, and starts again due after the moment it restarts, so a dossier is never overdue
    before a stop that left it time, and its current due moment is the one of every moment it
    was overdue (a clock that ran out keeps its due moment for good, whatever follows). A
    calendar change recomputes the whole clock (``dossier_due_moments_recompute``). Hence the
    exceptions are only the dossiers whose clock never ran: registered online and not received,
    waiting now with time left, or closed (rejected, withdrawn, stopped) while so waiting.
    One range on the row, no per-dossier reading of its timeline (issue 9: that took seconds
    on millions of dossiers).
    """
    closed_while_waiting = _ExistsPerRow(
        DossierEvent.objects.filter(
            dossier=OuterRef("pk"),
            to_status=OuterRef("status"),
            from_status__in=(DossierStatus.REGISTERED_ONLINE, *WAITING_STATUSES),
        )
    )
    return (
        dossiers_open_at(at=at, queryset=queryset)
        .filter(due_at__lt=overdue_bound(at))
        .exclude(status=DossierStatus.REGISTERED_ONLINE)
        .exclude(status__in=WAITING_STATUSES, clock_ran_out=False)
        .exclude(
            # Rejected, withdrawn or stopped: the only ways out of waiting but the resumption.
            Q(status__in=STOPPED_WHILE_WAITING, clock_ran_out=False) & closed_while_waiting
        )
    )


def dossier_public_get(*, code: str) -> Dossier | None:
    """Tra cứu hồ sơ: the dossier with ``code`` for the public lookup, reading only what the
    public page shows (never the applicant's identity or contacts). Codes printed on receipts
    are upper case; one typed in lower case is found too."""
    code = (code or "").strip()
    if not code or "\x00" in code:  # PostgreSQL text cannot hold NUL: no code has one
        return None
    found = list(
        Dossier.objects.select_related("procedure", "procedure_version", "desk", "late_agency")
        .only(
            "late_agency__name",
            "code",
            "status",
            "received_at",
            "due_at",
            "channel",
            "resolved_at",
            "returned_at",
            "outcome",
            "is_overdue",
            "apology_due_at",
            "procedure__code",
            "procedure_version__name",
            # Why there is no due date, when there is none (no time limit, or to be completed).
            "procedure_version__processing_time_value",
            "procedure_version__processing_time_unit",
            "procedure_version__processing_time_cutoff",
            "procedure_version__processing_time_text",
            "procedure_version__applied_time_value",
            "procedure_version__channel_times",
            "desk__name",
            "desk__code",
        )
        .filter(code__in={code, code.upper()})[:2]
    )
    return next((d for d in found if d.code == code), found[0] if found else None)


def dossier_transfer_receivers(*, dossier: Dossier, as_of=None) -> QuerySet[Unit]:
    """The units a dossier may be handed to now (chuyển xử lý): any unit valid today but the one
    holding it; once with an agency, only back to the desk's unit unless the procedure is
    interconnected (một cửa liên thông)."""
    as_of = as_of or timezone.localdate()
    holder = dossier.current_agency_id or dossier.desk.unit_id
    units = Unit.objects.valid_on(as_of).exclude(pk=holder)
    if dossier.current_agency_id and not dossier.procedure_version.is_interconnected:
        units = units.filter(pk=dossier.desk.unit_id)
    return units.order_by("kind", "name")


def version_paper_names(version: ProcedureVersion) -> list[str]:
    """The names of the papers a procedure version requires (thành phần hồ sơ); the catalogue
    may hold plain strings or records with a ``name``."""
    names = []
    for paper in version.papers or []:
        if isinstance(paper, dict):
            name = paper.get("name") or paper.get("ten") or paper.get("title") or ""
        else:
            name = str(paper)
        if name.strip():
            names.append(name.strip())
    return names


def dossier_no_time_limit_text(dossier: Dossier) -> str:
    """What receipts, screens and the lookup print in place of the due date of a dossier
    without one: the law sets no time ("Không quy định thời hạn"), or the catalogue's record
    gives a time still to be completed."""
    unit = dossier.procedure_version.processing_time_for(dossier.channel).unit
    if unit == TimeUnit.TO_COMPLETE:
        return gettext("Processing time not yet fully announced")
    return gettext("No time limit set")


def dossier_due_text(dossier: Dossier) -> str:
    """Hạn giải quyết as printed: dd/mm/yyyy HH:MM in the province's zone, or why there is none."""
    if dossier.due_at is None:
        return dossier_no_time_limit_text(dossier)
    return moment_text(dossier.due_at)


def moment_text(moment: datetime | None) -> str:
    """A moment as screens print it, dd/mm/yyyy HH:MM in the province's zone (the template
    filter ``date:"d/m/Y H:i"``'s text); empty for none. ``strftime`` rather than Django's
    ``date`` filter, which parses its format on every call: a queue page prints 100 moments,
    and the filter took a tenth of its time."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def dossier_apology_refusal(*, dossier: Dossier, at: datetime) -> str | None:
    """Why a phiếu xin lỗi is not allowed at ``at`` (``None`` when it is): once at most, for an
    open dossier whose clock runs (its lateness foreseen; the law asks for it at least one
    working day before the due date) or waits after its time ran out, or one resolved late.
    While the clock waits with time left there is no due date to apologise for
    (:func:`procedures.calendar.clock.apology_possible`)."""
    if dossier.apology_due_at is not None:
        return gettext("An apology with a new date was already issued for dossier %(code)s.") % {
            "code": dossier.code
        }
    if dossier.due_at is None:
        # Without a time limit a dossier is never late: there is no date to apologise for.
        return gettext(
            "Dossier %(code)s has no time limit: it cannot be late, no apology is needed."
        ) % {"code": dossier.code}
    if not rules.apology_possible(clock_of(dossier)):
        return gettext(
            "Dossier %(code)s is waiting for the applicant with time left: its due date is set "
            "again when the complete dossier comes back; an apology can be issued then."
        ) % {"code": dossier.code}
    late = dossier.resolved_at is not None and dossier.outcome == Outcome.LATE
    foreseen = dossier.status in (*RUNNING_STATUSES, *WAITING_STATUSES)
    if not (late or foreseen):
        return gettext("Dossier %(code)s is neither late nor overdue: no apology is needed.") % {
            "code": dossier.code
        }
    return None


def dossier_allowed_actions(*, dossier: Dossier, user, at: datetime | None = None) -> list[str]:
    """The next actions ``user`` may take on ``dossier`` now, in the state table's order."""
    if not dossier_user_can_act(user=user, dossier=dossier):
        return []
    at = at or timezone.now()
    return [
        action
        for action in actions_from(dossier.status)
        if action != "apologize_reschedule"
        or dossier_apology_refusal(dossier=dossier, at=at) is None
    ]


@dataclass(frozen=True)
class SlipLine:
    """One line of the phiếu kiểm soát quá trình giải quyết hồ sơ: an agency, when it received
    the dossier and handed it on, the working time it held it (waiting excluded), its share of
    the processing time and by how much it overran it."""

    agency: Unit | None
    received_at: datetime
    handed_over_at: datetime | None
    held: timedelta | None
    share: timedelta | None
    late_by: timedelta | None

    @property
    def is_late(self) -> bool:
        return bool(self.late_by)


def dossier_slip(*, dossier: Dossier, events: list[DossierEvent] | None = None) -> list[SlipLine]:
    """Phiếu kiểm soát: who held the dossier, in order, as the hand-overs and the resolution
    recorded it (the services compute each line with procedures.calendar.clock); an open
    dossier ends with its current holder."""
    events = list(dossier_events(dossier=dossier)) if events is None else events
    lines, since = [], dossier.received_at
    holder = dossier.desk.unit
    for event in events:
        if event.action not in ("transfer", "resolve"):
            continue
        lines.append(
            SlipLine(
                agency=event.giver or holder,
                received_at=since,
                handed_over_at=event.at,
                held=event.held_work,
                share=event.share_work,
                late_by=event.late_work,
            )
        )
        since = event.at
        holder = event.receiver or holder
        if event.action == "resolve":
            return lines
    if dossier.is_open:
        lines.append(SlipLine(holder, since, None, None, None, None))
    return lines


def dossiers_overdue_by_desk(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> list:
    """Hồ sơ quá hạn by desk at ``at`` (now), by the overdue watch's rule: rows of
    ``desk__code``, ``desk__name``, ``desk__centre__name`` and ``overdue``, most first.

    Counted per ``desk_id`` alone, with ``COUNT(*)``: every column the count needs is in the
    partial index ``dossier_desk_overdue_due`` (desk, due_at; overdue states only), so
    PostgreSQL answers it by an index-only scan. Grouping by the desk's name and centre joined
    the desks first and read each overdue dossier's row from the table: 184 ms on every view
    of the dashboard at 10.000.000 dossiers, against about 7 ms (issue 24). The few desks are
    named by a second, small query."""
    from django.db.models import Count

    counts = dict(
        dossiers_overdue(at=at, queryset=queryset)
        .order_by()
        .values("desk_id")
        .annotate(overdue=Count("*"))
        .values_list("desk_id", "overdue")
    )
    desks = Desk.objects.filter(pk__in=counts).values("pk", "code", "name", "centre__name")
    rows = [
        {
            "desk__code": desk["code"],
            "desk__name": desk["name"],
            "desk__centre__name": desk["centre__name"],
            "overdue": counts[desk["pk"]],
        }
        for desk in desks
    ]
    rows.sort(key=lambda row: (-row["overdue"], row["desk__code"]))
    return rows


def dossiers_national_sync_pending(queryset: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """Chưa đồng bộ: dossiers whose current status the national portal has not confirmed (no
    NationalSyncConfirmation of that status), for the integration platform to send again."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    confirmed = NationalSyncConfirmation.objects.filter(
        dossier=OuterRef("pk"), status=OuterRef("status")
    )
    return queryset.exclude(Exists(confirmed))


def dossier_has_rating(*, dossier: Dossier) -> bool:
    """Whether the citizen has rated the dossier already (one rating per dossier)."""
    return DossierRating.objects.filter(dossier=dossier).exists()
