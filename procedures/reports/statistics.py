"""The statistics as a table to download (CSV, XLSX): the same rows and totals as the API."""

import pandas as pd
from django.utils.formats import date_format
from django.utils.translation import gettext

from procedures.reports.exports import frame_csv, frame_xlsx
from procedures.selectors.statistics import (
    GROUPINGS,
    RATE_KEYS,
    STAT_KEYS,
    STAT_LABELS,
    DossierStatistics,
    rate_value,
)


def statistics_table(stats: DossierStatistics) -> pd.DataFrame:
    """One line per row, a line of totals; per grouping its code and name; rates as numbers
    with four decimals (what the API gives), headers in the reader's language."""
    lines = []
    for row in [*stats.rows, None] if stats.group_by else [None]:
        source = row if row is not None else stats.totals
        line = {}
        for dim in stats.group_by:
            label = str(GROUPINGS[dim].label)
            if row is None:
                line[f"{label} ({gettext('code')})"] = ""
                line[label] = gettext("Total")
            else:
                line[f"{label} ({gettext('code')})"] = row["key"][dim]
                line[label] = row["name"][dim]
        for key in STAT_KEYS:
            value = source[key]
            line[str(STAT_LABELS[key])] = (
                float(rate_value(value)) if key in RATE_KEYS and value is not None else value
            )
        lines.append(line)
    return pd.DataFrame(lines)


def _title(stats: DossierStatistics) -> tuple[str, str]:
    period = gettext("From %(start)s to %(end)s") % {
        "start": date_format(stats.date_from, "d/m/Y"),
        "end": date_format(stats.date_to, "d/m/Y"),
    }
    return gettext("Results of handling administrative procedure dossiers"), period


def statistics_csv(stats: DossierStatistics) -> bytes:
    return frame_csv(statistics_table(stats))


def statistics_xlsx(stats: DossierStatistics) -> bytes:
    title, period = _title(stats)
    return frame_xlsx(
        statistics_table(stats), sheet=gettext("Statistics"), title=title, subtitle=period
    )
