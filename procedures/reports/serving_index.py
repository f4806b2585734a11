"""The serving index as a table to download (CSV, XLSX): one line per row and a line for the
province; per indicator its numerator, denominator, rate and points, "tạm tính" marked."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pandas as pd
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from procedures.reports.dashboard import CACHE_SECONDS, DashboardFilters
from procedures.reports.exports import frame_csv, frame_xlsx
from procedures.selectors.dossier_index_gaps import INDEX_GAPS, INDICATOR_GAPS
from procedures.selectors.serving_index import ServingIndex, serving_index
from procedures.selectors.statistics import GROUPINGS, rate_value


def points_label(points, provisional: bool) -> str:
    """Points as a reader sees them: 17,70 and "(tạm tính)" when the rule is provisional."""
    text = f"{points:.2f}".replace(".", ",")
    return f"{text} ({gettext('provisional')})" if provisional else text


def serving_index_table(index: ServingIndex) -> pd.DataFrame:
    lines = []
    if not index.applies:
        return pd.DataFrame([{gettext("Serving index"): index.reason}])
    rows = [*index.rows, None] if index.group_by else [None]
    for row in rows:
        source = row if row is not None else index.totals
        line = {}
        for dim in index.group_by:
            label = str(GROUPINGS[dim].label)
            line[f"{label} ({gettext('code')})"] = "" if row is None else row["key"][dim]
            line[label] = gettext("Province") if row is None else row["name"][dim]
        line[gettext("Total points")] = float(source["total_points"])
        if row is not None:
            line[gettext("Rank")] = row["rank"]
        for group in source["groups"].values():
            line[f"{group['name']} ({gettext('points')})"] = float(group["points"])
            for key, ind in group["indicators"].items():
                rate = rate_value(ind["rate"])
                line[f"{key}: {gettext('numerator')}"] = ind["numerator"]
                line[f"{key}: {gettext('denominator')}"] = ind["denominator"]
                line[f"{key}: {gettext('rate')}"] = float(rate) if rate is not None else None
                line[f"{key}: {gettext('points')}"] = float(ind["points"])
                line[f"{key}: {gettext('provisional')}"] = (
                    gettext("provisional") if ind["provisional"] else ""
                )
        lines.append(line)
    return pd.DataFrame(lines)


def serving_index_csv(index: ServingIndex) -> bytes:
    return frame_csv(serving_index_table(index))


def serving_index_xlsx(index: ServingIndex) -> bytes:
    period = gettext("From %(start)s to %(end)s") % {
        "start": date_format(index.date_from, "d/m/Y"),
        "end": date_format(index.date_to, "d/m/Y"),
    }
    return frame_xlsx(
        serving_index_table(index),
        sheet=gettext("Serving index"),
        title=gettext("Serving index of Decision 766/QĐ-TTg"),
        subtitle=period,
    )


def _month_bounds(first: date) -> tuple[date, date]:
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def indicator_link(key: str, *, date_from: date, date_to: date, scope: dict | None = None) -> str:
    """The dossier list's query behind an indicator's lost points, or "" for the catalogue's
    indicators (the reform officers' work list answers for those)."""
    gap_key = INDICATOR_GAPS.get(key)
    if gap_key is None:
        return ""
    gap = INDEX_GAPS[gap_key]
    params = {
        "index_gap": gap.key,
        f"{gap.anchor}_from": date_from.isoformat(),
        f"{gap.anchor}_to": date_to.isoformat(),
        **(scope or {}),
    }
    return urlencode(params)


def serving_index_dashboard(
    *, month: date, today: date, user=None, units: list[str] | tuple[str, ...] = ()
) -> dict:
    """The leader's view of the index: this month's score against last month's for the
    province and each group, each indicator with the link to what lost its points, and the
    agencies ranked worst first. ``month`` is the month's first day; the current month runs
    to ``today``. ``units``: a leader's scope (the codes they answer for), none for the
    province's readers."""
    filters = {"unit": list(units)} if units else None
    first, last = _month_bounds(month)
    last = min(last, today)
    previous_first, previous_last = _month_bounds((first - timedelta(days=1)).replace(day=1))
    current = serving_index(
        date_from=first, date_to=last, group_by="unit", filters=filters, user=user
    )
    if not current.applies:
        return {"applies": False, "reason": current.reason, "first": first, "last": last}
    earlier = serving_index(
        date_from=previous_first, date_to=previous_last, filters=filters, user=user
    )
    before = earlier.totals if earlier.applies else None
    groups = []
    for key, group in current.totals["groups"].items():
        then = before["groups"][key]["points"] if before else None
        indicators = [
            {
                "key": ind_key,
                **ind,
                "link": indicator_link(ind_key, date_from=first, date_to=last),
                "catalogue": ind_key not in INDICATOR_GAPS,
            }
            for ind_key, ind in group["indicators"].items()
        ]
        groups.append(
            {
                "key": key,
                **group,
                "indicators": indicators,
                "previous": then,
                "change": None if then is None else group["points"] - then,
            }
        )
    total_before = before["total_points"] if before else None
    agencies = sorted(current.rows, key=lambda r: (r["total_points"], str(r["name"]["unit"])))
    return {
        "applies": True,
        "first": first,
        "last": last,
        "previous_first": previous_first,
        "total": current.totals["total_points"],
        "previous_total": total_before,
        "change": None if total_before is None else current.totals["total_points"] - total_before,
        "provisional": current.totals["provisional"],
        "groups": groups,
        "agencies": [_agency(row, first, last) for row in agencies],
        "source": current.rules.path.name,
    }


def _agency(row: dict, first: date, last: date) -> dict:
    """An agency's line: its score, and the indicator that lost it the most points, one click
    from the dossiers behind it (the agency's own, by the dossier list's ``unit``)."""
    code = row["key"]["unit"]
    lost, key, indicator = max(
        (
            (ind["max_points"] - ind["points"], ind_key, ind)
            for g in row["groups"].values()
            for ind_key, ind in g["indicators"].items()
        ),
        key=lambda t: t[0],
    )
    return {
        **row,
        "code": code,
        "weakest": {"key": key, "lost": lost, **indicator},
        "weakest_link": indicator_link(key, date_from=first, date_to=last, scope={"unit": code}),
    }


def serving_index_summary(
    *, date_from: date, date_to: date, filters: dict | None = None, no_desk: bool = False
) -> dict:
    """The index as the administrative-reform report stores it (plain JSON): whether it
    applies, the total, and each group's and indicator's points, "provisional" kept."""
    index = serving_index(date_from=date_from, date_to=date_to, filters=filters)
    if not index.applies:
        return {"applies": False, "reason": index.reason}
    totals = index.totals
    if no_desk:  # a unit without a desk has no dossier: nothing to score
        return {"applies": True, "no_dossier": True}
    return {
        "applies": True,
        "decision": index.rules.decision,
        "total_points": str(totals["total_points"]),
        "provisional": totals["provisional"],
        "groups": [
            {
                "key": key,
                "name": group["name"],
                "points": str(group["points"]),
                "max_points": str(group["max_points"]),
                "provisional": group["provisional"],
                "indicators": [
                    {
                        "key": ind_key,
                        "name": ind["name"],
                        "numerator": ind["numerator"],
                        "denominator": ind["denominator"],
                        "points": str(ind["points"]),
                        "max_points": str(ind["max_points"]),
                        "provisional": ind["provisional"],
                    }
                    for ind_key, ind in group["indicators"].items()
                ],
            }
            for key, group in totals["groups"].items()
        ],
    }


def serving_index_report_rows(summary: dict) -> list[list]:
    """The report's table: one line per group then its indicators (name, numerator,
    denominator, points of max), "tạm tính" beside provisional points."""
    rows = []
    for group in summary.get("groups", []):
        rows.append(
            [group["name"], "", "", _points_of(group)],
        )
        for ind in group["indicators"]:
            rows.append(["— " + ind["name"], ind["numerator"], ind["denominator"], _points_of(ind)])
    if summary.get("groups"):
        rows.append(
            [
                gettext("Total"),
                "",
                "",
                points_label(Decimal(summary["total_points"]), summary["provisional"]) + "/100",
            ]
        )
    return rows


def serving_index_report_header() -> list[str]:
    return [
        gettext("Group / indicator"),
        gettext("Numerator"),
        gettext("Denominator"),
        gettext("Points"),
    ]


def _points_of(item: dict) -> str:
    max_points = Decimal(item["max_points"]).normalize()
    return f"{points_label(Decimal(item['points']), item['provisional'])}/{max_points:f}"


# How many of the worst agencies the dashboard's panel names (the page lists them all).
PANEL_AGENCIES = 3


def dashboard_serving_index(filters: DashboardFilters, *, today: date, user=None) -> dict:
    """The serving index's panel on the leader's dashboard: the month the dashboard's period
    ends in (to ``today``) against the month before, for the reader's scope (``user``: a
    leader limited to some units sees theirs, as ``filters.scope`` says), each group's points,
    the indicator that lost the most points one click from what lost them, and the worst
    agencies. Cached like the dashboard's other parts (per filter set, scope, day, language)."""
    month = filters.date_to.replace(day=1)
    key = filters.cache_key("serving-index", month.isoformat(), today.isoformat(), get_language())
    panel = cache.get(key)
    if panel is None:
        page = serving_index_dashboard(month=month, today=today, user=user, units=filters.scope)
        panel = _panel(page, month)
        cache.set(key, panel, CACHE_SECONDS)
    return panel


def _panel(page: dict, month: date) -> dict:
    panel = {"applies": page["applies"], "month": month, "first": page["first"]}
    panel["last"] = page["last"]
    if not page["applies"]:
        return panel | {"reason": str(page["reason"])}
    indicators = [i for g in page["groups"] for i in g["indicators"]]
    weakest = max(indicators, key=lambda i: i["max_points"] - i["points"])
    return panel | {
        "total": page["total"],
        "change": page["change"],
        "provisional": page["provisional"],
        "groups": [
            {k: g[k] for k in ("key", "name", "points", "max_points", "provisional", "change")}
            for g in page["groups"]
        ],
        "weakest": {
            k: weakest[k]
            for k in (
                *("key", "name", "numerator", "denominator", "points", "max_points"),
                *("provisional", "link", "catalogue"),
            )
        }
        | {"lost": weakest["max_points"] - weakest["points"]},
        "agencies": [
            {
                "code": a["code"],
                "name": str(a["name"]["unit"]),
                "total_points": a["total_points"],
                "provisional": a["provisional"],
            }
            for a in page["agencies"][:PANEL_AGENCIES]
        ],
        "agency_count": len(page["agencies"]),
    }
