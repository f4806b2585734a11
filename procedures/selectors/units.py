"""Reads of administrative units, centres and one-stop desks."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from procedures.models import Centre, Desk, DeskProcedureRule, ProcedureVersion, Unit
from procedures.prepared import PreparedQuery
from procedures.problems import Problem, Refused
from procedures.roles import Role, has_role, memo_on_user
from procedures.selectors.calendar import CalendarStamp
from procedures.selectors.catalogue import procedure_versions_in_force


def units_valid_on(*, day: date) -> QuerySet[Unit]:
    """Đơn vị hành chính as they were on ``day``: a report on a past period uses the units of
    that period (districts before 1/7/2025, the merged communes after)."""
    return Unit.objects.valid_on(day).select_related("parent")


def centres_valid_on(*, day: date) -> QuerySet[Centre]:
    """Trung tâm Hành chính công operating on ``day``."""
    return Centre.objects.valid_on(day).select_related("unit")


def desks_valid_on(*, day: date) -> QuerySet[Desk]:
    """Bộ phận tiếp nhận và trả kết quả operating on ``day``."""
    return Desk.objects.valid_on(day).select_related("unit", "centre")


def unit_successors_on(*, unit: Unit, day: date) -> list[Unit]:
    """The units that carry on ``unit``'s work on ``day`` (đơn vị kế thừa).

    ``unit`` itself when it is valid on ``day``; otherwise its successors, followed link by link
    (a district merged in 2025 into a commune that was itself merged later) until units valid on
    ``day`` are reached. Empty when the unit ended without successors, or did not exist yet.
    """
    if unit.valid_from <= day and (unit.valid_to is None or unit.valid_to >= day):
        return [unit]
    if unit.valid_from > day:
        return []
    found: dict[int, Unit] = {}
    seen = {unit.pk}
    frontier = [unit.pk]
    # One query per generation of successors; the chains are short (one or two reforms).
    while frontier:
        nexts = list(Unit.objects.filter(predecessors__in=frontier).distinct())
        frontier = []
        for successor in nexts:
            if successor.pk in seen:
                continue
            seen.add(successor.pk)
            if successor.valid_from <= day and (
                successor.valid_to is None or successor.valid_to >= day
            ):
                found[successor.pk] = successor
            elif successor.valid_to is not None and successor.valid_to < day:
                frontier.append(successor.pk)
    return sorted(found.values(), key=lambda u: u.code)


def unit_descendants_on(*, unit: Unit, day: date) -> QuerySet[Unit]:
    """Units under ``unit`` on ``day`` (its departments, districts and communes, at any depth)."""
    ids, frontier = set(), [unit.pk]
    while frontier:
        children = list(
            Unit.objects.valid_on(day).filter(parent__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in children if pk not in ids]
        ids.update(frontier)
    return Unit.objects.filter(pk__in=ids)


def desks_of_user(user) -> QuerySet[Desk]:
    """The one-stop desks a staff member belongs to."""
    if not user.is_authenticated:
        return Desk.objects.none()
    return Desk.objects.filter(staff=user)


def units_led_by(user) -> QuerySet[Unit]:
    """Đơn vị do lãnh đạo phụ trách: the units a leader answers for alone (none: the province's
    leader, who sees every unit), the ones still in force first."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(leaders=user).order_by(F("valid_to").desc(nulls_first=True), "name")


@dataclass(frozen=True)
class ScopeUnit:
    """A unit within a leader's scope (phạm vi phụ trách): a unit they are named on
    (``named``), or one under it (Unit.parent, at any depth) for the days both existed:
    ``valid_from``..``valid_to`` is the overlap of the validity of every unit on the way down
    (``None``: still open). A district's leader answers for its communes while the district
    existed, not for a commune that outlived it (the 2025 reform)."""

    pk: int
    code: str
    named: bool
    valid_from: date
    valid_to: date | None

    def overlaps(self, date_from: date, date_to: date) -> bool:
        return self.valid_from <= date_to and (self.valid_to is None or self.valid_to >= date_from)


# One recursive query: the units the user is named on, then their children that existed while
# their parent did, down the tree. The window is the overlap of both (a NULL end stays open);
# written as CASE because SQLite (`make run`) has no GREATEST/LEAST.
_SCOPE_SQL = """
WITH RECURSIVE scope(id, code, named, valid_from, valid_to) AS (
    SELECT u.id, u.code, TRUE, u.valid_from, u.valid_to
    FROM {unit} u JOIN {leaders} l ON l.unit_id = u.id
    WHERE l.user_id = %s
  UNION
    SELECT c.id, c.code, FALSE,
        CASE WHEN c.valid_from > s.valid_from THEN c.valid_from ELSE s.valid_from END,
        CASE WHEN s.valid_to IS NULL THEN c.valid_to
             WHEN c.valid_to IS NULL OR s.valid_to < c.valid_to THEN s.valid_to
             ELSE c.valid_to END
    FROM {unit} c JOIN scope s ON c.parent_id = s.id
    WHERE (s.valid_to IS NULL OR c.valid_from <= s.valid_to)
      AND (c.valid_to IS NULL OR c.valid_to >= s.valid_from)
)
SELECT id, code, named, valid_from, valid_to FROM scope
"""


def _as_date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _scope_read(user_id: int) -> list[ScopeUnit]:
    sql = _SCOPE_SQL.format(unit=Unit._meta.db_table, leaders=Unit.leaders.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    # A unit reached twice (named on a district and on one of its communes, or under two named
    # units) keeps the widest reach: named beats under, and the windows join.
    found: dict[int, ScopeUnit] = {}
    for pk, code, named, valid_from, valid_to in rows:
        # SQLite's cursor gives dates back as text.
        valid_from, valid_to = (_as_date(value) for value in (valid_from, valid_to))
        named = bool(named)
        seen = found.get(pk)
        if seen is not None:
            named = named or seen.named
            valid_from = min(valid_from, seen.valid_from)
            valid_to = None if None in (valid_to, seen.valid_to) else max(valid_to, seen.valid_to)
        found[pk] = ScopeUnit(pk, code, named, valid_from, valid_to)
    return sorted(found.values(), key=lambda unit: unit.code)


def unit_scope_of(user) -> list[ScopeUnit]:
    """Phạm vi phụ trách của lãnh đạo: the units a leader is named on (``Unit.leaders``) and
    those under them, read in one query once per request (every dossier read of a leader asks
    it). Empty for a leader named on no unit: the province's, who sees every unit."""
    if not user.is_authenticated:
        return []
    return memo_on_user(user, "unit_scope", lambda: _scope_read(user.pk))


def unit_codes_in_scope(user, *, date_from: date, date_to: date) -> list[str]:
    """Codes of the units of :func:`unit_scope_of` that existed in ``[date_from, date_to]``
    (as they were in the period); empty for the province's leader and every other role."""
    if not has_role(user, Role.LEADER) or has_role(user, Role.REFORM_OFFICER, Role.ADMINISTRATOR):
        return []
    scope = unit_scope_of(user)
    return [unit.code for unit in scope if unit.named or unit.overlaps(date_from, date_to)]


class OutsideScope(PermissionDenied):
    """A unit asked for outside the reader's phạm vi phụ trách: refused (403), naming it."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(
            gettext("The unit %(unit)s is not among the units you answer for.") % {"unit": code}
        )


def statistics_scope_of(user, *, date_from: date, date_to: date, unit: str = "") -> tuple[str, ...]:
    """Phạm vi thống kê của người đọc: the codes of the units whose figures ``user`` reads for
    the period, one rule for the dashboard, the statistics API and the reports. A leader named
    on some units reads those and the units under them in the period
    (:func:`unit_codes_in_scope`); everyone else (the province's leader, reform officers,
    administrators) the province: empty. ``unit``, a unit asked for by name, must be in the
    scope, else :class:`OutsideScope`."""
    scope = tuple(unit_codes_in_scope(user, date_from=date_from, date_to=date_to))
    if scope and unit and unit not in scope:
        raise OutsideScope(unit)
    return scope


def statistics_units_of(user) -> tuple[str, ...]:
    """Every unit the reader's statistics may cover in any period (:func:`statistics_scope_of`
    over all days): the reports made for those units are theirs to open. Empty: all."""
    return statistics_scope_of(user, date_from=date.min, date_to=date.max)


def report_unit_of(user, *, date_from: date, date_to: date, unit: str = "") -> str:
    """Đơn vị báo cáo: the code of the unit a report asked for by ``user`` speaks for (empty:
    the province). The province's readers get what they ask. A leader limited to some units
    reports on a unit of their scope (:class:`OutsideScope` for another); naming none, on the
    unit they are named on when it is one, else :class:`Refused` listing theirs: the province's
    report is not theirs to read."""
    scope = statistics_scope_of(user, date_from=date_from, date_to=date_to, unit=unit)
    if not scope or unit:
        return unit
    named = [scoped.code for scoped in unit_scope_of(user) if scoped.named]
    if len(named) == 1:
        return named[0]
    raise Refused(
        [
            Problem(
                gettext("Choose one of your units: %(units)s.") % {"units": ", ".join(named)},
                column="unit",
            )
        ]
    )


def dossiers_in_scope_q(scope: list[ScopeUnit]) -> Q:
    """A leader named on some units (a department's director, a district's chairman) answers
    for their dossiers alone: received at their desks, or handed to them (and resolved there,
    where the dossier stays), as the units' own staff see them; and, for a unit under them
    (a district's communes), those received while it was under them."""
    windows: dict[tuple, list[int]] = {}
    for unit in scope:
        window = (None, None) if unit.named else (unit.valid_from, unit.valid_to)
        windows.setdefault(window, []).append(unit.pk)
    zone = timezone.get_default_timezone()
    condition = Q(pk__in=[])
    # One arm per window (a handful: the named units, the districts' lifetimes); each arm is a
    # range of the (desk, received_at) and (current_agency, ...) indexes, as before.
    for (first, last), ids in sorted(windows.items(), key=lambda item: str(item[0])):
        arm = Q(desk__unit_id__in=ids) | Q(current_agency_id__in=ids)
        if first is not None and first > date(1900, 1, 1):
            arm &= Q(received_at__gte=datetime.combine(first, time.min, tzinfo=zone))
        if last is not None:
            arm &= Q(received_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone))
        condition |= arm
    return condition


def user_can_see_unit(*, user, unit: Unit) -> bool:
    """Whether ``user`` may open ``unit``'s own page: the dashboard's roles, except a leader
    limited to some units, who sees those and the units under them alone."""
    if not has_role(user, Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR):
        return False
    if has_role(user, Role.REFORM_OFFICER, Role.ADMINISTRATOR):
        return True
    scope = unit_scope_of(user)
    return not scope or any(scoped.pk == unit.pk for scoped in scope)


def user_can_act_on_desk(*, user, desk: Desk) -> bool:
    """Whether ``user`` may act on dossiers of ``desk``.

    Administrators act anywhere; reception staff (cán bộ tiếp nhận) only on the desks they belong
    to; anyone else (leaders, reform officers, anonymous users) on none.
    """
    if user is None or not user.is_authenticated or desk is None:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if not has_role(user, Role.RECEPTION):
        return False
    return desk.staff.filter(pk=user.pk).exists()


def desk_procedure_versions(*, desk: Desk, as_of: date) -> QuerySet[ProcedureVersion]:
    """Procedures a desk receives on ``as_of``: those carried out at its unit's level (one of
    their levels) whose implementing agency is the desk's unit (or not tied to one unit), plus
    the desk's additions, minus its exclusions."""
    return _desk_versions(
        desk_id=desk.pk, unit_id=desk.unit_id, unit_level=desk.unit.level, as_of=as_of
    )


def _desk_versions(*, desk_id, unit_id, unit_level: int, as_of) -> QuerySet[ProcedureVersion]:
    rules = DeskProcedureRule.objects.filter(desk_id=desk_id)
    included = rules.filter(include=True).values("procedure_id")
    excluded = rules.filter(include=False).values("procedure_id")
    # A procedure carried out at several levels is received at each of them.
    by_level = Q(levels__has=unit_level) & (Q(agency__isnull=True) | Q(agency_id=unit_id))
    return (
        procedure_versions_in_force(as_of=as_of)
        .filter(by_level | Q(procedure_id__in=included))
        .exclude(procedure_id__in=excluded)
    )


# Every intake looks its procedure up by code: compiled once per process (and unit level).
# No order: a procedure's versions succeed each other (the services supersede one on the day
# the next begins), and the order by code it had could not choose among equal codes anyway. With
# only what an intake reads: the agency's join and the order were half of PostgreSQL's planning.
_DESK_VERSION_BY_CODE = PreparedQuery(
    lambda unit_level, *, desk_id, unit_id, as_of, code: (
        _desk_versions(desk_id=desk_id, unit_id=unit_id, unit_level=unit_level, as_of=as_of)
        .filter(procedure__code=code)
        .select_related(None)
        .select_related("procedure", "sector")
        # The intake counts its clock on the calendar: its stamp here spares it a query.
        .annotate(calendar_stamp=CalendarStamp())
        .order_by()[:1]
    ),
    desk_id=models.BigIntegerField(),
    unit_id=models.BigIntegerField(),
    as_of=models.DateField(),
    code=models.CharField(),
)


def desk_procedure_version_by_code(
    *, desk: Desk, code: str, as_of: date
) -> ProcedureVersion | None:
    """The version of the procedure ``code`` that ``desk`` receives on ``as_of`` (with its
    procedure and sector), as ``desk_procedure_versions(...).filter(procedure__code=code)
    .first()`` finds it; ``None`` when the desk does not receive it that day. It carries the
    calendar's stamp too (``calendar_stamp``, for :func:`clock_rule_book_get`)."""
    found = _DESK_VERSION_BY_CODE.run(
        desk.unit.level, desk_id=desk.pk, unit_id=desk.unit_id, as_of=as_of, code=code
    )
    return found[0] if found else None


def unit_list() -> QuerySet[Unit]:
    """Every administrative unit, past and present, with what lists show about it."""
    return Unit.objects.select_related("parent").prefetch_related("successors").order_by("code")


def centre_list() -> QuerySet[Centre]:
    """Every public administration centre, past and present."""
    return Centre.objects.select_related("unit").order_by("code")


def desk_list() -> QuerySet[Desk]:
    """Every one-stop desk, past and present, with its staff and procedure rules."""
    return (
        Desk.objects.select_related("unit", "centre")
        .prefetch_related("staff", "procedure_rules__procedure")
        .order_by("code")
    )
