"""Xếp hạng cơ quan, đơn vị giải quyết TTHC: every agency that resolves dossiers (departments and
boards, district people's committees while they existed, communes and wards, as they were in
the period) ranked by its on-time rate, worst first, beside the province's line and the period it
is compared with (:func:`procedures.calendar.periods.comparison_period`).

No figure is counted here: each comes from :func:`procedures.selectors.statistics.
dossier_statistics` grouped by ``unit`` (the agency that resolved a dossier, or holds it while it
is open), and "overdue now" from the overdue watch's own rule
(:func:`procedures.selectors.dossiers.dossiers_overdue`) grouped by the same agency expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from procedures.calendar.periods import comparison_period, period_text
from procedures.choices import Level, UnitKind
from procedures.models import Dossier, Unit
from procedures.selectors.dossiers import dossiers_overdue
from procedures.selectors.statistics import dossier_statistics
from procedures.selectors.statistics_groupings import GROUPINGS

# The level (cấp) whose procedures an agency of each kind resolves; the province's own
# departments and boards resolve the provincial ones.
AGENCY_KINDS: dict[int, tuple[str, ...]] = {
    Level.PROVINCE: (UnitKind.PROVINCE, UnitKind.DEPARTMENT),
    Level.DISTRICT: (UnitKind.DISTRICT,),
    Level.COMMUNE: (UnitKind.COMMUNE,),
}
AGENCY_LEVELS = tuple(AGENCY_KINDS)


def agency_codes_of_level(*, level: int, date_from: date, date_to: date) -> list[str]:
    """Codes of the agencies of ``level`` that existed at some time in the period (a district
    ended on 30/6/2025 still ranks for a period that includes June 2025)."""
    return list(
        Unit.objects.filter(kind__in=AGENCY_KINDS[level], valid_from__lte=date_to)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date_from))
        .order_by("code")
        .values_list("code", flat=True)
    )


def dossiers_overdue_by_agency(*, at: datetime, filters: Mapping[str, object]) -> dict[str, int]:
    """Hồ sơ quá hạn at ``at`` (now) per agency code, by the overdue watch's rule and the
    statistics' own agency (``unit``) grouping and filters."""
    agency = GROUPINGS["unit"].expression()
    queryset = Dossier.objects.all()
    for name, value in filters.items():
        if value:
            queryset = queryset.filter(
                GROUPINGS[name].filter_q(value if isinstance(value, list) else [value])
            )
    rows = (
        dossiers_overdue(at=at, queryset=queryset)
        .order_by()
        .annotate(agency=agency)
        .values("agency")
        .annotate(overdue=Count("pk"))
    )
    by_id = {row["agency"]: row["overdue"] for row in rows}
    codes = dict(Unit.objects.filter(pk__in=by_id).values_list("pk", "code"))
    return {codes[pk]: n for pk, n in by_id.items()}


def rate_change_points(current, previous) -> Decimal | None:
    """The change of a rate in percentage points, two decimals (``None`` when either is)."""
    if current is None or previous is None:
        return None
    points = Decimal(current.numerator) / Decimal(current.denominator) - Decimal(
        previous.numerator
    ) / Decimal(previous.denominator)
    return (points * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class AgencyRanking:
    """The ranking of a period: ``rows`` worst first, the ``province`` line and the previous
    period's dates. Each row: ``key`` (unit code), ``name``, ``kind``, ``level``,
    ``valid_from``/``valid_to``, the statistics' counts and rates, ``overdue_now``,
    ``previous_on_time_rate`` and ``change`` (points)."""

    date_from: date
    date_to: date
    previous_from: date
    previous_to: date
    rows: list[dict]
    province: dict
    # How the previous period was chosen (procedures.calendar.periods).
    previous_basis: str = ""
    # The statistics' filters of the province's line and of the rows (with the level's units).
    filters: dict = field(default_factory=dict)
    scoped_filters: dict = field(default_factory=dict)

    @property
    def previous_text(self) -> str:
        """The compared period as a leader reads it: "01/01–08/12/2025"."""
        return period_text(self.previous_from, self.previous_to)


def _line(stats: Mapping, previous: Mapping | None) -> dict:
    before = previous["on_time_rate"] if previous else None
    return {
        "received_new": stats["received_new"],
        "resolved_total": stats["resolved_total"],
        "resolved_late": stats["resolved_late"],
        "in_progress_overdue": stats["in_progress_overdue"],
        "on_time_rate": stats["on_time_rate"],
        "online_rate": stats["online_rate"],
        "previous_on_time_rate": before,
        "change": rate_change_points(stats["on_time_rate"], before),
    }


def agency_ranking(
    *,
    date_from: date,
    date_to: date,
    at: datetime,
    level: int | None = None,
    filters: Mapping[str, object] | None = None,
) -> AgencyRanking:
    """Xếp hạng các cơ quan giải quyết TTHC of ``[date_from, date_to]``: one row per agency
    (of ``level`` if given) that handled dossiers in the period, worst on-time rate first
    (those with nothing resolved last), each with its compared period; ``filters`` as the
    statistics take them (``sector``, ``centre``). The province's line ignores ``level``.
    The figures of the period (:func:`agency_ranking_figures`, which a page may cache) and the
    dossiers overdue at ``at`` (:func:`agency_ranking_overdue_mark`, never cached)."""
    ranking = agency_ranking_figures(
        date_from=date_from, date_to=date_to, level=level, filters=filters
    )
    agency_ranking_overdue_mark(ranking, at=at)
    return ranking


def agency_ranking_figures(
    *,
    date_from: date,
    date_to: date,
    level: int | None = None,
    filters: Mapping[str, object] | None = None,
) -> AgencyRanking:
    """The ranking's figures of the period and of its compared period, without "overdue now"
    (zero until :func:`agency_ranking_overdue_mark`): four runs of the statistics, the costly
    part of the ranking, which depends only on the dossiers counted by the roll-ups."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    scoped = dict(filters)
    if level is not None:
        scoped["unit"] = agency_codes_of_level(level=level, date_from=date_from, date_to=date_to)
    previous_from, previous_to, basis = comparison_period(date_from, date_to)
    if level is not None and not scoped["unit"]:
        rows_now, rows_before = [], []
    else:
        rows_now = dossier_statistics(
            date_from=date_from, date_to=date_to, group_by=["unit"], filters=scoped
        ).rows
        rows_before = dossier_statistics(
            date_from=previous_from, date_to=previous_to, group_by=["unit"], filters=scoped
        ).rows
    before = {row["key"]["unit"]: row for row in rows_before}
    kinds = dict(
        Unit.objects.filter(code__in=[r["key"]["unit"] for r in rows_now]).values_list(
            "code", "kind"
        )
    )
    level_of = {kind: lvl for lvl, kinds_ in AGENCY_KINDS.items() for kind in kinds_}
    rows = []
    for row in rows_now:
        code = row["key"]["unit"]
        entity = row.get("entities", {}).get("unit") or {}
        rows.append(
            {
                "key": code,
                "name": row["name"]["unit"],
                "kind": kinds.get(code),
                "level": level_of.get(kinds.get(code)),
                "valid_from": entity.get("valid_from"),
                "valid_to": entity.get("valid_to"),
                **_line(row, before.get(code)),
                "overdue_now": 0,
            }
        )
    rows.sort(
        key=lambda r: (
            r["on_time_rate"] is None,
            r["on_time_rate"] if r["on_time_rate"] is not None else 0,
            -r["resolved_late"],
            str(r["name"]).casefold(),
        )
    )
    province_now = dossier_statistics(date_from=date_from, date_to=date_to, filters=filters)
    province_before = dossier_statistics(
        date_from=previous_from, date_to=previous_to, filters=filters
    )
    return AgencyRanking(
        date_from=date_from,
        date_to=date_to,
        previous_from=previous_from,
        previous_to=previous_to,
        rows=rows,
        province={**_line(province_now.totals, province_before.totals), "overdue_now": 0},
        previous_basis=basis,
        filters=filters,
        scoped_filters=scoped,
    )


def agency_ranking_overdue_mark(ranking: AgencyRanking, *, at: datetime) -> None:
    """Set "overdue now" (hồ sơ quá hạn at ``at``) on each row and on the province's line: it
    moves with the clock, so it is read on every page, two queries, never cached."""
    if ranking.rows:
        overdue = dossiers_overdue_by_agency(at=at, filters=ranking.scoped_filters)
        for row in ranking.rows:
            row["overdue_now"] = overdue.get(row["key"], 0)
    ranking.province["overdue_now"] = sum(
        dossiers_overdue_by_agency(at=at, filters=ranking.filters).values()
    )
