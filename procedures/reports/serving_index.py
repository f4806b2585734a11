"""The serving index as a table to download (CSV, XLSX): one line per row and a line for the
province; per indicator its numerator, denominator, rate and points, "tạm tính" marked."""

import pandas as pd
from django.utils.formats import date_format
from django.utils.translation import gettext

from procedures.reports.exports import frame_csv, frame_xlsx
from procedures.selectors.serving_index import ServingIndex
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
