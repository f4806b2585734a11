"""Nguồn số liệu: for each figure of the administrative-reform report, the list on this installation
that gives it, with the report's period and filters. The dossier figures link to the dossier
list through the dashboard's one definition (``dashboard.figure_links``: received by moment of
receipt, resolved by moment of resolution, in progress and overdue at the end of the period);
the catalogue figures to the catalogue's changes of their kind in the period, the review figures
to the procedures reviewed in the period in their bucket, the procedures in force (all,
one-stop, interconnected) to the catalogue list on the period's last day, the one-stop coverage
to the units list on that day. A figure with no list that selects exactly what it counts has no
source rather than a wrong one."""

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from procedures.reports.dashboard import DashboardFilters, figure_links

# The keys of a statistics row that a link can reproduce (the 13 columns of form 06 and the
# dossiers received without a time limit).
LINKED_KEYS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "received_new",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "in_progress_total",
    "in_progress_within_time",
    "in_progress_overdue",
    "no_time_limit",
)


def _dossier_links(base: str, first: date, last: date, **scope) -> dict[str, str]:
    links = figure_links(DashboardFilters("range", first, last), **scope)
    url = base + reverse("dossier-list")
    return {key: f"{url}?{links[key]}" for key in LINKED_KEYS}


def admin_reform_sources(data: dict, *, base_url: str = "") -> dict:
    """The list URLs of ``data``'s figures, shaped like ``data``: ``sources["centres"][0]
    ["since_opening"]["resolved_late"]`` is the list behind ``data["centres"][0]
    ["since_opening"]["resolved_late"]``. ``base_url`` ("https://motcua.example.gov.vn") makes
    them absolute for the documents that leave the installation."""
    base = base_url.rstrip("/")
    first, last = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    period = {"date_from": first.isoformat(), "date_to": last.isoformat()}
    changes, reviewed = base + reverse("catalogue-changes"), base + reverse("reviewed-procedures")
    # The report's keys and the lists' kinds and buckets, where their names differ.
    change_kinds = {"published_national": "published"}
    buckets = {"cut_half": "half", "cut_third": "third", "cut_less": "less", "not_cut": "not_cut"}
    catalogue_list = base + reverse("catalogue-list")

    def in_force(level: int | None) -> dict:
        params = {"as_of": last.isoformat()}
        if level is not None:
            params["level"] = level
        one_stop = {**params, "is_one_stop": "true"}
        interconnected = {**params, "is_interconnected": "true"}
        return {
            "total": f"{catalogue_list}?{urlencode(params)}",
            "one_stop": f"{catalogue_list}?{urlencode(one_stop)}",
            "interconnected": f"{catalogue_list}?{urlencode(interconnected)}",
        }

    sources = {
        "catalogue": {
            key: f"{changes}?{urlencode({**period, 'kind': change_kinds.get(key, key)})}"
            for key in data["catalogue"]
        },
        "review": {
            # "reviewed" lists every bucket.
            key: f"{reviewed}?{urlencode({**period, 'bucket': buckets.get(key, '')})}"
            for key in data["review"]
        },
        "coverage": _coverage_links(base, last, data, in_force(None)["interconnected"]),
        "centres": [
            {
                "period": _dossier_links(base, first, last, centre=centre["code"]),
                "since_opening": _dossier_links(
                    base,
                    date.fromisoformat(centre["opened_on"]),
                    date.fromisoformat(centre["since_opening_to"]),
                    centre=centre["code"],
                ),
            }
            for centre in data["centres"]
        ],
        "in_force": [in_force(row["level"]) for row in data["in_force"]],
        "in_force_total": in_force(None),
    }
    # The form II.06a's totals row: one list over the centres (a dossier has one desk, so one
    # centre: the list's count is the sum of the rows).
    codes = [centre["code"] for centre in data["centres"]]
    sources["centres_total"] = _dossier_links(base, first, last, centre=codes) if codes else {}
    # A unit's report counts the dossiers of its desks in the period: its lists name them.
    desks = (data.get("unit") or {}).get("desks")
    if data.get("unit") and not desks:
        # No desk, no dossier: a link without the desk filter would list the province's.
        sources["sectors"] = [{} for _row in data["sectors"]]
        sources["sectors_total"] = {}
    else:
        scope = {"desk": desks} if data.get("unit") else {}
        sources["sectors"] = [
            _dossier_links(base, first, last, sector=row["code"], **scope)
            if row.get("code")
            else {}
            for row in data["sectors"]
        ]
        sources["sectors_total"] = _dossier_links(base, first, last, **scope)
    return sources


def _coverage_links(base: str, last: date, data: dict, interconnected: str) -> dict[str, str]:
    """The units list on the period's last day (under the report's unit when it has one), by
    kind and desk: the units each coverage figure counts."""
    units = base + reverse("unit-list")
    scope = {"as_of": last.isoformat()}
    if data.get("unit"):
        scope["within"] = data["unit"]["code"]

    def link(**extra) -> str:
        return f"{units}?{urlencode({**scope, **extra})}"

    return {
        "departments": link(kind="department", has_desk="true"),
        "districts": link(kind="district", has_desk="true"),
        "communes_with_desk": link(kind="commune", has_desk="true"),
        "communes": link(kind="commune"),
        "district_units": link(kind="district"),
        "interconnected_procedures": interconnected,
    }


def source_of(sources: dict | None, path: str) -> str:
    """The URL at ``path`` ("centres.0.since_opening.resolved_late"), or "" when none."""
    node = sources or {}
    for part in path.split("."):
        if isinstance(node, list):
            index = int(part) if part.isdigit() else -1
            node = node[index] if 0 <= index < len(node) else {}
        elif isinstance(node, dict):
            node = node.get(part, {})
        else:
            return ""
    return node if isinstance(node, str) else ""


def form_links(data: dict, form_code: str) -> tuple[list[list[str]], list[str]]:
    """The URLs behind the cells of a form's rows and totals, cell by cell as
    ``official_forms.form_*_rows`` lays them out ("" where no list gives the figure): "06"
    per sector, "06a" per centre for the period, "07b" per level."""
    from procedures.reports.official_forms import OUTSIDE_COLUMNS
    from procedures.selectors.statistics import FORM_06_KEYS

    sources = data.get("sources") or {}
    keys = FORM_06_KEYS + OUTSIDE_COLUMNS

    def dossier_row(links: dict) -> list[str]:
        return ["", ""] + [links.get(key, "") for key in keys]

    if form_code == "06":
        rows = [dossier_row(links) for links in sources.get("sectors", [])]
        return rows, dossier_row(sources.get("sectors_total", {}))
    if form_code == "06a":
        rows = [dossier_row(centre.get("period", {})) for centre in sources.get("centres", [])]
        return rows, dossier_row(sources.get("centres_total", {}))

    def level_row(links: dict) -> list[str]:
        return [
            "",
            "",
            links.get("total", ""),
            links.get("one_stop", ""),
            links.get("interconnected", ""),
        ]

    rows = [level_row(links) for links in sources.get("in_force", [])]
    return rows, level_row(sources.get("in_force_total", {}))
