"""Bảng điều khiển của lãnh đạo: the leaders' dashboard, shaped from the statistics selector.

Every number comes from :mod:`procedures.selectors.statistics` (the one place that counts
dossiers for reports) except "overdue right now", which is the overdue watch's own rule
(:func:`procedures.selectors.dossiers.dossiers_overdue_by_desk`). Each number carries the
query string of the dossier list that shows exactly the dossiers behind it.

Cached per filter set under a version that the roll-ups bump when they change
(:mod:`procedures.reports.dashboard_cache`), with a short lifetime as a safety net for changes
that no roll-up has seen yet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from procedures.calendar import TIME_ZONE
from procedures.models import Centre, Sector, Unit
from procedures.reports.dashboard_cache import (  # noqa: F401 - the dashboard's public names
    CACHE_VERSION_KEY,
    dashboard_cache_invalidate,
    dashboard_cache_version,
)
from procedures.selectors.agency_ranking import AGENCY_LEVELS
from procedures.selectors.statistics import day_start
from procedures.selectors.statistics_limits import period_problems

CACHE_SECONDS = 300
PERIODS = ("month", "quarter", "year", "range")
TOP = 10


@dataclass(frozen=True)
class DashboardFilters:
    """Kỳ báo cáo và bộ lọc: the period (whole Vietnamese days), a centre, a sector, the level
    of the agencies ranked and, on a unit's own page, the unit (agency).

    ``scope``: the codes of the units the reader answers for (a leader limited to some units,
    :func:`procedures.selectors.units.unit_codes_in_scope`), set by the view from the user,
    never read from the query string; empty for the province's readers."""

    period: str
    date_from: date
    date_to: date
    centre: str = ""
    sector: str = ""
    level: str = ""
    unit: str = ""
    scope: tuple[str, ...] = ()

    def as_params(self) -> dict:
        params = {"period": self.period}
        if self.period == "range":
            params |= {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if self.centre:
            params["centre"] = self.centre
        if self.sector:
            params["sector"] = self.sector
        if self.level:
            params["level"] = self.level
        if self.unit:
            params["unit"] = self.unit
        return params

    def cache_key(self, *parts) -> str:
        digest = hashlib.sha256(
            json.dumps(
                [
                    self.as_params(),
                    self.date_from.isoformat(),
                    self.date_to.isoformat(),
                    list(self.scope),
                ]
            ).encode()
        ).hexdigest()
        return ":".join(["dashboard", str(dashboard_cache_version()), digest, *map(str, parts)])

    @property
    def units(self) -> list[str]:
        """The agencies the figures are limited to: the page's unit, else the reader's scope
        (none: the province)."""
        return [self.unit] if self.unit else list(self.scope)

    @property
    def end_moment(self) -> datetime:
        """The last moment of the period (a microsecond before the Vietnamese midnight after
        ``date_to``): where the statistics judge what is still in progress."""
        return day_start(self.date_to + timedelta(days=1)) - timedelta(microseconds=1)

    @property
    def start_moment(self) -> datetime:
        """The last moment before the period: what was open then is carried over."""
        return day_start(self.date_from) - timedelta(microseconds=1)


def _parse_day(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def dashboard_filters(params, *, today: date) -> tuple[DashboardFilters, list[str]]:
    """Read the filters of the dashboard's form; problems are named, defaults used instead.

    "This month/quarter/year" end today: figures at the end of the period (still in progress,
    overdue) are judged at tonight's midnight, never at a future month's end."""
    errors: list[str] = []
    period = params.get("period") or "year"
    if period not in PERIODS:
        errors.append(_("Unknown period “%(value)s”.") % {"value": period})
        period = "year"
    if period == "month":
        start = today.replace(day=1)
    elif period == "quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    else:
        start = date(today.year, 1, 1)
    end = today
    if period == "range":
        start_text, end_text = params.get("from", ""), params.get("to", "")
        parsed_start, parsed_end = _parse_day(start_text), _parse_day(end_text)
        if parsed_start is None:
            errors.append(
                _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": start_text}
            )
        if parsed_end is None:
            errors.append(
                _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": end_text}
            )
        if parsed_start and parsed_end:
            if parsed_end < parsed_start:
                errors.append(_("The end of the period is before its start."))
            else:
                limits = period_problems(parsed_start, parsed_end)
                errors += [message for messages in limits.values() for message in messages]
                if not limits:
                    start, end = parsed_start, parsed_end
        if errors:
            period = "year"
    centre = (params.get("centre") or "").strip()
    if centre and not Centre.objects.filter(code=centre).exists():
        errors.append(_("Unknown centre “%(value)s”.") % {"value": centre})
        centre = ""
    sector = (params.get("sector") or "").strip()
    if sector and not Sector.objects.filter(code=sector).exists():
        errors.append(_("Unknown sector “%(value)s”.") % {"value": sector})
        sector = ""
    level = (params.get("level") or "").strip()
    if level and level not in {str(int(value)) for value in AGENCY_LEVELS}:
        errors.append(_("Unknown level “%(value)s”.") % {"value": level})
        level = ""
    unit = (params.get("unit") or "").strip()
    if unit and not Unit.objects.filter(code=unit).exists():
        errors.append(_("Unknown agency “%(value)s”.") % {"value": unit})
        unit = ""
    return DashboardFilters(period, start, end, centre, sector, level, unit), errors


# -- links to the dossier list ---------------------------------------------------------------


def _scope(filters: DashboardFilters, **extra) -> list[tuple[str, str]]:
    pairs = []
    if filters.centre and "centre" not in extra and "desk" not in extra:
        pairs.append(("centre", filters.centre))
    if filters.sector and "sector" not in extra:
        pairs.append(("sector", filters.sector))
    if filters.units and "unit" not in extra:
        pairs.append(("unit", ",".join(filters.units)))
    for key, value in extra.items():
        if value in (None, ""):
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, str(item)))
    return pairs


def figure_links(filters: DashboardFilters, **scope) -> dict[str, str]:
    """Query strings of the dossier list for each figure of a row whose scope is ``scope``
    (``centre``, ``desk``, ``sector``, ``procedure``): exactly the dossiers each figure counts,
    by the statistics' definitions (received by moment of receipt, resolved by moment of
    resolution, in progress and overdue at the end of the period)."""
    received = {"received_from": filters.date_from, "received_to": filters.date_to}
    resolved = {"resolved_from": filters.date_from, "resolved_to": filters.date_to}
    apologised = {"apologised_from": filters.date_from, "apologised_to": filters.date_to}
    end = filters.end_moment.isoformat()

    def link(**extra) -> str:
        return urlencode(_scope(filters, **scope, **extra))

    # The form's figures count dossiers with a time limit only (an outcome or an overdue
    # moment implies one); those without are a figure of their own.
    timed = {"has_time_limit": "true"}
    return {
        # Received before the end and not closed before the start: new and carried over.
        "received_total": link(
            received_to=filters.date_to, not_closed_before=filters.date_from, **timed
        ),
        "received_online": link(**received, channel="online", **timed),
        "received_direct_postal": link(**received, channel=["direct", "postal"], **timed),
        "resolved_early": link(**resolved, outcome="early"),
        "resolved_on_time": link(**resolved, outcome="on_time"),
        "in_progress_within_time": link(within_time_at=end, **timed),
        "received_new": link(**received, **timed),
        "resolved_total": link(**resolved, **timed),
        "resolved_in_time": link(**resolved, outcome=["early", "on_time"]),
        "resolved_late": link(**resolved, outcome="late"),
        "in_progress_total": link(open_at=end, **timed),
        "in_progress_overdue": link(overdue_at=end),
        "received_carried_over": link(open_at=filters.start_moment.isoformat(), **timed),
        "no_time_limit": link(**received, has_time_limit="false"),
        "apologies_in_time": link(**apologised, apology="in_time"),
        "apologies_late": link(**apologised, apology="late"),
    }


# -- the figures -------------------------------------------------------------------------------

# The figures a row of the dashboard's tables shows, in order, with their links.
ROW_FIGURES = (
    "received_new",
    "resolved_total",
    "resolved_in_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_overdue",
    "apologies_in_time",
    "apologies_late",
)


def _statistics(filters: DashboardFilters, group_by: list[str], **scope):
    """The statistics selector's answer for the dashboard's period and filters (codes, as the
    dossier list filters by)."""
    from procedures.selectors.statistics import dossier_statistics

    wanted = {
        "centre": filters.centre,
        "sector": filters.sector,
        "unit": filters.units,
        **scope,
    }
    return dossier_statistics(
        date_from=filters.date_from,
        date_to=filters.date_to,
        group_by=group_by,
        filters={name: code for name, code in wanted.items() if code},
    )


def _flat(answer, dim: str) -> list[dict]:
    """The selector's rows of a one-dimension grouping as flat rows: ``key`` (the code; "-" for
    dossiers outside any centre), ``name`` and the statistics."""
    return [
        {
            **{k: v for k, v in row.items() if k not in ("key", "name", "entities")},
            "key": row["key"][dim] if row["key"][dim] is not None else "-",
            "name": row["name"][dim],
        }
        for row in answer.rows
    ]


def desk_day_figures(*, desk, now: datetime) -> dict:
    """Today's counts of one desk (received, resolved, in progress tonight) from the statistics
    selector, the overdue-now count of the overdue watch, and the dossier-list links."""
    from procedures.models import Dossier
    from procedures.selectors.dossiers import dossiers_overdue

    today = timezone.localdate(now)
    filters = DashboardFilters("range", today, today)
    totals = _statistics(filters, [], desk=desk.code).totals
    at = now.isoformat()
    return {
        "desk": desk,
        "totals": totals,
        "links": figure_links(filters, desk=desk.code),
        "overdue_now": dossiers_overdue(at=now, queryset=Dossier.objects.filter(desk=desk)).count(),
        "overdue_link": urlencode(_scope(filters, desk=desk.code, overdue_at=at)),
    }


def _with_links(rows: list[dict], filters: DashboardFilters, scope_key: str | None) -> list[dict]:
    out = []
    for row in rows:
        scope = {scope_key: row["key"]} if scope_key else {}
        out.append({**row, "links": figure_links(filters, **scope)})
    return out


def dashboard_data(filters: DashboardFilters, *, now: datetime) -> dict:
    """Everything the dashboard shows for ``filters``: totals, per centre (on-time rate, worst
    first), the monthly trend, the sectors and procedures with the most late dossiers, and the
    open dossiers overdue now by desk. Cached per filter set (see the module's docstring)."""
    data = _cached_figures(filters)
    # Overdue right now moves with the clock: never cached.
    from procedures.models import Dossier
    from procedures.selectors.dossiers import dossiers_overdue_by_desk
    from procedures.selectors.statistics_groupings import GROUPINGS

    queryset = Dossier.objects.all()
    if filters.centre:
        queryset = queryset.filter(desk__centre__code=filters.centre)
    if filters.sector:
        queryset = queryset.filter(sector__code=filters.sector)
    if filters.units:
        queryset = queryset.filter(GROUPINGS["unit"].filter_q(filters.units))
    overdue = dossiers_overdue_by_desk(at=now, queryset=queryset)
    at = now.isoformat()
    for row in overdue:
        row["link"] = urlencode(_scope(filters, desk=row["desk__code"], overdue_at=at))
    return {
        **data,
        "overdue_now": overdue,
        "overdue_now_total": sum(r["overdue"] for r in overdue),
        "overdue_now_link": urlencode(_scope(filters, overdue_at=at)),
        "now": now,
    }


def _cached_figures(filters: DashboardFilters) -> dict:
    """The dashboard's figures of the period (all but "overdue right now"), from the cache."""
    key = filters.cache_key("data")
    data = cache.get(key)
    if data is None:
        data = _dashboard_data(filters)
        cache.set(key, data, CACHE_SECONDS)
    return data


def seconds_left_today(now: datetime) -> int:
    """Seconds from ``now`` to the next Vietnamese midnight (at least one)."""
    tomorrow = now.astimezone(TIME_ZONE).date() + timedelta(days=1)
    return max(1, int((day_start(tomorrow) - now).total_seconds()))


def _worst_first(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda r: (r["on_time_rate"] is None, r["on_time_rate"] or 0, str(r["name"])))
    return rows


def _dashboard_data(filters: DashboardFilters) -> dict:
    by_centre = _statistics(filters, ["centre"])
    centres = _worst_first(_with_links(_flat(by_centre, "centre"), filters, "centre"))
    # A unit's own page lists its desks as the dashboard lists centres.
    desks = (
        _worst_first(_with_links(_flat(_statistics(filters, ["desk"]), "desk"), filters, "desk"))
        if filters.unit
        else []
    )
    trend = _statistics(filters, ["month"])
    months = [
        {
            "label": row["name"]["month"],
            "received": row["received_new"],
            "resolved": row["resolved_total"],
            "late": row["resolved_late"],
        }
        for row in trend.rows
    ]
    sectors = [r for r in _flat(_statistics(filters, ["sector"]), "sector") if r["resolved_late"]]
    sectors.sort(key=lambda r: (-r["resolved_late"], str(r["name"])))
    procedures = [
        r for r in _flat(_statistics(filters, ["procedure"]), "procedure") if r["resolved_late"]
    ]
    procedures.sort(key=lambda r: (-r["resolved_late"], str(r["name"])))
    return {
        "totals": by_centre.totals,
        "totals_links": figure_links(filters),
        "centres": centres,
        "desks": desks,
        "months": months,
        "sectors": _with_links(sectors[:TOP], filters, "sector"),
        "procedures": _with_links(procedures[:TOP], filters, "procedure"),
        "checks": [*by_centre.checks, *trend.checks],
    }


def dashboard_ranking(filters: DashboardFilters, *, now: datetime) -> dict:
    """The agencies ranked by on-time rate, worst first, for the dashboard's period and filters
    (:func:`procedures.selectors.agency_ranking.agency_ranking`), each row with the links to
    its late and overdue dossiers and to the agency's own page. The figures (four runs of the
    statistics) are cached per filter set and day like the dashboard's; "overdue now" moves
    with the clock and is read on every page."""
    from procedures.selectors.agency_ranking import (
        agency_ranking_figures,
        agency_ranking_overdue_mark,
    )

    key = filters.cache_key("ranking", now.astimezone(TIME_ZONE).date().isoformat())
    ranking = cache.get(key)
    if ranking is None:
        ranking = agency_ranking_figures(
            date_from=filters.date_from,
            date_to=filters.date_to,
            level=int(filters.level) if filters.level else None,
            filters={"centre": filters.centre, "sector": filters.sector},
        )
        cache.set(key, ranking, CACHE_SECONDS)
    agency_ranking_overdue_mark(ranking, at=now)
    at = now.isoformat()
    page = {k: v for k, v in filters.as_params().items() if k not in ("level", "unit")}
    if filters.scope:
        # A leader limited to some units ranks those alone, beside the province's line (a
        # figure, not a list: the province's dossiers are not theirs to open).
        ranking.rows = [row for row in ranking.rows if row["key"] in filters.scope]
    for row in ranking.rows:
        links = figure_links(filters, unit=row["key"])
        row["late_link"] = links["resolved_late"]
        row["overdue_link"] = urlencode(_scope(filters, unit=row["key"], overdue_at=at))
        row["page_query"] = urlencode(page)
    return {
        "ranking": ranking,
        "province_late_link": "" if filters.scope else figure_links(filters)["resolved_late"],
        "province_overdue_link": "" if filters.scope else urlencode(_scope(filters, overdue_at=at)),
    }


# -- the charts --------------------------------------------------------------------------------

CHARTS = ("centres", "trend", "late")


def dashboard_chart(filters: DashboardFilters, name: str, fmt: str, *, now: datetime) -> bytes:
    """One chart of the dashboard as SVG or PNG, drawn once per filter set, chart, format,
    language (the labels and the numbers follow the reader's) and day, and served from the
    cache after: drawing takes 320–364 ms at 10.000.000 dossiers (issue 24), and the figures
    drawn (none of them "overdue now") change only when the roll-ups do, which forget the
    cache (:func:`dashboard_cache_invalidate`). Kept until the Vietnamese midnight at most."""
    from procedures.reports.charts import centre_on_time_chart, chart_bytes, late_chart, trend_chart

    if name not in CHARTS:
        raise ValueError(f"Unknown chart: {name}")
    day = now.astimezone(TIME_ZONE).date().isoformat()
    key = filters.cache_key("chart", name, fmt, get_language(), day)
    content = cache.get(key)
    if content is not None:
        return content
    data = _cached_figures(filters)
    axes = {"month": _("Month"), "count": _("Dossiers")}
    if name == "centres":
        figure = centre_on_time_chart(
            data["centres"],
            title=_("On-time rate by centre (worst first)"),
            empty_text=_("No dossier resolved in this period."),
            label=_("Resolved on time or early, as a percentage of those resolved"),
        )
    elif name == "trend":
        figure = trend_chart(
            data["months"],
            title=_("Dossiers received and resolved, by month"),
            empty_text=_("No dossier in this period."),
            labels={"received": _("Received"), "resolved": _("Resolved"), **axes},
        )
    else:
        figure = late_chart(
            data["months"],
            title=_("Dossiers resolved late, by month"),
            empty_text=_("No dossier in this period."),
            labels={**axes, "count": _("Dossiers resolved late")},
        )
    content = chart_bytes(figure, fmt)
    cache.set(key, content, seconds_left_today(now))
    return content


# -- the tables as files -----------------------------------------------------------------------

TABLES = ("centre", "sector", "procedure", "month", "desk")
TABLE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def dashboard_table(filters: DashboardFilters, dim: str, fmt: str) -> bytes:
    """The dashboard's table grouped by ``dim`` as CSV or XLSX, through the statistics' own
    export (:mod:`procedures.reports.statistics`: the API's rows, a totals line)."""
    from procedures.reports.statistics import statistics_csv, statistics_xlsx

    if dim not in TABLES or fmt not in TABLE_FORMATS:
        raise ValueError(f"Unknown table {dim}.{fmt}")
    answer = _statistics(filters, [dim])
    return statistics_csv(answer) if fmt == "csv" else statistics_xlsx(answer)
