"""Reads of dossiers (hồ sơ): who may see and act on them, the work queue, the public lookup."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from procedures.choices import Outcome
from procedures.dossier_flow import RUNNING_STATUSES, actions_from
from procedures.models import Desk, Dossier, DossierEvent, ProcedureVersion
from procedures.models.dossiers import OPEN_STATUSES
from procedures.roles import Role, has_role, user_roles


def _staff_desks(user) -> QuerySet[Desk]:
    return Desk.objects.filter(staff=user) if user.is_authenticated else Desk.objects.none()


def dossier_user_can_act(*, user, dossier: Dossier) -> bool:
    """Quyền xử lý hồ sơ: staff of the dossier's desk, staff of a desk of the unit the dossier
    was handed to (``current_agency``), or an administrator. Leaders only read."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if not has_role(user, Role.RECEPTION):
        return False
    desks = _staff_desks(user)
    return desks.filter(
        Q(pk=dossier.desk_id)
        | (Q(unit_id=dossier.current_agency_id) if dossier.current_agency_id else Q(pk__in=[]))
    ).exists()


def dossier_user_can_receive(*, user, desk: Desk) -> bool:
    """Whether ``user`` may log dossiers at ``desk`` (tiếp nhận): its staff, or administrators."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.RECEPTION) and desk.staff.filter(pk=user.pk).exists()


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Hồ sơ a user may read: leaders and administrators all; staff those of their desks and
    those handed to their desks' units."""
    dossiers = Dossier.objects.select_related(
        "desk", "desk__centre", "procedure", "procedure_version", "sector", "current_agency"
    )
    roles = user_roles(user)
    if {Role.LEADER, Role.ADMINISTRATOR} & roles:
        return dossiers
    desks = _staff_desks(user)
    return dossiers.filter(
        Q(desk__in=desks) | Q(current_agency__in=desks.values("unit"))
    ).distinct()


def dossier_get_by_code(*, code: str, user) -> Dossier | None:
    """One dossier by its code among those ``user`` may read; ``None`` otherwise."""
    return dossiers_visible_to(user).filter(code=code).first()


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The dossier's timeline (Phiếu kiểm soát quá trình giải quyết hồ sơ), oldest first."""
    return dossier.events.select_related("actor", "giver", "receiver").order_by("at", "id")


def dossier_work_queue(*, user) -> QuerySet[Dossier]:
    """Hồ sơ đang giải quyết: open dossiers ``user`` may read, due soonest first."""
    return dossiers_visible_to(user).filter(status__in=OPEN_STATUSES).order_by("due_at", "code")


def dossiers_overdue(*, at: datetime, queryset: QuerySet[Dossier] | None = None) -> QuerySet:
    """Hồ sơ quá hạn at ``at``: open, clock running, due moment passed (or already marked)."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=RUNNING_STATUSES).filter(
        Q(due_at__lt=at) | Q(is_overdue=True)
    )


def dossier_public_get(*, code: str) -> Dossier | None:
    """Tra cứu hồ sơ: the dossier with ``code`` for the public lookup (no personal data is read
    here beyond what the public page shows)."""
    return (
        Dossier.objects.select_related("procedure_version", "desk")
        .only(
            "code",
            "status",
            "received_at",
            "due_at",
            "resolved_at",
            "returned_at",
            "outcome",
            "apology_due_at",
            "is_overdue",
            "procedure_version__name",
            "procedure_version__procedure_id",
            "desk__name",
            "desk__code",
        )
        .filter(code=code.strip())
        .first()
    )


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


def dossier_apology_refusal(*, dossier: Dossier, at: datetime) -> str | None:
    """Why a phiếu xin lỗi is not allowed at ``at`` (``None`` when it is): only for a dossier
    resolved late or open and overdue, once at most."""
    if dossier.apology_due_at is not None:
        return gettext("An apology with a new date was already issued for dossier %(code)s.") % {
            "code": dossier.code
        }
    late = dossier.resolved_at is not None and dossier.outcome == Outcome.LATE
    overdue = dossier.status in RUNNING_STATUSES and (dossier.is_overdue or dossier.due_at < at)
    if not (late or overdue):
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
