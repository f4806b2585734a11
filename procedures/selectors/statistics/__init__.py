"""Thống kê tình hình, kết quả giải quyết TTHC: form 06/VPCP/KSTT (and II.06a per centre), with
the rates reports print and Decision 766's progress rate.

The rule as users and auditors read it, with its legal source: docs/rules/statistics.md.

One package computes them; the API, the dashboards, the report and the exports call
:func:`dossier_statistics` and import every name from here. For a period
``[date_from, date_to]`` of whole Vietnamese days (Asia/Ho_Chi_Minh) each row holds exactly the
keys of :data:`STAT_KEYS`:

- ``received_carried_over``: open at the start of ``date_from`` (received before it, not closed
  before it); ``received_new``: received in the period, split into ``received_online`` and
  ``received_direct_postal``; ``received_total`` is their sum.
- ``resolved_*``: resolved in the period by the resolution moment (``resolved_at``), whatever
  the period they were received in, by their outcome (early / on time / late, by date).
- ``in_progress_*``: open at the end of ``date_to``, judged at that moment exactly as
  :func:`procedures.selectors.dossiers.dossiers_overdue_at` judges it.
- ``rejected``, ``withdrawn``, ``stopped``: closed so in the period, so that
  ``received_total = resolved_total + in_progress_total + rejected + withdrawn + stopped``.
- Dossiers **without a time limit** (a procedure whose time is "Không quy định", or still to be
  completed in the catalogue: no due date, see :data:`NO_TIME_LIMIT`) are outside every column
  above: form 06 counts dossiers that can be early, on time or late, and counting them in
  ``received`` but in no outcome would break the identity. ``no_time_limit`` counts those
  received in the period, beside the form's columns, so that none goes unreported.
- Decision 766 (:class:`Rule766`, reading the clock's one definition): on time = resolved and
  not late for 766 by the verdict the clock stored on the dossier (early or on time with at
  most one supplement request); in progress within time = open, not overdue and at most one
  request so far. The waiting time is already outside the due moment (the clock stops while
  the applicant completes the dossier), so it is never held against the agency.
- ``apologies_in_time``, ``apologies_late``: phiếu xin lỗi và hẹn lại ngày trả kết quả issued
  in the period (by the apology's moment), in time when at least one working day before the
  due date (Decree 61/2018 Art. 19), late otherwise (``Dossier.apology_in_time``). A dossier
  resolved late and closed before the period still counts its apology in the period it came.

The groupings live in :mod:`procedures.selectors.statistics_groupings` (re-exported here).
Time groupings (month, quarter, year) give each row its own sub-period: a month row carries
over what was open when that month (or the period) began and leaves in progress what was open
when it ended. The totals are the whole period's statistics, computed, never summed.

Every count is counted on its own in the database (conditional aggregation over the dossiers
handled in the period, served by the (closed_at, received_at) index, or the daily roll-ups);
``checks`` then lists each row whose parts do not add up or whose rates do not follow from its
counts. Nothing is ever corrected to make a check pass.

One module per idea: :mod:`.definitions` (the keys, rates, identities and rules every part
shares; it imports none of the others), :mod:`.direct` (counting the dossiers), :mod:`.rollups`
(counting the roll-ups, when they cover the question), :mod:`.answer` (the rows with their rates,
and the checks) and :mod:`.compute` (:func:`dossier_statistics`, which asks one or the other).
"""

from procedures.selectors.statistics.answer import (
    DossierStatistics,
    rate_value,
    statistics_checks,
    with_rates,
)
from procedures.selectors.statistics.compute import dossier_statistics
from procedures.selectors.statistics.definitions import (
    COUNT_KEYS,
    DIRECT_POSTAL,
    FLOW_KEYS,
    FORM_06_KEYS,
    IDENTITIES,
    NO_TIME_LIMIT,
    ONE_MICROSECOND,
    RATE_DEFINITIONS,
    RATE_KEYS,
    RESOLVED_STATUSES,
    STAT_KEYS,
    STAT_LABELS,
    Rule766,
    day_start,
    month_last_day,
)
from procedures.selectors.statistics.direct import APOLOGY_KEYS, dossiers_for_statistics
from procedures.selectors.statistics.rollups import rollup_counter, rollups_state, rollups_supported
from procedures.selectors.statistics_groupings import GROUPINGS, Bucket, Grouping, register_grouping

__all__ = [
    "APOLOGY_KEYS",
    "COUNT_KEYS",
    "DIRECT_POSTAL",
    "FLOW_KEYS",
    "FORM_06_KEYS",
    "GROUPINGS",
    "IDENTITIES",
    "NO_TIME_LIMIT",
    "ONE_MICROSECOND",
    "RATE_DEFINITIONS",
    "RATE_KEYS",
    "RESOLVED_STATUSES",
    "STAT_KEYS",
    "STAT_LABELS",
    "Bucket",
    "DossierStatistics",
    "Grouping",
    "Rule766",
    "day_start",
    "dossier_statistics",
    "dossiers_for_statistics",
    "month_last_day",
    "rate_value",
    "register_grouping",
    "rollup_counter",
    "rollups_state",
    "rollups_supported",
    "statistics_checks",
    "with_rates",
]
