"""Thống kê hồ sơ, the one entry point: :func:`dossier_statistics` checks the question (period
and groupings), asks the roll-ups or else the dossiers for the counts of each sub-period and
group, and returns the rows with their names, rates, totals and checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from procedures.selectors.statistics.answer import DossierStatistics, statistics_checks, with_rates
from procedures.selectors.statistics.definitions import COUNT_KEYS, FLOW_KEYS
from procedures.selectors.statistics.direct import _direct_spans, dossiers_for_statistics
from procedures.selectors.statistics.rollups import rollup_counter
from procedures.selectors.statistics_groupings import GROUPINGS
from procedures.selectors.statistics_limits import period_problems


def dossier_statistics(
    *,
    date_from: date,
    date_to: date,
    group_by: Sequence[str] = (),
    filters: Mapping[str, object] | None = None,
    user=None,
    source: str = "auto",
) -> DossierStatistics:
    """Thống kê hồ sơ (form 06/VPCP/KSTT): the statistics of ``[date_from, date_to]`` (whole
    Vietnamese days) grouped by ``group_by`` (at most two names of :data:`GROUPINGS`), for the
    dossiers ``user`` may see (``None``: all) matching ``filters``.

    ``source`` is ``"auto"`` (the daily roll-ups when they cover the period and the groupings,
    else the dossiers), ``"direct"`` or ``"rollups"``.
    """
    group_by = tuple(group_by)
    _validate(date_from=date_from, date_to=date_to, group_by=group_by)
    base = dossiers_for_statistics(user=user, filters=filters)
    time_dims = [g for g in group_by if GROUPINGS[g].is_time]
    other = [GROUPINGS[g] for g in group_by if not GROUPINGS[g].is_time]

    counter, used = _direct_spans, "direct"
    if source != "direct":
        rollups_answer = rollup_counter(
            date_from=date_from, date_to=date_to, groupings=other, user=user, filters=filters
        )
        if rollups_answer is not None:
            counter, used = rollups_answer, "rollups"
        elif source == "rollups":
            raise ValidationError(gettext("The roll-ups do not cover this period or grouping."))

    spans = (
        [
            (b.key, b.name, b.first, b.last)
            for b in GROUPINGS[time_dims[0]].buckets(date_from, date_to)
        ]
        if time_dims
        else [(None, None, date_from, date_to)]
    )
    raw = []
    days = [(span[2], span[3]) for span in spans]
    answers = counter(spans=days, groupings=other, base=base)
    for (bucket_key, bucket_name, *_days), answer in zip(spans, answers, strict=True):
        for key, counts in answer.items():
            raw.append((bucket_key, bucket_name, key, counts))
    totals_counts = counter(spans=[(date_from, date_to)], groupings=(), base=base)[0]
    totals = with_rates(totals_counts.get((), {}))

    names = {
        g.name: g.describe(list({key[i] for _, _, key, _ in raw} - {None}), date_from, date_to)
        for i, g in enumerate(other)
    }
    entities = {
        g.name: g.entities(list({key[i] for _, _, key, _ in raw} - {None}))
        for i, g in enumerate(other)
        if g.entities
    }
    rows = []
    for bucket_key, bucket_name, key, counts in raw:
        row_key, row_name, row_entities = {}, {}, {}
        for dim in group_by:
            if GROUPINGS[dim].is_time:
                row_key[dim], row_name[dim] = bucket_key, bucket_name
                continue
            value = key[[g.name for g in other].index(dim)]
            row_key[dim], row_name[dim] = (
                names[dim].get(value, (value, str(value)))
                if value is not None
                else (None, gettext("(none)"))
            )
            if dim in entities and value is not None:
                row_entities[dim] = entities[dim].get(value)
        row = {"key": row_key, "name": row_name, **with_rates(counts)}
        if row_entities:
            row["entities"] = row_entities
        rows.append(row)
    if not group_by:
        rows = [{"key": {}, "name": {}, **totals}]
    rows.sort(key=lambda r: tuple(_sort_value(r, dim) for dim in group_by))
    additive = FLOW_KEYS if time_dims else COUNT_KEYS
    return DossierStatistics(
        date_from=date_from,
        date_to=date_to,
        group_by=group_by,
        rows=rows,
        totals=totals,
        checks=statistics_checks(rows, totals, additive_keys=additive),
        source=used,
    )


def _sort_value(row: dict, dim: str):
    if GROUPINGS[dim].is_time:
        return (row["key"][dim],)
    name = row["name"][dim]
    return (row["key"][dim] is None, str(name).casefold())


def _validate(*, date_from: date, date_to: date, group_by: tuple[str, ...]) -> None:
    errors = {}
    if date_from > date_to:
        errors["date_to"] = [gettext("The end of the period is before its start.")]
    unknown = [g for g in group_by if g not in GROUPINGS]
    if unknown:
        errors["group_by"] = [
            gettext("Unknown grouping %(names)s; choose among %(choices)s.")
            % {"names": ", ".join(unknown), "choices": ", ".join(GROUPINGS)}
        ]
    elif len(group_by) > 2:
        errors["group_by"] = [gettext("At most two groupings at once.")]
    elif len(set(group_by)) != len(group_by):
        errors["group_by"] = [gettext("A grouping is named twice.")]
    elif sum(GROUPINGS[g].is_time for g in group_by) > 1:
        errors["group_by"] = [gettext("At most one time grouping (month, quarter or year).")]
    if "date_to" not in errors:
        for name, messages in period_problems(date_from, date_to, group_by=group_by).items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
