"""Bảng tổng hợp: daily and monthly roll-ups of the dossier statistics, per desk × procedure ×
channel (and the sector, level and agency the statistics group by), moved by each change of a
dossier in its transaction (``procedures/services/rollups_live.py``) and rebuilt by
``manage.py rebuild_rollups``.

Flows (received, resolved, rejected, ...) are counted on the day they happen. The stocks the
statistics need at a moment (open, overdue, late for Decision 766) are kept as daily changes
(``*_delta``: +1 the day a dossier becomes open/overdue, -1 the day it stops), and as their
level at the end of each month in the monthly table, which has a row for every month a cell
holds open dossiers. A stock at the end of any day is then the previous month's level plus at
most a month of daily changes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

FLOW_FIELDS = (
    "received_new",
    "received_online",
    "received_direct_postal",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "resolved_in_time_766",
    "rejected",
    "withdrawn",
    "stopped",
    # Received in the day without a time limit: outside every column above (form 06 counts
    # dossiers with a due date), reported beside them.
    "no_time_limit",
    "apologies_in_time",
    "apologies_late",
)
# Open at the end of the day; open and overdue; open and late for Decision 766 (overdue, or
# more than one supplement request so far).
STOCKS = ("open", "overdue", "late_766")


# Derived rows, written in bulk (an import writes as many as it imports dossiers): their keys come
# from dossiers whose own foreign keys were checked, so the database checks none again, and the
# cell's unique index (desk first) is their only index besides the day's. Django still cascades
# a deleted desk, procedure, sector or unit to them; a rebuild rewrites them all.
_CELL_KEY = {
    "on_delete": models.CASCADE,
    "related_name": "+",
    "db_index": False,
    "db_constraint": False,
}


class _RollupCell(models.Model):
    desk = models.ForeignKey("procedures.Desk", **_CELL_KEY)
    procedure = models.ForeignKey("procedures.Procedure", **_CELL_KEY)
    channel = models.CharField(max_length=10)
    sector = models.ForeignKey("procedures.Sector", **_CELL_KEY)
    level = models.IntegerField()
    # The agency that resolved it (or holds it now): Coalesce(current_agency, desk.unit).
    unit = models.ForeignKey("procedures.Unit", **_CELL_KEY)

    received_new = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    received_direct_postal = models.IntegerField(default=0)
    resolved_total = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    resolved_in_time = models.IntegerField(default=0)
    resolved_in_time_766 = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    no_time_limit = models.IntegerField(default=0)
    # Phiếu xin lỗi issued that day: at least one working day before the due date, or later.
    apologies_in_time = models.IntegerField(default=0)
    apologies_late = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DossierDailyRollup(_RollupCell):
    """Tổng hợp theo ngày: one Vietnamese day of one cell (only days when something happens)."""

    day = models.DateField(_("date"))
    open_delta = models.IntegerField(default=0)
    overdue_delta = models.IntegerField(default=0)
    late_766_delta = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily roll-up")
        verbose_name_plural = _("daily roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=("desk", "procedure", "channel", "sector", "level", "unit", "day"),
                name="rollup_daily_cell_day",
            )
        ]
        indexes = [models.Index(fields=("day",), name="rollup_daily_day")]

    def __str__(self) -> str:
        return f"{self.desk_id}/{self.procedure_id}/{self.channel} {self.day}"


class DossierMonthlyRollup(_RollupCell):
    """Tổng hợp theo tháng: the month's flows and the stocks at its end (``month`` is its
    first day), for every month a cell has flows or open dossiers."""

    month = models.DateField(_("month"))
    open_end = models.IntegerField(default=0)
    overdue_end = models.IntegerField(default=0)
    late_766_end = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly roll-up")
        verbose_name_plural = _("monthly roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=("desk", "procedure", "channel", "sector", "level", "unit", "month"),
                name="rollup_monthly_cell_month",
            )
        ]
        indexes = [models.Index(fields=("month",), name="rollup_monthly_month")]

    def __str__(self) -> str:
        return f"{self.desk_id}/{self.procedure_id}/{self.channel} {self.month:%m/%Y}"


class RollupState(models.Model):
    """What the roll-ups cover (one row): every day from ``first_day`` to ``last_day`` (the end
    of the last month whose monthly rows exist), and a ``version`` that grows with each change
    (caches of charts key on it)."""

    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    version = models.BigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up state")

    def __str__(self) -> str:
        return f"{self.first_day}..{self.last_day} v{self.version}"
