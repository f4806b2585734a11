"""Who may read a dossier and act on it (quyền xem và xử lý hồ sơ): the staff's desks, the
dossiers a user may see, and the actions open to them now.
"""

import json
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONArray
from django.utils import timezone
from django.utils.translation import gettext

from procedures.calendar import clock as rules
from procedures.calendar.row_clock import clock_of
from procedures.choices import Outcome
from procedures.dossier_flow import RUNNING_STATUSES, WAITING_STATUSES, actions_from
from procedures.models import (
    Centre,
    Desk,
    Dossier,
    Unit,
)
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
